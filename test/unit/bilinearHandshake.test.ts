/** SPEC.md section 1: the claims of the shape-colour handshake, on the CPU backend, over four seeds. */
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {readFileSync} from "node:fs";
import {HandshakeTrainer, maxLossDifference, PUZZLE, runBilinearHandshake, type HandshakeCellResult, type HandshakeResult} from "../../components/chapters/01-bilinear-handshake/bilinearHandshake.js";
import {CellError, cellSource} from "../../components/editing/editableCells.js";
import {runEditedCell} from "../../components/editing/runEditedCell.js";
import {ParameterError} from "../../components/runtime/parameters.js";
import {useBackend} from "../../components/runtime/runtime.js";
import {TrainingLoop} from "../../components/runtime/trainingLoop.js";

const SEEDS = [1, 2, 3, 4];
const results = new Map<number, HandshakeResult>();

before(async () => {
  await useBackend("cpu");
  for (const seed of SEEDS) results.set(seed, await runBilinearHandshake({seed}));
});

for (const model of ["shape", "color", "concat"] as const) {
  test(`${model}: an additive model never beats ln 2 (loss ≥ ln 2 − 1e-4 at every step, seeds ${SEEDS})`, () => {
    for (const [seed, result] of results) {
      const lowest = Math.min(...result.models[model].losses);
      assert.ok(lowest >= Math.LN2 - 1e-4, `seed ${seed}: lowest loss ${lowest}`);
    }
  });

  test(`${model}: an additive model ends at the zero solution (|L200 − ln 2| < 1e-3, max |p − 0.5| < 0.01)`, () => {
    for (const [seed, result] of results) {
      const {losses, maxAbsPMinusHalf} = result.models[model];
      assert.equal(losses.length, 200);
      assert.ok(Math.abs(losses[199] - Math.LN2) < 1e-3, `seed ${seed}: L200 = ${losses[199]}`);
      assert.ok(maxAbsPMinusHalf < 0.01, `seed ${seed}: max |p − 0.5| = ${maxAbsPMinusHalf}`);
    }
  });
}

test("bilinear: 100% accuracy by step 10, L50 < 0.05 and L200 < 0.01", () => {
  for (const [seed, result] of results) {
    const {losses, firstPerfectStep, accuracy} = result.models.bilinear;
    assert.ok(firstPerfectStep !== null && firstPerfectStep <= 10, `seed ${seed}: first perfect step ${firstPerfectStep}`);
    assert.equal(accuracy, 1, `seed ${seed}`);
    assert.ok(losses[49] < 0.05, `seed ${seed}: L50 = ${losses[49]}`);
    assert.ok(losses[199] < 0.01, `seed ${seed}: L200 = ${losses[199]}`);
  }
});

test("bilinear: the learned W has the rule's sign pattern (positive diagonal, negative off it)", () => {
  for (const [seed, {bilinearW: [[cubeRed, cubeBlue], [sphereRed, sphereBlue]]}] of results) {
    assert.ok(cubeRed > 0 && sphereBlue > 0 && cubeBlue < 0 && sphereRed < 0, `seed ${seed}: W = ${[cubeRed, cubeBlue, sphereRed, sphereBlue]}`);
  }
});

test("a hidden layer also solves the puzzle: the tanh-MLP control reaches 100% accuracy", () => {
  for (const [seed, result] of results) assert.equal(result.models.mlp.accuracy, 1, `seed ${seed}`);
});

test("the same seed gives the same run, another seed a different one", async () => {
  const again = await runBilinearHandshake({seed: 1});
  assert.equal(maxLossDifference(again, results.get(1)!), 0);
  assert.ok(maxLossDifference(results.get(1)!, results.get(2)!) > 1e-3);
});

test("the WASM backend agrees with the CPU backend to 1e-4", async () => {
  await useBackend("wasm");
  try {
    const wasm = await runBilinearHandshake({seed: 1});
    assert.equal(wasm.backend, "wasm");
    assert.ok(maxLossDifference(wasm, results.get(1)!) < 1e-4);
  } finally {
    await useBackend("cpu");
  }
});

test("no tensor is leaked by a full run or by a run stopped halfway", async () => {
  const baseline = tf.memory().numTensors;
  await runBilinearHandshake({seed: 5, steps: 20});
  assert.equal(tf.memory().numTensors, baseline);
  const trainer = new HandshakeTrainer({seed: 6});
  const loop = new TrainingLoop(trainer);
  loop.subscribe(() => loop.stop()); // stop after the first chunk
  await loop.play();
  assert.equal(loop.state, "stopped");
  trainer.dispose();
  assert.equal(tf.memory().numTensors, baseline);
  assert.ok(trainer.step < trainer.steps, "the stopped run did not finish");
});

