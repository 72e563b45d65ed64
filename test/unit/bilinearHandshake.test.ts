/** SPEC.md section 1: the claims of the shape-colour handshake, on the CPU backend, over four seeds. */
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {HandshakeTrainer, maxLossDifference, runBilinearHandshake, type HandshakeResult} from "../../components/bilinearHandshake.js";
import {ParameterError} from "../../components/parameters.js";
import {useBackend} from "../../components/runtime.js";
import {TrainingLoop} from "../../components/trainingLoop.js";

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

test("out-of-range settings are refused with a message naming them", () => {
  assert.throws(() => new HandshakeTrainer({learningRate: 0}), ParameterError);
  assert.throws(() => new HandshakeTrainer({steps: 0}), /steps must be between 1 and 2000, not 0/);
});
