/**
 * Chapter 5's settings, models' labels, clip sizes and the shapes of what a run reports, as plain data apart
 * from the models' tfjs code (multiScale.ts), so the page can draw without loading tfjs: the clips are made and
 * the models trained in the experiment worker.
 */
import {seedParameter, type ParameterValues} from "../../runtime/parameters.js";
import type {BackendName} from "../../runtime/backends.js";

/** The experiment's settings (SPEC.md: 400 + 400 clips, Adam, lr 0.1, 200 full-batch steps, the hum on). */
export const MULTISCALE_PARAMETERS = {
  learningRate: {label: "learning rate", value: 0.1, min: 0.001, max: 2, step: 0.001, log: true, description: "Adam step size, the same for all four models"},
  steps: {label: "steps", value: 200, min: 1, max: 2000, step: 1, integer: true, description: "full-batch Adam steps on the training clips"},
  clips: {label: "clips per split", value: 400, min: 40, max: 1000, step: 20, integer: true, description: "train and test clips each, balanced over type × match"},
  confound: {label: "ambient hum (1 on, 0 off)", value: 1, min: 0, max: 1, step: 1, integer: true, description: "crash clips carry a stationary hum λ_a u (audio) and λ_v u (video); 0 is the honest control with the same clips, hum removed"},
  seed: seedParameter("seed of the clips, the hum direction and the weight initialisation")
};

/** The values of MULTISCALE_PARAMETERS. */
export type MultiScaleConfig = ParameterValues<typeof MULTISCALE_PARAMETERS>;

/** The four models, by key, with the page's labels. */
export const MULTISCALE_MODELS = {
  short: {label: "short window (1 s)"},
  long: {label: "long window (10 s)"},
  static: {label: "static fusion"},
  gated: {label: "learned gate (mixture of experts)"}
} as const;

/** One of the four models. */
export type MultiScaleModel = keyof typeof MULTISCALE_MODELS;

/** The models in display order. */
export const MULTISCALE_MODEL_KEYS = Object.keys(MULTISCALE_MODELS) as MultiScaleModel[];

/** A clip: frames per second, T frames (30 s), d dimensions per frame, and the two window lengths in frames. */
export const CLIP = {hz: 10, frames: 300, dims: 16, shortWindow: 10, longWindow: 100};

/** What made the sound: a 1-s crash or a 10-s sentence. */
export type EventType = "crash" | "sentence";

/** A test clip's type and whether its video belongs to its audio. */
export interface ClipInfo {
  type: EventType;
  match: boolean;
}

/** One test clip as the page draws it: its frame similarity, its best windows and its gate. */
export interface ClipTrace {
  type: EventType;
  match: boolean;
  similarity: number[]; // [T] c_t
  short: {start: number; value: number}; // best 1-s window (frames start..start+9): its mean m_10, not baseline-corrected
  long: {start: number; value: number}; // best 10-s window: its mean m_100
  gate: number; // the gated model's g for this clip, current weights
  event?: {start: number; length: number}; // where the shared event is, if matched
}

/** A subset of the test clips. */
export type Split = "all" | "crash" | "sentence";

/** Test accuracies and the gated model's gates, current weights. */
export interface MultiScaleEvaluation {
  accuracy: Record<MultiScaleModel, Record<Split, number>>;
  gateMean: {crash: number; sentence: number};
  gates: {type: EventType; match: boolean; gate: number}[]; // one per test clip
}

/** What the page draws while training: each model's loss at every step so far. */
export interface MultiScaleSnapshot {
  step: number;
  steps: number;
  backend: BackendName;
  models: Record<MultiScaleModel, {losses: number[]}>;
}
