/** SPEC.md section 2: the claims of the loud-frame experiment, on the CPU backend, over four seeds. */
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {readFileSync} from "node:fs";
import {LOUD_FRAME_GAINS, LOUD_FRAME_MODEL_KEYS, LoudFrameTrainer, runLoudFrame, CLIP_SIZES, type LoudFrameCellResult, type LoudFrameResult} from "../../components/chapters/02-loud-frame/loudFrame.js";
import {CellError, cellSource} from "../../components/editing/editableCells.js";
import {runEditedCell} from "../../components/editing/runEditedCell.js";
import {ParameterError} from "../../components/runtime/parameters.js";
import {useBackend} from "../../components/runtime/runtime.js";
import {TrainingLoop} from "../../components/runtime/trainingLoop.js";

const SEEDS = [1, 2, 3, 4];
const results = new Map<number, LoudFrameResult>();
const at = (result: LoudFrameResult, gain: number) => result.gains.indexOf(gain);
const loudGains = (minimum: number) => LOUD_FRAME_GAINS.filter((gain) => gain >= minimum);

before(async () => {
  await useBackend("cpu");
  for (const seed of SEEDS) results.set(seed, await runLoudFrame({seed}));
});

test("the run trains every model for 100 steps and sweeps the gains 0, 1, 2, 4, 8, 16, 64", () => {
  for (const [seed, result] of results) {
    assert.deepEqual(result.gains, [0, 1, 2, 4, 8, 16, 64]);
    assert.equal(result.backend, "cpu");
    for (const model of LOUD_FRAME_MODEL_KEYS) {
      assert.equal(result.losses[model].length, 100, `seed ${seed}, ${model}`);
      assert.ok(result.losses[model][99] < result.losses[model][0], `seed ${seed}, ${model}: the loss fell`);
    }
  }
});

test("dot: a loud partial match hijacks attention (mass(16) < 0.01, accuracy(γ ≥ 4) ≤ 0.05)", () => {
  for (const [seed, result] of results) {
    const mass16 = result.dot.mass[at(result, 16)];
    assert.ok(mass16 < 0.01, `seed ${seed}: mass(16) = ${mass16}`);
    for (const gain of loudGains(4)) {
      const accuracy = result.dot.accuracy[at(result, gain)];
      assert.ok(accuracy <= 0.05, `seed ${seed}: accuracy(${gain}) = ${accuracy}`);
    }
  }
});

test("additive: tanh bounds the loud frame's score (mass(64) ≥ 0.5 and ≥ mass_dot(64) + 0.5)", () => {
  for (const [seed, result] of results) {
    const additive = result.additive.mass[at(result, 64)];
    const dot = result.dot.mass[at(result, 64)];
    assert.ok(additive >= 0.5, `seed ${seed}: additive mass(64) = ${additive}`);
    assert.ok(additive >= dot + 0.5, `seed ${seed}: additive mass(64) = ${additive}, dot mass(64) = ${dot}`);
  }
});

test("additive: the worst gain is a moderate one (the lowest mass over γ ≥ 1 is at γ = 2, seeds 1–4)", () => {
  for (const [seed, result] of results) {
    const masses = loudGains(1).map((gain) => result.additive.mass[at(result, gain)]);
    assert.equal(loudGains(1)[masses.indexOf(Math.min(...masses))], 2, `seed ${seed}: additive mass ${result.additive.mass}`);
  }
});

test("LN-dot: attention is gain-invariant (|mass(γ) − mass(1)| < 1e-3 for γ ≥ 1) and mass ≥ 0.95", () => {
  for (const [seed, result] of results) {
    const reference = result.layernorm.mass[at(result, 1)];
    for (const gain of loudGains(1)) {
      const mass = result.layernorm.mass[at(result, gain)];
      assert.ok(Math.abs(mass - reference) < 1e-3, `seed ${seed}: mass(${gain}) = ${mass}, mass(1) = ${reference}`);
    }
    for (const [i, mass] of result.layernorm.mass.entries()) assert.ok(mass >= 0.95, `seed ${seed}: mass(${result.gains[i]}) = ${mass}`);
  }
});

test("broadband control: a loud flat frame does not hijack the trained dot model (mass ≥ 0.95 at every γ)", () => {
  for (const [seed, result] of results) {
    for (const [i, mass] of result.broadband.dot.mass.entries()) assert.ok(mass >= 0.95, `seed ${seed}: mass(${result.gains[i]}) = ${mass}`);
  }
});

test("the same seed gives the same run, another seed a different one", async () => {
  const again = await runLoudFrame({seed: 1});
  assert.deepEqual(again, results.get(1));
  assert.notDeepEqual(results.get(1)!.losses, results.get(2)!.losses);
});

