/**
 * Chapter 13's settings, models' labels and sizes, as plain data apart from its tfjs code (vlmModel.ts), so the
 * page can label its figures without loading tfjs: the models train in the experiment worker.
 */
import {seedParameter, type ParameterValues} from "../../runtime/parameters.js";

/** The experiment's settings: Adam on fresh batches of generated scenes. */
export const VLM_PARAMETERS = {
  steps: {label: "steps", value: 700, min: 1, max: 5000, step: 1, integer: true, description: "Adam steps, each on a fresh batch of scenes and questions"},
  learningRate: {label: "learning rate", value: 0.003, min: 0.0001, max: 0.05, step: 0.0001, log: true, description: "Adam step size"},
  batch: {label: "batch", value: 64, min: 8, max: 256, step: 4, integer: true, description: "examples per step, a quarter of each question type"},
  heldOut: {label: "held-out questions", value: 256, min: 16, max: 1024, step: 16, integer: true, description: "held-out questions of each type the models are measured on every 50 steps"},
  seed: seedParameter("seed of the scenes, the questions and the weight initialisation")
};

/** The values of VLM_PARAMETERS. */
export type VlmConfig = ParameterValues<typeof VLM_PARAMETERS>;

/** The three models, trained side by side on the same batches, by key, with their labels. */
export const VLM_MODELS = {
  crossAttention: {label: "cross-attention (words query patches)"},
  pooled: {label: "pooled image (mean patch ⊕ question)"},
  questionOnly: {label: "question only (no image)"}
} as const;

/** A model's key. */
export type VlmModel = keyof typeof VLM_MODELS;

/** The model keys in display order. */
export const VLM_MODEL_KEYS = Object.keys(VLM_MODELS) as VlmModel[];

/** Fixed sizes: width d, heads, the MLP's hidden width, cross-attention layers. */
export const VLM_SIZES = {d: 32, heads: 2, hidden: 64, crossLayers: 2};
