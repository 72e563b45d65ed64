/**
 * Chapter 1's puzzle, models and settings as plain data, apart from the models' tfjs code (bilinearHandshake.ts),
 * so the page can label its figures without loading tfjs: the training runs in the experiment worker.
 */
import type {BackendName} from "../../runtime/runtime.js";
import {seedParameter, type ParameterValues} from "../../runtime/parameters.js";

/** The four examples: shape one-hot [cube, sphere], colour one-hot [red, blue], label y = s₁c₁ + s₂c₂. */
export const PUZZLE = [
  {shape: "cube", colour: "red", s: [1, 0], c: [1, 0], y: 1},
  {shape: "cube", colour: "blue", s: [1, 0], c: [0, 1], y: 0},
  {shape: "sphere", colour: "red", s: [0, 1], c: [1, 0], y: 0},
  {shape: "sphere", colour: "blue", s: [0, 1], c: [0, 1], y: 1}
] as const;

export const HANDSHAKE_MODELS = {
  shape: {label: "shape only", formula: "a^\\top s + b", additive: true},
  color: {label: "colour only", formula: "a^\\top c + b", additive: true},
  concat: {label: "concatenation + linear", formula: "a^\\top [s; c] + b", additive: true},
  bilinear: {label: "bilinear", formula: "s^\\top W c + b", additive: false},
  mlp: {label: "concatenation + 4 tanh units", formula: "w_2^\\top \\tanh(W_1 [s; c] + b_1) + b_2", additive: false}
} as const;
export type HandshakeModel = keyof typeof HANDSHAKE_MODELS;
export const HANDSHAKE_MODEL_KEYS = Object.keys(HANDSHAKE_MODELS) as HandshakeModel[];

/** The experiment's settings (SPEC.md: Adam, lr 0.1, 200 steps, N(0, 0.1²) init, seed 1). */
export const HANDSHAKE_PARAMETERS = {
  learningRate: {label: "learning rate", value: 0.1, min: 0.001, max: 2, step: 0.001, log: true, description: "Adam step size"},
  steps: {label: "steps", value: 200, min: 1, max: 2000, step: 1, integer: true, description: "full-batch Adam steps"},
  initScale: {label: "init scale", value: 0.1, min: 0, max: 3, step: 0.01, description: "standard deviation of the initial weights"},
  seed: seedParameter("seed of the weight initialisation")
};
export type HandshakeConfig = ParameterValues<typeof HANDSHAKE_PARAMETERS>;

/** One model's record so far: loss and accuracy at each step (before that step's update). */
export interface HandshakeTrace {
  losses: number[];
  accuracies: number[];
  probabilities: number[]; // p for the 4 examples with the current weights
}

export interface HandshakeSnapshot {
  step: number;
  steps: number;
  backend: BackendName;
  models: Record<HandshakeModel, HandshakeTrace>;
  bilinearW: number[][]; // [2 shapes, 2 colours]
  bilinearBias: number;
}

/** The largest |loss difference| between two runs of the same settings, over every model and step. */
export function maxLossDifference(a: {models: Record<HandshakeModel, {losses: number[]}>}, b: {models: Record<HandshakeModel, {losses: number[]}>}): number {
  let largest = 0;
  for (const key of HANDSHAKE_MODEL_KEYS) {
    const [x, y] = [a.models[key].losses, b.models[key].losses];
    if (x.length !== y.length) return Infinity;
    for (let i = 0; i < x.length; ++i) largest = Math.max(largest, Math.abs(x[i] - y[i]));
  }
  return largest;
}