test("the gain is the only thing that changes: a test clip is the same at every gain but for its loud frame", async () => {
  const trainer = new LoudFrameTrainer({seed: 7, steps: 5});
  try {
    await trainer.advance(5);
    const clean = await trainer.clip(3, 0);
    assert.equal(clean.loud, null);
    assert.equal(clean.frames.length, CLIP_SIZES.frames);
    assert.equal(clean.frames[0].length, CLIP_SIZES.bins);
    const [one, big, flat] = [await trainer.clip(3, 1), await trainer.clip(3, 16), await trainer.clip(3, 16, {broadband: true})];
    const loud = one.loud!;
    assert.ok(loud !== null && loud !== one.target);
    for (const view of [one, big, flat]) {
      assert.equal(view.loud, loud);
      assert.equal(view.target, clean.target);
      assert.equal(view.word, clean.word);
      for (let t = 0; t < CLIP_SIZES.frames; ++t) if (t !== loud) assert.deepEqual(view.frames[t], clean.frames[t]);
      for (const model of LOUD_FRAME_MODEL_KEYS) assert.ok(Math.abs(view.weights[model].reduce((a, b) => a + b, 0) - 1) < 1e-5);
    }
    for (let d = 0; d < CLIP_SIZES.bins; ++d) assert.ok(Math.abs(big.frames[loud][d] - 16 * one.frames[loud][d]) < 1e-4);
    const sweep = await trainer.sweep([0, 16]);
    assert.deepEqual(sweep.gains, [0, 16]);
    await assert.rejects(() => trainer.sweep([-1]), RangeError);
  } finally {
    trainer.dispose();
  }
});

test("no tensor is leaked by a full run, by a sweep, or by a run stopped halfway", async () => {
  const baseline = tf.memory().numTensors;
  await runLoudFrame({seed: 5, steps: 10});
  assert.equal(tf.memory().numTensors, baseline);
  const trainer = new LoudFrameTrainer({seed: 6});
  const loop = new TrainingLoop(trainer);
  loop.subscribe(() => loop.stop()); // stop after the first chunk
  await loop.play();
  assert.equal(loop.state, "stopped");
  const during = tf.memory().numTensors;
  await trainer.sweep();
  await trainer.clip(0, 4);
  assert.equal(tf.memory().numTensors, during);
  trainer.dispose();
  assert.equal(tf.memory().numTensors, baseline);
  assert.ok(trainer.step < trainer.steps, "the stopped run did not finish");
  await assert.rejects(() => trainer.advance(1), /disposed/);
});

const dotScore = () => cellSource(readFileSync("components/chapters/02-loud-frame/cells/dotScore.js", "utf-8"));

test("the editable dot score as the page shows it retrains the dot model exactly as the course does", async () => {
  const baseline = tf.memory().numTensors;
  const yours = (await runEditedCell("loudFrame.score", dotScore(), {seed: 3})) as LoudFrameCellResult;
  assert.equal(tf.memory().numTensors, baseline);
  const course = results.get(3)!;
  assert.deepEqual(yours.gains, course.gains);
  assert.deepEqual(yours.losses, course.losses.dot);
  assert.deepEqual([yours.mass, yours.accuracy, yours.broadbandMass], [course.dot.mass, course.dot.accuracy, course.broadband.dot.mass]);
});

test("the dot score on unit-norm keys is gain-invariant (no hijack at any γ), and 1/√d does not help", async () => {
  const original = dotScore();
  const unitKeys = original.replace("return tf.sum(tf.mul(frames,", 'const keys = tf.div(frames, tf.norm(frames, "euclidean", 2, true)); // a_t / ‖a_t‖: [N, 6, 16]\n  return tf.sum(tf.mul(keys,');
  assert.notEqual(unitKeys, original);
  const normed = (await runEditedCell("loudFrame.score", unitKeys, {seed: 1})) as LoudFrameCellResult;
  const reference = normed.mass[normed.gains.indexOf(1)];
  for (const gain of loudGains(1)) assert.ok(Math.abs(normed.mass[normed.gains.indexOf(gain)] - reference) < 1e-3, `mass ${normed.mass}`);
  assert.ok(normed.accuracy.every((accuracy) => accuracy >= 0.95), `accuracy ${normed.accuracy}`);
  assert.ok(reference > 0.6 && reference < 0.72, `flat at about two thirds: mass(1) = ${reference}`); // the partial match is 45° from the word's template
  const scaled = original.replace("return tf.sum(tf.mul(frames, tf.expandDims(u, 1)), 2);", "return tf.div(tf.sum(tf.mul(frames, tf.expandDims(u, 1)), 2), Math.sqrt(16));");
  assert.notEqual(scaled, original);
  const sqrtD = (await runEditedCell("loudFrame.score", scaled, {seed: 1})) as LoudFrameCellResult;
  assert.ok(sqrtD.mass[sqrtD.gains.indexOf(16)] < 0.01, `1/√d: mass(16) = ${sqrtD.mass[sqrtD.gains.indexOf(16)]}`);
});

test("a score of the wrong shape is named in words, and no tensor is left behind", async () => {
  const baseline = tf.memory().numTensors;
  const wrong = dotScore().replace("return tf.sum(tf.mul(frames, tf.expandDims(u, 1)), 2);", "return tf.mul(frames, tf.expandDims(u, 1));");
  await assert.rejects(runEditedCell("loudFrame.score", wrong, {steps: 3}), (error) => error instanceof CellError && error.kind === "shape" && /^Your code returned a \[200, 6, 16\] tensor, not \[200, 6\]: one score per frame of each clip/.test(error.message));
  assert.equal(tf.memory().numTensors, baseline);
});

test("out-of-range settings are refused with a message naming them", () => {
  assert.throws(() => new LoudFrameTrainer({learningRate: 0}), ParameterError);
  assert.throws(() => new LoudFrameTrainer({steps: 0}), /steps must be between 1 and 1000, not 0/);
  assert.throws(() => new LoudFrameTrainer({seed: 1.5}), ParameterError);
});
