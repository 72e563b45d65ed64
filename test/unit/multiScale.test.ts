/** SPEC.md section 5: the claims of hierarchical multi-scale attention, on the CPU backend, over three seeds, hum on and off. */
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {readFileSync} from "node:fs";
import {CLIP, MULTISCALE_MODEL_KEYS, MultiScaleTrainer, runMultiScale, type MultiScaleResult, type WindowGateOutcome} from "../../components/chapters/05-multi-scale/multiScale.js";
import {CellError, cellSource} from "../../components/editing/editableCells.js";
import {runEditedCell} from "../../components/editing/runEditedCell.js";
import {ParameterError} from "../../components/runtime/parameters.js";
import {useBackend} from "../../components/runtime/runtime.js";
import {TrainingLoop} from "../../components/runtime/trainingLoop.js";

const SEEDS = [1, 2, 3];
const results = new Map<number, MultiScaleResult>(); // SPEC's setting: 400 + 400 clips, the ambient hum on
const controls = new Map<number, MultiScaleResult>(); // the honest control: the same clips without the hum
const SMALL = {clips: 40, steps: 10}; // for the API and leak checks

before(async () => {
  await useBackend("cpu");
  for (const seed of SEEDS) {
    results.set(seed, await runMultiScale({seed}));
    controls.set(seed, await runMultiScale({seed, confound: 0}));
  }
});

test("each run trains all four models for 200 full-batch steps on 400 + 400 clips, and every loss falls", () => {
  for (const [seed, result] of [...results, ...controls]) {
    assert.equal(result.backend, "cpu");
    assert.equal(result.config.clips, 400);
    for (const model of MULTISCALE_MODEL_KEYS) {
      const losses = result.losses[model];
      assert.equal(losses.length, 200, `seed ${seed}, ${model}`);
      assert.ok(losses[199] < losses[0], `seed ${seed}, ${model}: the loss fell from ${losses[0]} to ${losses[199]}`);
    }
  }
});

test("with the hum, the learned gate beats static fusion by at least 0.07 on all test clips", () => {
  for (const [seed, {accuracy}] of results) {
    assert.ok(accuracy.gated.all >= accuracy.static.all + 0.07, `seed ${seed}: gated ${accuracy.gated.all}, static ${accuracy.static.all}`);
  }
});

test("the gate opens the short window for crashes and the long one for sentences (ḡ_crash − ḡ_sentence ≥ 0.5)", () => {
  for (const [seed, {gateMean}] of results) {
    assert.ok(gateMean.crash - gateMean.sentence >= 0.5, `seed ${seed}: ḡ_crash ${gateMean.crash}, ḡ_sentence ${gateMean.sentence}`);
  }
});

test("with the hum, the gated mixture of experts reaches 0.83 accuracy on all test clips", () => {
  for (const [seed, {accuracy}] of results) assert.ok(accuracy.gated.all >= 0.83, `seed ${seed}: gated ${accuracy.gated.all}`);
});

test("the hum is what breaks the long window: long only is near chance with it (≤ 0.6) and useful without it (≥ 0.75)", () => {
  for (const seed of SEEDS) {
    const [hum, clean] = [results.get(seed)!.accuracy.long.all, controls.get(seed)!.accuracy.long.all];
    assert.ok(hum <= 0.6, `seed ${seed}: long with the hum ${hum}`);
    assert.ok(clean >= 0.75, `seed ${seed}: long without the hum ${clean}`);
  }
});

test("honest control: without the hum the scales agree, static fusion catches up (≥ 0.9) and the gate's edge is gone (|gated − static| < 0.03)", () => {
  for (const [seed, {accuracy}] of controls) {
    assert.ok(accuracy.static.all >= 0.9, `seed ${seed}: static ${accuracy.static.all}`);
    assert.ok(accuracy.gated.all - accuracy.static.all < 0.07, `seed ${seed}: gated ${accuracy.gated.all}, static ${accuracy.static.all}`);
    assert.ok(Math.abs(accuracy.gated.all - accuracy.static.all) < 0.03, `seed ${seed}: gated ${accuracy.gated.all}, static ${accuracy.static.all}`);
  }
});

test("the same seed gives the same numbers, another seed different ones", async () => {
  assert.deepEqual(await runMultiScale({seed: 1}), results.get(1));
  assert.notDeepEqual(results.get(1)!.losses, results.get(2)!.losses);
});

