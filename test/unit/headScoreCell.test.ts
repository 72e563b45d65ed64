/**
 * Chapter 13's editable cell: one cross-attention head's score, put in the trained model (restored from its artifacts)
 * and measured on the run's held-out questions. The original reproduces the run's own evaluation exactly; a score that
 * is the same for every patch spreads that head evenly (1/36 on any patch); a wrong score is named.
 */
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {before, test} from "node:test";
import type * as tf from "@tensorflow/tfjs-core";
import {cellPath} from "../../scripts/codeRegions.js";
import {CellError, cellSource} from "../../components/editing/editableCells.js";
import {runEditedCell} from "../../components/editing/runEditedCell.js";
import type {HeadScoreResult} from "../../components/chapters/13-vlm/headScoreCell.js";
import {VlmTrainer} from "../../components/chapters/13-vlm/vlmTrainer.js";
import {CELLS} from "../../components/chapters/13-vlm/vlmScene.js";
import {useBackend} from "../../components/runtime/runtime.js";

const ORIGINAL = cellSource(readFileSync(cellPath("headScore.js"), "utf-8"));
const failsWith = (kind: string, pattern: RegExp) => (error: unknown) => error instanceof CellError && error.kind === kind && pattern.test(error.message);
let artifacts: tf.io.ModelArtifacts;

before(async () => {
  await useBackend("wasm"); // a few seconds, where CPU takes half a minute
  const trainer = new VlmTrainer({steps: 40, batch: 16, heldOut: 32, seed: 2});
  await trainer.advance(trainer.steps);
  artifacts = await trainer.artifacts();
  trainer.dispose();
});

test("chapter 13: the head's score as the page shows it reproduces the trained model's held-out accuracy exactly, and its grounding to float rounding", async () => {
  const result = (await runEditedCell("vlm.headScore", ORIGINAL, {artifacts, layer: 1, head: 0})) as HeadScoreResult;
  assert.deepEqual(result.yours.accuracy, result.original.accuracy);
  const masses = ({grounding}: HeadScoreResult["yours"]) => [grounding.meanMass, grounding.topPatchRate, ...grounding.perHead.flatMap((head) => [head.meanMass, head.topPatchRate])];
  masses(result.yours).forEach((value, i) => assert.ok(Math.abs(value - masses(result.original)[i]) < 1e-6, `grounding number ${i}: ${value} against ${masses(result.original)[i]}`)); // its softmax is tf.softmax, the model's attentionWeights(): the same to rounding
  assert.equal(result.step, 40);
});

test("chapter 13: a score equal for every patch spreads the edited head evenly (1/36 on the referred patch), and leaves the other head as trained", async () => {
  const flat = ORIGINAL.replace("return tf.div(tf.matMul(q, k, false, true), Math.sqrt(width));", "return tf.zeros([q.shape[0], q.shape[1], k.shape[1]]);");
  assert.notEqual(flat, ORIGINAL);
  const result = (await runEditedCell("vlm.headScore", flat, {artifacts, layer: 1, head: 1})) as HeadScoreResult;
  assert.ok(Math.abs(result.yours.grounding.perHead[1].meanMass - 1 / CELLS) < 1e-6, `head 2's mass on the referred patch ${result.yours.grounding.perHead[1].meanMass}`);
  assert.ok(Math.abs(result.original.grounding.perHead[1].meanMass - 1 / CELLS) > 1e-3, `as trained, head 2 is not even: ${result.original.grounding.perHead[1].meanMass}`);
  assert.ok(Math.abs(result.yours.grounding.perHead[0].meanMass - result.original.grounding.perHead[0].meanMass) < 1e-6, "head 1 as trained");
});

test("chapter 13: a score of the wrong shape, or not finite, or for a head that does not exist, is named", async () => {
  const transposed = ORIGINAL.replace("tf.matMul(q, k, false, true)", "tf.matMul(k, q, false, true)");
  await assert.rejects(runEditedCell("vlm.headScore", transposed, {artifacts, layer: 0, head: 0}), failsWith("shape", /scores of shape \[\d+, 36, 10\], not \[\d+, 10, 36\] \(questions, words, patches\)/));
  const infinite = ORIGINAL.replace("Math.sqrt(width)", "0");
  await assert.rejects(runEditedCell("vlm.headScore", infinite, {artifacts, layer: 0, head: 0}), failsWith("shape", /not all finite numbers/));
  await assert.rejects(runEditedCell("vlm.headScore", ORIGINAL, {artifacts, layer: 2, head: 0}), failsWith("worker", /no cross-attention layer 3, head 1/));
});
