/**
 * The binding problem's settings, models' labels and sizes, as plain data apart from its tfjs code
 * (bindingCoAttention.ts), so the page can label its figures without loading tfjs: the models train in the
 * experiment worker.
 */
import {seedParameter, type ParameterValues} from "../../runtime/parameters.js";

/** The experiment's settings (SPEC.md: Adam, lr 0.1, 150 steps, seed 1). */
export const BINDING_PARAMETERS = {
  learningRate: {label: "learning rate", value: 0.1, min: 0.001, max: 2, step: 0.001, log: true, description: "Adam step size"},
  steps: {label: "steps", value: 150, min: 1, max: 2000, step: 1, integer: true, description: "full-batch Adam steps on the 256 training scenes"},
  seed: seedParameter("seed of the scenes and of the weight initialisation")
};

/** The values of BINDING_PARAMETERS. */
export type BindingConfig = ParameterValues<typeof BINDING_PARAMETERS>;

/** The two models, by key, with their labels. */
export const BINDING_MODELS = {
  pooled: {label: "pooled (mean of objects ⊕ question → MLP)"},
  attend: {label: "attend, then read"}
} as const;

/** "pooled" or "attend". */
export type BindingModel = keyof typeof BINDING_MODELS;

/** The model keys in display order. */
export const BINDING_MODEL_KEYS = Object.keys(BINDING_MODELS) as BindingModel[];

/** Fixed sizes (SPEC.md): 4 objects of 4 colours × 3 shapes, 256 train / 512 test scenes, MLP(32), attention sharpness 3. */
export const BINDING_SIZES = {objects: 4, colours: 4, shapes: 3, train: 256, test: 512, hidden: 32, sharpness: 3};
