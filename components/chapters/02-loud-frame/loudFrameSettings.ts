/**
 * Chapter 2's settings, models' labels, sizes and the shapes of what a run reports, as plain data apart from the
 * models' tfjs code (loudFrame.ts), so the page can draw without loading tfjs: the training runs in the
 * experiment worker.
 */
import {seedParameter, type ParameterValues} from "../../runtime/parameters.js";
import type {BackendName} from "../../runtime/backends.js";

/** The experiment's settings (SPEC.md: Adam, lr 0.05, 100 steps, seed 1). */
export const LOUD_FRAME_PARAMETERS = {
  learningRate: {label: "learning rate", value: 0.05, min: 0.001, max: 1, step: 0.001, log: true, description: "Adam step size, the same for all three models"},
  steps: {label: "steps", value: 100, min: 1, max: 1000, step: 1, integer: true, description: "Adam steps, each on a fresh batch of 32 clean clips"},
  seed: seedParameter("seed of the weights, the training batches and the test clips")
};

/** The values of LOUD_FRAME_PARAMETERS. */
export type LoudFrameConfig = ParameterValues<typeof LOUD_FRAME_PARAMETERS>;

/** The three scorers, with the page's labels and formulas (a_t is frame t's spectrum, q the query word's one-hot). */
export const LOUD_FRAME_MODELS = {
  dot: {label: "dot (Luong general)", formula: "e_t = (qM)\\cdot a_t"},
  additive: {label: "additive (Bahdanau)", formula: "e_t = v^\\top \\tanh\\!\\left(W_q q + W_k a_t + b\\right)"},
  layernorm: {label: "LayerNorm on keys", formula: "e_t = \\tau\\,(qM')\\cdot \\mathrm{LN}(a_t)"}
} as const;

/** One of the three scorers. */
export type LoudFrameModel = keyof typeof LOUD_FRAME_MODELS;

/** The scorers in display order. */
export const LOUD_FRAME_MODEL_KEYS = Object.keys(LOUD_FRAME_MODELS) as LoudFrameModel[];

/** The loud frame's gains γ of the test sweep; 0 means no loud frame at all. */
export const LOUD_FRAME_GAINS = [0, 1, 2, 4, 8, 16, 64];

/** Sizes: D spectral bins, V words, T frames per clip, training batch B, test clips. */
export const CLIP_SIZES = {bins: 16, words: 8, frames: 6, batch: 32, testClips: 200};

 // LN(a) = (a − mean) / √(var + ε)

/** What the page draws while training: each model's loss at every step so far. */
export interface LoudFrameSnapshot {
  step: number;
  steps: number;
  backend: BackendName;
  models: Record<LoudFrameModel, {losses: number[]}>;
}

/** Mean attention mass on the target and top-1 accuracy at each gain, for the partial match and the broadband control. */
export interface LoudFrameSweep {
  gains: number[];
  models: Record<LoudFrameModel, {mass: number[]; accuracy: number[]}>;
  broadband: Record<LoudFrameModel, {mass: number[]; accuracy: number[]}>;
}

/** One test clip at one gain, with each model's attention over its frames. */
export interface ClipAttention {
  frames: number[][]; // [T frames][D bins] the clip's spectra
  weights: Record<LoudFrameModel, number[]>; // [T] attention per model
  target: number; // index of the query word's frame
  loud: number | null; // index of the loud frame, null at gain 0
  word: number; // query word id
}