test("create reports its progress; the test clips are balanced; a trace shows c_t, the best windows, the gate and the event", async () => {
  const fractions: number[] = [];
  (await MultiScaleTrainer.create({clips: 200, seed: 4}, {onProgress: (fraction) => fractions.push(fraction)})).dispose();
  assert.deepEqual(fractions, [0.5, 1], "a fraction of the training clips after each slice of 100; the test clips come on first use");
  const trainer = await MultiScaleTrainer.create({...SMALL, seed: 4});
  try {
    assert.equal(trainer.testClips.length, 40);
    for (const type of ["crash", "sentence"] as const) for (const match of [true, false]) {
      assert.equal(trainer.testClips.filter((clip) => clip.type === type && clip.match === match).length, 10, `${type}, match ${match}`);
    }
    await trainer.advance(SMALL.steps);
    assert.equal(trainer.step, SMALL.steps);
    assert.equal(trainer.snapshot().models.gated.losses.length, SMALL.steps);
    const evaluation = await trainer.evaluate();
    assert.equal(evaluation.gates.length, 40);
    for (const index of [0, 1, 2, 3]) {
      const trace = await trainer.trace(index);
      assert.deepEqual({type: trace.type, match: trace.match}, trainer.testClips[index]);
      assert.equal(trace.similarity.length, CLIP.frames);
      assert.ok(Math.abs(trace.gate - evaluation.gates[index].gate) < 1e-6);
      assert.ok(trace.gate > 0 && trace.gate < 1);
      for (const [window, w] of [[trace.short, CLIP.shortWindow], [trace.long, CLIP.longWindow]] as const) {
        const means = [...Array(CLIP.frames - w + 1).keys()].map((t) => trace.similarity.slice(t, t + w).reduce((a, b) => a + b, 0) / w);
        assert.ok(Number.isInteger(window.start) && window.start >= 0 && window.start <= CLIP.frames - w);
        assert.ok(Math.abs(window.value - means[window.start]) < 1e-4, `${w}-frame window mean ${window.value} vs ${means[window.start]}`);
        assert.ok(window.value >= Math.max(...means) - 1e-4, `the ${w}-frame window is the best one`);
      }
      if (trace.match) assert.equal(trace.event?.length, trace.type === "crash" ? 10 : 100);
      else assert.equal(trace.event, undefined);
    }
    await assert.rejects(() => trainer.trace(40), RangeError);
  } finally {
    trainer.dispose();
  }
});

test("no tensor is leaked by a full run, by a run stopped halfway, by a cancelled create, or by a dispose while the test clips are generated", async () => {
  const baseline = tf.memory().numTensors;
  await runMultiScale({...SMALL, seed: 5});
  assert.equal(tf.memory().numTensors, baseline);

  const trainer = await MultiScaleTrainer.create({clips: 40, seed: 6});
  const loop = new TrainingLoop(trainer);
  loop.subscribe(() => loop.stop()); // stop after the first chunk
  await loop.play();
  assert.equal(loop.state, "stopped");
  assert.ok(trainer.step < trainer.steps, "the stopped run did not finish");
  const trained = tf.memory().numTensors;
  await trainer.evaluate(); // generates the test clips: their inputs are the trainer's tensors from here on
  const tested = tf.memory().numTensors;
  assert.ok(tested > trained, "the test split's inputs were made on first use");
  await trainer.evaluate();
  await trainer.trace(0);
  assert.equal(tf.memory().numTensors, tested);
  trainer.dispose();
  assert.equal(tf.memory().numTensors, baseline);
  await assert.rejects(() => trainer.advance(1), /disposed/);

  const early = await MultiScaleTrainer.create({clips: 300, seed: 8});
  const evaluating = early.evaluate(); // generates the test clips, a slice at a time
  early.dispose();
  await assert.rejects(evaluating, (error: Error) => error.name === "AbortError" || /disposed/.test(error.message));
  assert.equal(tf.memory().numTensors, baseline);

  let slices = 0;
  const cancelled = MultiScaleTrainer.create({clips: 300, seed: 7}, {onProgress: () => ++slices, isCancelled: () => slices >= 2});
  await assert.rejects(cancelled, (error: Error) => error.name === "AbortError");
  assert.equal(slices, 2, "generation stopped at the first check after the cancel");
  assert.equal(tf.memory().numTensors, baseline);
  await assert.rejects(MultiScaleTrainer.create({}, {isCancelled: () => true}), (error: Error) => error.name === "AbortError");
  assert.equal(tf.memory().numTensors, baseline);
});

test("out-of-range settings are refused with a message naming them", async () => {
  await assert.rejects(() => MultiScaleTrainer.create({learningRate: 0}), ParameterError);
  await assert.rejects(() => MultiScaleTrainer.create({steps: 0}), /steps must be between 1 and 2000, not 0/);
  await assert.rejects(() => MultiScaleTrainer.create({clips: 30}), /clips per split must be between 40 and 1000, not 30/);
  await assert.rejects(() => MultiScaleTrainer.create({confound: 0.5}), ParameterError);
  await assert.rejects(() => runMultiScale({seed: -1}), ParameterError);
});