test("the editable score as the page shows it retrains the bilinear model exactly as the course does", async () => {
  const original = cellSource(readFileSync("components/chapters/01-bilinear-handshake/cells/bilinearScore.js", "utf-8"));
  const baseline = tf.memory().numTensors;
  const yours = (await runEditedCell("handshake.score", original, {seed: 2})) as HandshakeCellResult;
  assert.equal(tf.memory().numTensors, baseline);
  assert.deepEqual(yours.losses, results.get(2)!.models.bilinear.losses);
  assert.deepEqual(yours.W, results.get(2)!.bilinearW);
  assert.equal(yours.firstPerfectStep, results.get(2)!.models.bilinear.firstPerfectStep);
});

test("the score edited to a sum (tf.mul → tf.add) is additive: its loss never gets below ln 2", async () => {
  const original = cellSource(readFileSync("components/chapters/01-bilinear-handshake/cells/bilinearScore.js", "utf-8"));
  const edited = original.replace("tf.mul(sW, c)", "tf.add(sW, c)");
  assert.notEqual(edited, original);
  const yours = (await runEditedCell("handshake.score", edited, {seed: 1})) as HandshakeCellResult;
  assert.ok(Math.min(...yours.losses) >= Math.LN2 - 1e-4, `lowest loss ${Math.min(...yours.losses)}`);
  assert.ok(Math.abs(yours.losses[199] - Math.LN2) < 1e-3, `L200 = ${yours.losses[199]}`);
  assert.ok(Math.max(...yours.probabilities.map((p) => Math.abs(p - 0.5))) < 0.01, `p = ${yours.probabilities}`);
});

test("one product weight is enough: the score with W = w·I (w the top-left entry alone, plus the bias) gets all four right by step 30 and ends below loss 0.05 (seeds 1–4)", async () => {
  const original = cellSource(readFileSync("components/chapters/01-bilinear-handshake/cells/bilinearScore.js", "utf-8"));
  const edited = original.replace("tf.matMul(s, W)", "tf.matMul(s, tf.mul(tf.slice(W, [0, 0], [1, 1]), tf.eye(2)))");
  assert.notEqual(edited, original);
  for (const seed of SEEDS) {
    const yours = (await runEditedCell("handshake.score", edited, {seed})) as HandshakeCellResult;
    assert.ok(yours.firstPerfectStep !== null && yours.firstPerfectStep <= 30, `seed ${seed}: first perfect step ${yours.firstPerfectStep}`);
    assert.ok(yours.losses[yours.losses.length - 1] < 0.05, `seed ${seed}: final loss ${yours.losses[yours.losses.length - 1]}`);
  }
  // The three unused entries of W get no gradient, so Adam never moves them: they are the same after 1 step and after 200.
  const [one, all] = [(await runEditedCell("handshake.score", edited, {seed: 1, steps: 1})) as HandshakeCellResult, (await runEditedCell("handshake.score", edited, {seed: 1})) as HandshakeCellResult];
  assert.deepEqual([one.W[0][1], one.W[1][0], one.W[1][1]], [all.W[0][1], all.W[1][0], all.W[1][1]]);
  assert.notEqual(one.W[0][0], all.W[0][0]);
});

test("the bias-free one-weight score w(s₁ − s₂)(c₁ − c₂) is +w on the True objects and −w on the False ones", () => {
  for (const {s, c, y} of PUZZLE) assert.equal((s[0] - s[1]) * (c[0] - c[1]), y === 1 ? 1 : -1);
});

test("a score of the wrong shape, or one that is not a tensor, is named; no tensor is left behind", async () => {
  const original = cellSource(readFileSync("components/chapters/01-bilinear-handshake/cells/bilinearScore.js", "utf-8"));
  const baseline = tf.memory().numTensors;
  const failsWith = (pattern: RegExp) => (error: unknown) => error instanceof CellError && error.kind === "shape" && pattern.test(error.message);
  await assert.rejects(runEditedCell("handshake.score", original.replace("tf.sum(tf.mul(sW, c), 1)", "tf.mul(sW, c)"), {steps: 5}), failsWith(/^Your code returned a \[4, 2\] tensor, not \[4\]: one score per object/));
  await assert.rejects(runEditedCell("handshake.score", original.replace("return tf.add(", "return 1 + tf.add("), {steps: 5}), failsWith(/^Your code returned a string, not a tensor of shape \[4\]/));
  assert.equal(tf.memory().numTensors, baseline);
});

test("out-of-range settings are refused with a message naming them", () => {
  assert.throws(() => new HandshakeTrainer({learningRate: 0}), ParameterError);
  assert.throws(() => new HandshakeTrainer({steps: 0}), /steps must be between 1 and 2000, not 0/);
});
