/** SPEC.md section 9a: the binding problem, pooled vs attend-then-read, on the CPU backend, over three seeds. */
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {BindingTrainer, makeBindingScenes, runBinding, type BindingResult, type BindingScene} from "../../components/chapters/03-grounding/bindingCoAttention.js";
import {ParameterError} from "../../components/runtime/parameters.js";
import {mulberry32} from "../../components/runtime/prng.js";
import {useBackend} from "../../components/runtime/runtime.js";
import {TrainingLoop} from "../../components/runtime/trainingLoop.js";

const SEEDS = [1, 2, 3];
const results = new Map<number, BindingResult>();
let attentionOnMatch: number[] = []; // seed 1, trained: the attend model's α on the matching object of positive test scenes
let snapshotLengths: number[] = [];

const matches = (scene: BindingScene, j: number) => scene.objects[j].colour === scene.question.colour && scene.objects[j].shape === scene.question.shape;

before(async () => {
  await useBackend("cpu");
  for (const seed of SEEDS) {
    if (seed !== 1) {
      results.set(seed, await runBinding({seed}));
      continue;
    }
    const trainer = new BindingTrainer({seed}); // seed 1 by hand, to look at its attention too
    try {
      const loop = new TrainingLoop(trainer);
      await loop.play();
      results.set(seed, trainer.result());
      const {models} = trainer.snapshot();
      snapshotLengths = [models.pooled.losses, models.pooled.trainAccuracy, models.attend.testAccuracy].map((values) => values.length);
      const positives = trainer.testScenes.map((scene, i) => [scene, i] as const).filter(([scene]) => scene.label === 1).slice(0, 20);
      for (const [scene, i] of positives) {
        const {weights} = await trainer.attention(i);
        attentionOnMatch.push(weights[scene.objects.findIndex((_, j) => matches(scene, j))]);
      }
    } finally {
      trainer.dispose();
    }
  }
});

test("the data defeat pooling: in every scene both the question's colour and its shape are present, and the label is whether they are bound", () => {
  const scenes = makeBindingScenes(1000, mulberry32(9));
  for (const scene of scenes) {
    assert.equal(scene.objects.length, 4);
    assert.ok(scene.objects.some((o) => o.colour === scene.question.colour));
    assert.ok(scene.objects.some((o) => o.shape === scene.question.shape));
    assert.equal(scene.objects.filter((_, j) => matches(scene, j)).length, scene.label);
  }
  const positives = scenes.filter((scene) => scene.label === 1).length;
  assert.ok(positives > 430 && positives < 570, `${positives} positives of 1000`);
});

test(`pooled (mean of objects ⊕ question → MLP): test accuracy ≤ 0.57, at chance (seeds ${SEEDS})`, () => {
  for (const [seed, result] of results) assert.ok(result.pooledTest <= 0.57, `seed ${seed}: pooled train ${result.pooledTrain}, test ${result.pooledTest}`);
});

test(`co-attention (attend, then read): test accuracy ≥ 0.95 and train accuracy 1 (seeds ${SEEDS})`, () => {
  for (const [seed, result] of results) {
    assert.ok(result.attendTest >= 0.95, `seed ${seed}: attend train ${result.attendTrain}, test ${result.attendTest}`);
    assert.ok(result.attendTrain >= 0.99, `seed ${seed}: attend train ${result.attendTrain}`);
  }
});

test("the trained attend model looks at the object that has both attributes", () => {
  assert.equal(attentionOnMatch.length, 20);
  const mean = attentionOnMatch.reduce((a, b) => a + b, 0) / attentionOnMatch.length;
  assert.ok(mean > 0.8, `mean α on the matching object ${mean}`);
});

test("the record has one loss and one accuracy of each kind per step", () => {
  assert.deepEqual(snapshotLengths, [150, 150, 150]);
  for (const result of results.values()) assert.equal(result.losses.attend.length, 150);
});

test("the same seed gives the same run (its first 30 steps, bit for bit), another seed a different one", async () => {
  const again = await runBinding({seed: 1, steps: 30});
  for (const model of ["pooled", "attend"] as const) assert.deepEqual(again.losses[model], results.get(1)!.losses[model].slice(0, 30));
  const [a, b] = [results.get(1)!.losses.pooled, results.get(2)!.losses.pooled];
  assert.ok(a.some((loss, i) => Math.abs(loss - b[i]) > 1e-3));
});

test("no tensor is leaked by a full run, a run stopped halfway or an attention read-out", async () => {
  const baseline = tf.memory().numTensors;
  await runBinding({seed: 5, steps: 10});
  assert.equal(tf.memory().numTensors, baseline);
  const trainer = new BindingTrainer({seed: 6, steps: 40});
  const loop = new TrainingLoop(trainer);
  loop.subscribe(() => loop.stop()); // stop after the first chunk
  await loop.play();
  assert.equal(loop.state, "stopped");
  const {weights} = await trainer.attention(3);
  assert.equal(weights.length, 4);
  assert.ok(Math.abs(weights.reduce((x, y) => x + y, 0) - 1) < 1e-5);
  trainer.dispose();
  assert.equal(tf.memory().numTensors, baseline);
  assert.ok(trainer.step < trainer.steps, "the stopped run did not finish");
});

test("out-of-range settings are refused with a message naming them", () => {
  assert.throws(() => new BindingTrainer({learningRate: 0}), ParameterError);
  assert.throws(() => new BindingTrainer({steps: 0}), /steps must be between 1 and 2000, not 0/);
});