const gateCell = cellSource(readFileSync("components/chapters/05-multi-scale/cells/windowGate.js", "utf-8"));
const gateFails = (pattern: RegExp) => (error: unknown) => error instanceof CellError && error.kind === "shape" && pattern.test(error.message);
const CELL_RUN = {clips: 100, seed: 1}; // 100 + 100 clips, 200 steps: the gated model alone trains in about half a second
let originalGate: Promise<WindowGateOutcome> | undefined;
const withOriginalGate = () => (originalGate ??= runEditedCell("multiscale.gate", gateCell, CELL_RUN) as Promise<WindowGateOutcome>);

test("the gate cell as the page shows it trains the gated model to the course's numbers exactly (100 + 100 clips)", async () => {
  const same = await withOriginalGate();
  const course = await runMultiScale(CELL_RUN);
  assert.deepEqual(same.accuracy, course.accuracy.gated);
  assert.deepEqual(same.gateMean, course.gateMean);
  assert.deepEqual(same.losses, course.losses.gated);
});

test("the page's suggested edit, a constant gate g = 0.5 (a fixed blend of the two experts), loses the sentence clips the learned gate gets right", async () => {
  const constant = gateCell.replace("return tf.sigmoid(tf.add(score, w.c0));", "return tf.fill([phi.shape[0]], 0.5);");
  assert.notEqual(constant, gateCell);
  const learned = (await withOriginalGate()).accuracy;
  const {accuracy, gateMean} = (await runEditedCell("multiscale.gate", constant, CELL_RUN)) as WindowGateOutcome;
  assert.deepEqual(gateMean, {crash: 0.5, sentence: 0.5});
  assert.ok(accuracy.sentence <= learned.sentence - 0.15, `sentence: constant gate ${accuracy.sentence}, learned ${learned.sentence}`);
  assert.ok(accuracy.all <= learned.all - 0.07, `all: constant gate ${accuracy.all}, learned ${learned.all}`);
});

test("a gate of the wrong shape, or outside [0, 1], is stopped with a message that names it", async () => {
  const small = {clips: 40, steps: 2, seed: 1};
  await assert.rejects(runEditedCell("multiscale.gate", gateCell.replace("[-1]", "[-1, 1]"), small), gateFails(/^Your code returned a \[40, 1\] tensor, not \[40\]: one gate per clip\.$/));
  await assert.rejects(runEditedCell("multiscale.gate", gateCell.replace("tf.sigmoid(tf.add(score, w.c0))", "tf.add(score, 2)"), small), gateFails(/a gate of [\d.]+ for a test clip: .* must lie in \[0, 1\]/));
});

test("the page's suggested edits at its default settings (seed 1, 300 + 300 clips): a constant gate loses the sentences with the hum and matches the learned gate without it; a gate on the mean energy alone still scores ≥ 0.8", async () => {
  const page = {clips: 300, seed: 1};
  const constant = gateCell.replace("return tf.sigmoid(tf.add(score, w.c0));", "return tf.fill([phi.shape[0]], 0.5);");
  const energyOnly = gateCell.replace("tf.matMul(phi, w.u)", "tf.matMul(tf.slice(phi, [0, 1], [-1, 1]), tf.slice(w.u, [1, 0], [1, 1]))");
  assert.notEqual(constant, gateCell);
  assert.notEqual(energyOnly, gateCell);
  const run = async (source: string, confound: number) => ((await runEditedCell("multiscale.gate", source, {...page, confound})) as WindowGateOutcome).accuracy;
  const [learned, fixed] = [await run(gateCell, 1), await run(constant, 1)];
  assert.ok(learned.sentence >= 0.85 && fixed.sentence <= 0.65, `sentences with the hum: learned ${learned.sentence}, constant ${fixed.sentence}`);
  const [learnedClean, fixedClean] = [await run(gateCell, 0), await run(constant, 0)];
  assert.ok(Math.abs(learnedClean.all - fixedClean.all) <= 0.02, `all clips without the hum: learned ${learnedClean.all}, constant ${fixedClean.all}`);
  const energy = await run(energyOnly, 1);
  assert.ok(energy.all >= 0.8, `the mean-energy gate with the hum: ${energy.all}`);
});

test("with the hum, the long-window model is close to chance on crash clips (0.4–0.65)", () => {
  for (const [seed, {accuracy}] of results) {
    assert.ok(accuracy.long.crash >= 0.4 && accuracy.long.crash <= 0.65, `seed ${seed}: long on crashes ${accuracy.long.crash}`);
  }
});
