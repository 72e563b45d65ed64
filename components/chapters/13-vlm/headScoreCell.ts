/**
 * Chapter 13's editable cell, one cross-attention head's score (cells/headScore.js): the reader's version is put in
 * one head of the trained cross-attention model, restored from the run's artifacts (keptModel.ts), and the model is
 * measured again on the run's held-out questions. Nothing is trained: what changes is what that head looks at.
 */
import * as tf from "@tensorflow/tfjs-core";
import {CellError, checkedCell, type EditableCell} from "../../editing/editableCells.js";
import {vlmArtifactsProblem} from "./keptModel.js";
import type {HeadScore} from "./vlmModel.js";
import {type VlmAccuracy, type VlmGrounding, VlmTrainer} from "./vlmTrainer.js";
import {VLM_SIZES, type VlmConfig} from "./vlmSettings.js";
import {returnedText} from "../../editing/returnedText.js";

/** What the cell computes: the trained model's held-out accuracy and grounding, as trained and with the reader's score. */
export interface HeadScoreResult {
  layer: number; // from 0
  head: number; // from 0
  step: number; // the run's steps
  original: {accuracy: VlmAccuracy; grounding: VlmGrounding};
  yours: {accuracy: VlmAccuracy; grounding: VlmGrounding};
}

/** What is wrong with a score the reader's function returned for queries q [B, L, w] and keys k [B, 36, w], or undefined. */
function scoreProblem(output: unknown, _tf: typeof tf, q: tf.Tensor3D, k: tf.Tensor3D): string | undefined {
  const wanted = `[${q.shape[0]}, ${q.shape[1]}, ${k.shape[1]}]`;
  if (!(output instanceof tf.Tensor)) return `${returnedText(output)}, not a tensor of scores ${wanted}`;
  if (`[${output.shape.join(", ")}]` !== wanted) return `scores of shape [${output.shape.join(", ")}], not ${wanted} (questions, words, patches)`;
  if (tf.tidy(() => tf.any(tf.logicalNot(tf.isFinite(output))).dataSync()[0])) return "scores that are not all finite numbers (a softmax of them has no meaning)";
  return undefined;
}

export const VLM_HEAD_SCORE_CELL: EditableCell = {
  title: "one head's score",
  file: "headScore.js",
  async run(fn, config) {
    const {artifacts, layer, head} = config as {artifacts: tf.io.ModelArtifacts; layer: number; head: number};
    const problem = vlmArtifactsProblem(artifacts);
    if (problem) throw new CellError("worker", `The trained model did not reach the worker intact: ${problem}.`);
    if (!(Number.isInteger(layer) && layer >= 0 && layer < VLM_SIZES.crossLayers && Number.isInteger(head) && head >= 0 && head < VLM_SIZES.heads)) throw new CellError("worker", `There is no cross-attention layer ${layer + 1}, head ${head + 1}.`);
    const trainer = new VlmTrainer((artifacts.modelTopology as {config: VlmConfig}).config);
    try {
      trainer.restore(artifacts);
      const score = checkedCell(fn, scoreProblem) as unknown as HeadScore;
      const yours = await trainer.evaluateSwap({layer, head, score});
      const last = trainer.snapshot().evaluations.at(-1)!;
      return {layer, head, step: trainer.step, original: {accuracy: last.accuracy.crossAttention, grounding: last.grounding}, yours} satisfies HeadScoreResult;
    } finally {
      trainer.dispose();
    }
  }
};
