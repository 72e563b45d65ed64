/** SPEC.md section 4: the claims of the channel-attention experiment, on the CPU backend, over three seeds. */
import assert from "node:assert/strict";
import {after, before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {CHANNEL_MODEL_KEYS, CHANNEL_MODELS, CHANNEL_SIZES, ChannelTrainer, idealisedConcatAccuracy, makeChannelExamples, runChannel, SQUEEZED_NOISE_STD, squeezedBlob, type ChannelResult, type ChannelSnapshot} from "../../components/chapters/04-channel-attention/channelAttention.js";
import {readFileSync} from "node:fs";
import {type ChannelCellResult} from "../../components/chapters/04-channel-attention/channelAttention.js";
import {CellError, cellSource} from "../../components/editing/editableCells.js";
import {runEditedCell} from "../../components/editing/runEditedCell.js";
import {ParameterError} from "../../components/runtime/parameters.js";
import {mulberry32} from "../../components/runtime/prng.js";
import {useBackend} from "../../components/runtime/runtime.js";
import {TrainingLoop} from "../../components/runtime/trainingLoop.js";

const SEEDS = [1, 2, 3];
const results = new Map<number, ChannelResult>();
const snapshots = new Map<number, ChannelSnapshot>(); // the last one runChannel's onStep saw
let trained: ChannelTrainer; // seed 1, trained to the end and kept for gates()
const argmax = (values: number[]) => values.indexOf(Math.max(...values));

before(async () => {
  await useBackend("cpu");
  trained = new ChannelTrainer({seed: SEEDS[0]});
  await trained.advance(trained.steps);
  results.set(SEEDS[0], await trained.result());
  snapshots.set(SEEDS[0], trained.snapshot());
  for (const seed of SEEDS.slice(1)) results.set(seed, await runChannel({seed}, (snapshot) => snapshots.set(seed, snapshot)));
});

after(() => trained.dispose());

test("the numbers of every seed, per model: train / test accuracy of the final weights", (t) => {
  for (const [seed, result] of results) {
    t.diagnostic(`seed ${seed}: ${CHANNEL_MODEL_KEYS.map((m) => `${m} ${result.trainAccuracy[m].toFixed(3)}/${result.testAccuracy[m].toFixed(3)}`).join(", ")}`);
  }
});

test("every model takes 200 full-batch steps, recording loss and train and test accuracy at each", () => {
  for (const [seed, snapshot] of snapshots) {
    assert.equal(snapshot.step, 200, `seed ${seed}`);
    assert.equal(snapshot.backend, "cpu");
    for (const model of CHANNEL_MODEL_KEYS) {
      const {losses, trainAccuracy, testAccuracy} = snapshot.models[model];
      assert.deepEqual([losses.length, trainAccuracy.length, testAccuracy.length], [200, 200, 200], `seed ${seed}, ${model}`);
      assert.ok(losses[199] < losses[0], `seed ${seed}, ${model}: the loss fell from ${losses[0]} to ${losses[199]}`);
      assert.deepEqual(results.get(seed)!.losses[model], losses);
    }
  }
});

test("the data: maps [8][8][8], 3 blob channels, c* present iff the label is 1, and exactly balanced splits", () => {
  const examples = makeChannelExamples(CHANNEL_SIZES.test, mulberry32(11));
  assert.equal(examples.filter((e) => e.label === 1).length, CHANNEL_SIZES.test / 2);
  for (const {maps, concept, label, blobs} of examples) {
    assert.deepEqual([maps.length, maps[0].length, maps[0][0].length], [8, 8, 8]);
    assert.equal(new Set(blobs).size, CHANNEL_SIZES.blobs);
    assert.equal(blobs.includes(concept), label === 1);
  }
  assert.equal(trained.testExamples.length, CHANNEL_SIZES.test);
  assert.equal(trained.testExamples.filter((e) => e.label === 1).length, CHANNEL_SIZES.test / 2);
});

test("models without text (GAP + linear, SE self-gating) and concat [z; t] + linear stay at chance: test accuracy ≤ 0.56", () => {
  for (const [seed, result] of results) {
    for (const model of ["gap", "se", "concat"] as const) {
      assert.ok(result.testAccuracy[model] <= 0.56, `seed ${seed}, ${model}: test accuracy ${result.testAccuracy[model]}`);
    }
  }
  assert.deepEqual(CHANNEL_MODEL_KEYS.filter((m) => !CHANNEL_MODELS[m].text), ["gap", "se"]);
});

test("the text-SE bottleneck learns the product only in part and overfits: train 0.85–0.95, test 0.75–0.85, train − test ≥ 0.05", () => {
  for (const [seed, {trainAccuracy, testAccuracy}] of results) {
    const [train, test] = [trainAccuracy.textSe, testAccuracy.textSe];
    assert.ok(train >= 0.85 && train <= 0.95, `seed ${seed}: train ${train}`);
    assert.ok(test >= 0.75 && test <= 0.85, `seed ${seed}: test ${test}`);
    assert.ok(train - test >= 0.05, `seed ${seed}: train ${train}, test ${test}`);
  }
});

test("a linear head on [z; t] is not forced to chance: on idealised maps, reading channel 1 alone scores 9/16, weights 1, 2, …, 128 score 0.625", () => {
  const C = CHANNEL_SIZES.channels;
  assert.ok(Math.abs(idealisedConcatAccuracy(Array.from({length: C}, (_, c) => (c === 0 ? 1 : 0))) - 9 / 16) < 1e-12);
  assert.ok(Math.abs(idealisedConcatAccuracy(Array.from({length: C}, (_, c) => 2 ** c)) - 0.625) < 1e-12);
  assert.ok(Math.abs(idealisedConcatAccuracy([1, 1, 0, 0, 0, 0, 0, 0]) - 4 / 7) < 1e-12, "channels 1 and 2 together: 4/7");
  for (const weights of [new Array(C).fill(0), new Array(C).fill(1)]) assert.ok(Math.abs(idealisedConcatAccuracy(weights) - 0.5) < 1e-12, "z's total is always 3: equal weights carry nothing");
  assert.throws(() => idealisedConcatAccuracy([1, 2]), RangeError);
});

test("on the real, noisy maps too, the one-channel head (bias fitted on a training split) beats chance on a test split: ≥ 0.55", () => {
  const z1 = (e: {maps: number[][][]}) => e.maps[0].flat().reduce((a, b) => a + b, 0); // channel 1's sum: its GAP up to a scale
  const [train, test] = [makeChannelExamples(2048, mulberry32(21)), makeChannelExamples(2048, mulberry32(22))];
  // concept 1: the best threshold on channel 1 from the training split; every other concept: the constant answer that the training split favours
  const askedAbout1 = train.filter((e) => e.concept === 0);
  const thresholds = askedAbout1.map(z1).sort((a, b) => a - b);
  const accuracyAt = (threshold: number) => askedAbout1.filter((e) => (z1(e) > threshold ? 1 : 0) === e.label).length;
  const threshold = thresholds.reduce((best, t) => (accuracyAt(t) > accuracyAt(best) ? t : best), thresholds[0]);
  const others = train.filter((e) => e.concept !== 0);
  const constant = others.filter((e) => e.label === 1).length >= others.length / 2 ? 1 : 0;
  const accuracy = test.filter((e) => (e.concept === 0 ? (z1(e) > threshold ? 1 : 0) : constant) === e.label).length / test.length;
  assert.ok(accuracy >= 0.55, `the one-channel head on a fresh test split: ${accuracy}`);
});

test("what the page says a channel reads after the squeeze: about 0.89 for a blob in a corner, 2.18 in the middle (the extremes), noise of std 0.125", () => {
  const middle = (CHANNEL_SIZES.size - 1) / 2;
  assert.ok(Math.abs(squeezedBlob(0, 0) - 0.885) < 0.005, `corner: ${squeezedBlob(0, 0)}`);
  assert.ok(Math.abs(squeezedBlob(middle, middle) - 2.18) < 0.005, `middle: ${squeezedBlob(middle, middle)}`);
  for (const [cy, cx] of [[0, 3.5], [1.7, 6.2], [7, 7], [3, 4]]) assert.ok(squeezedBlob(cy, cx) >= squeezedBlob(0, 0) && squeezedBlob(cy, cx) <= squeezedBlob(middle, middle), `(${cy}, ${cx})`);
  assert.ok(Math.abs(SQUEEZED_NOISE_STD - 0.125) < 1e-12);
  // The examples' blob channels read the noise-free value plus the noise: the noise-free part of z is the page's squeezedBlob.
  const [example] = makeChannelExamples(1, mulberry32(5));
  const z = (c: number) => (10 * example.maps[c].flat().reduce((a, b) => a + b, 0)) / CHANNEL_SIZES.size ** 2;
  for (const c of example.blobs) assert.ok(z(c) > squeezedBlob(0, 0) - 5 * SQUEEZED_NOISE_STD && z(c) < squeezedBlob(middle, middle) + 5 * SQUEEZED_NOISE_STD, `channel ${c}: ${z(c)}`);
});

test("the text gate σ(W_t t + b) and FiLM solve it: test accuracy ≥ 0.95", () => {
  for (const [seed, result] of results) {
    for (const model of ["textGate", "film"] as const) {
      assert.ok(result.testAccuracy[model] >= 0.95, `seed ${seed}, ${model}: test accuracy ${result.testAccuracy[model]}`);
    }
  }
});

test("the text gate learns to open the concept's channel: its gate is highest on channel c*", async () => {
  for (const [seed, {gates}] of results) {
    assert.equal(gates.example, 0);
    assert.equal(argmax(gates.textGate), gates.concept, `seed ${seed}: gate ${gates.textGate.map((s) => s.toFixed(2))}, c* = ${gates.concept}`);
    for (const key of ["se", "textGate", "film", "textSe"] as const) assert.equal(gates[key].length, CHANNEL_SIZES.channels);
  }
  for (let concept = 0; concept < CHANNEL_SIZES.channels; ++concept) {
    const gate = await trained.gates("textGate", 0, concept);
    assert.equal(argmax(gate), concept, `concept ${concept}: gate ${gate.map((s) => s.toFixed(2))}`);
    assert.deepEqual(await trained.gates("textGate", 7, concept), gate, "σ(W_t t + b) depends on the text only");
  }
  assert.deepEqual(await trained.gates("textGate", 0), results.get(1)!.gates.textGate);
});

test("the same seed gives the same numbers, however the steps are chunked; another seed gives others", async () => {
  const first = await runChannel({seed: 4, steps: 12});
  assert.deepEqual(await runChannel({seed: 4, steps: 12}), first);
  const chunked = new ChannelTrainer({seed: 4, steps: 12});
  try {
    await chunked.advance(5);
    await chunked.advance(100); // only the 7 left are taken
    assert.equal(chunked.step, 12);
    assert.deepEqual(await chunked.result(), first);
  } finally {
    chunked.dispose();
  }
  assert.notDeepEqual((await runChannel({seed: 5, steps: 12})).losses, first.losses);
});

test("no tensor is leaked by a full run, by gates() and result(), or by a run stopped halfway", async () => {
  const baseline = tf.memory().numTensors;
  await runChannel({seed: 6, steps: 5});
  assert.equal(tf.memory().numTensors, baseline);
  const trainer = new ChannelTrainer({seed: 7, steps: 50});
  const loop = new TrainingLoop(trainer);
  loop.subscribe(() => loop.stop()); // stop after the first chunk
  await loop.play();
  assert.equal(loop.state, "stopped");
  assert.ok(trainer.step > 0 && trainer.step < trainer.steps, `the stopped run took ${trainer.step} of ${trainer.steps} steps`);
  const during = tf.memory().numTensors;
  await trainer.gates("se", 3);
  await trainer.gates("film", 3, 5);
  await trainer.result();
  assert.equal(tf.memory().numTensors, during);
  trainer.dispose();
  assert.equal(tf.memory().numTensors, baseline);
  await assert.rejects(() => trainer.advance(1), /disposed/);
  await assert.rejects(() => trainer.gates("textGate", 0), /disposed/);
});

const textGate = () => cellSource(readFileSync("components/chapters/04-channel-attention/cells/textGate.js", "utf-8"));

test("the editable text gate as the page shows it retrains the text-gate model exactly as the course does", async () => {
  const baseline = tf.memory().numTensors;
  const yours = (await runEditedCell("channel.gate", textGate(), {seed: 2, steps: 60})) as ChannelCellResult; // the first 60 of the course's 200 steps
  assert.equal(tf.memory().numTensors, baseline);
  const {losses, trainAccuracy, testAccuracy} = snapshots.get(2)!.models.textGate;
  assert.deepEqual([yours.losses, yours.trainAccuracy, yours.testAccuracy], [losses, trainAccuracy, testAccuracy].map((trace) => trace.slice(0, 60)));
  yours.gatesByConcept.forEach((gate, concept) => assert.equal(argmax(gate), concept, `concept ${concept}: gate ${gate}`));
});

test("a gate that ignores the text, σ(b), is the same for every concept and stays at chance (test accuracy ≤ 0.56)", async () => {
  const edited = textGate().replace("tf.matMul(text, Wt)", "tf.zerosLike(text)");
  assert.notEqual(edited, textGate());
  const yours = (await runEditedCell("channel.gate", edited, {seed: 1, steps: 100})) as ChannelCellResult;
  assert.ok(yours.testAccuracy[yours.steps - 1] <= 0.56, `test accuracy ${yours.testAccuracy[yours.steps - 1]}`);
  for (const gate of yours.gatesByConcept) assert.deepEqual(gate, yours.gatesByConcept[0]);
});

test("the page's other suggested edit, a softmax gate (channels compete for one unit of gate), still solves it: test accuracy ≥ 0.95", async () => {
  const edited = textGate().replace("tf.sigmoid", "tf.softmax");
  assert.notEqual(edited, textGate());
  const yours = (await runEditedCell("channel.gate", edited, {seed: 1})) as ChannelCellResult;
  assert.ok(yours.testAccuracy[yours.steps - 1] >= 0.95, `test accuracy ${yours.testAccuracy[yours.steps - 1]}`);
  for (const gate of yours.gatesByConcept) assert.ok(Math.abs(gate.reduce((a, b) => a + b, 0) - 1) < 1e-5, "softmax gates sum to 1");
});

test("a gate of the wrong shape is named in words, and no tensor is left behind", async () => {
  const baseline = tf.memory().numTensors;
  const oneGate = textGate().replace("return tf.sigmoid(tf.add(tf.matMul(text, Wt), b));", "return tf.max(tf.sigmoid(tf.add(tf.matMul(text, Wt), b)), 1);");
  await assert.rejects(runEditedCell("channel.gate", oneGate, {steps: 3}), (error) => error instanceof CellError && error.kind === "shape" && /^Your code returned a \[512\] tensor, not \[512, 8\]: one gate per channel of each example/.test(error.message));
  assert.equal(tf.memory().numTensors, baseline);
});

test("bad settings and bad gate requests are refused with a message naming them", async () => {
  assert.throws(() => new ChannelTrainer({learningRate: 0}), ParameterError);
  assert.throws(() => new ChannelTrainer({steps: 0}), /steps must be between 1 and 2000, not 0/);
  assert.throws(() => new ChannelTrainer({seed: 1.5}), ParameterError);
  await assert.rejects(() => trained.gates("textGate", CHANNEL_SIZES.test), RangeError);
  await assert.rejects(() => trained.gates("textGate", 0, 8), RangeError);
  await assert.rejects(() => trained.gates("gap" as "se", 0), RangeError);
});
