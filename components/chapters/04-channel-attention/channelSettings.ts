/**
 * Chapter 4's settings, models' labels, sizes and the closed-form numbers the page quotes (a squeezed blob, a
 * linear head's best accuracy on idealised maps), as plain data and plain functions apart from the models' tfjs
 * code (channelAttention.ts): the page computes these itself, instantly, and asks the experiment worker for the
 * training.
 */
import {seedParameter, type ParameterValues} from "../../runtime/parameters.js";

import type {BackendName} from "../../runtime/backends.js";

/** The experiment's settings (SPEC.md: Adam, lr 0.05, 200 full-batch steps, seed 1). */
export const CHANNEL_PARAMETERS = {
  learningRate: {label: "learning rate", value: 0.05, min: 0.001, max: 1, step: 0.001, log: true, description: "Adam step size, the same for all six models"},
  steps: {label: "steps", value: 200, min: 1, max: 2000, step: 1, integer: true, description: "full-batch Adam steps on the 512 training examples"},
  seed: seedParameter("seed of the feature maps, the texts and the weight initialisation")
};

/** The values of CHANNEL_PARAMETERS. */
export type ChannelConfig = ParameterValues<typeof CHANNEL_PARAMETERS>;

/** The six models, by key, with their labels and whether they see the text. */
export const CHANNEL_MODELS = {
  gap: {label: "GAP + linear (no text)", text: false},
  se: {label: "SE self-gating (no text)", text: false},
  concat: {label: "concat [z; text] + linear", text: true},
  textGate: {label: "text gate σ(W_t t + b)", text: true},
  film: {label: "FiLM (γ, β from text)", text: true},
  textSe: {label: "text-SE bottleneck on [z; t]", text: true}
} as const;

/** One of the six models. */
export type ChannelModel = keyof typeof CHANNEL_MODELS;

/** The models in display order. */
export const CHANNEL_MODEL_KEYS = Object.keys(CHANNEL_MODELS) as ChannelModel[];

/** The models that scale each channel by a gate s (FiLM: by γ). */
export type GatingModel = "se" | "textGate" | "film" | "textSe";

/**
 * Sizes: C channels of size × size pixels, blobs per example, train / test examples, the SE
 * reduction r (SE's hidden layer has C / r = 4 units: the paper's r = 16 would leave less than one
 * unit for C = 8, so r = 2 is our choice), and the text-SE bottleneck's hidden units (SPEC: 8).
 */
export const CHANNEL_SIZES = {channels: 8, size: 8, blobs: 3, train: 512, test: 512, reduction: 2, hidden: 8};

const BLOB_SIGMA = 1.5;

 // px; amplitude 1, centre uniform over [0, size − 1]² (the span of the pixel centres)
export const NOISE = 0.1;

 // every pixel of every channel gets N(0, 0.1²)
export const Z_SCALE = 10;

/** A blob's value at pixel (i, j) for a centre (cy, cx): amplitude 1, σ = 1.5 px. */
export function blobAt(i: number, j: number, cy: number, cx: number): number {
  return Math.exp(-((i - cy) ** 2 + (j - cx) ** 2) / (2 * BLOB_SIGMA ** 2));
}

/**
 * What a blob channel reads after the squeeze, z_c = 10 · GAP(u_c), without its noise, for a blob
 * centred at (cy, cx) (each from 0 to size − 1): the page quotes it for a blob in a corner, (0, 0),
 * the lowest, and in the middle, ((size − 1)/2, (size − 1)/2), the highest.
 */
export function squeezedBlob(cy: number, cx: number): number {
  const {size: S} = CHANNEL_SIZES;
  let sum = 0;
  for (let i = 0; i < S; ++i) for (let j = 0; j < S; ++j) sum += blobAt(i, j, cy, cx);
  return (Z_SCALE * sum) / (S * S);
}

/** The standard deviation that the pixels' N(0, 0.1²) noise adds to z_c = 10 · GAP(u_c): 10 · 0.1 / √(size²). */
export const SQUEEZED_NOISE_STD = (Z_SCALE * NOISE) / CHANNEL_SIZES.size;

/** One example: the maps, the text's concept and the label. */
export interface ChannelExample {
  maps: number[][][]; // [C][8][8] the feature maps
  concept: number; // the text's one-hot concept c*
  label: 0 | 1; // c* present
  blobs: number[]; // channels that hold a blob
}

/** One model's record, per step: loss and accuracies of the weights that step starts from (before its update). */
export interface ChannelTrace {
  losses: number[];
  trainAccuracy: number[]; // on the 512 training examples, from the same forward pass as the loss
  testAccuracy: number[]; // on the 512 test examples, computed every step
}

/** The state of a run so far, for the figures. */
export interface ChannelSnapshot {
  step: number;
  steps: number;
  backend: BackendName;
  models: Record<ChannelModel, ChannelTrace>;
}

/**
 * The exact accuracy of a linear head on [z; t], f = aᵀz + b_{c*} (a bias per concept, which is bᵀt for
 * a one-hot t), on idealised maps: z_c = 1 on the K blob channels and 0 elsewhere, no noise, no blob
 * size. `weights` is a (one per channel); each concept's bias is the best threshold for that concept.
 * It enumerates every blob set, concept and label with the probabilities makeChannelExamples draws
 * them with (label 1 with probability ½; the blob set uniform; c* uniform among the blobs if the label
 * is 1, among the others if it is 0). It shows what a linear head can do in principle: the rectangle
 * argument forbids a perfect score, not an above-chance one.
 */
export function idealisedConcatAccuracy(weights: readonly number[]): number {
  const {channels: C, blobs: K} = CHANNEL_SIZES;
  if (weights.length !== C || !weights.every(Number.isFinite)) throw new RangeError(`a linear head needs ${C} finite channel weights, not ${JSON.stringify(weights)}`);
  const sets: number[] = []; // bit masks of the K-subsets of the C channels
  for (let mask = 0; mask < 1 << C; ++mask) {
    let count = 0;
    for (let c = 0; c < C; ++c) count += (mask >> c) & 1;
    if (count === K) sets.push(mask);
  }
  let accuracy = 0;
  for (let concept = 0; concept < C; ++concept) {
    const points = sets.map((mask) => {
      let score = 0;
      for (let c = 0; c < C; ++c) if ((mask >> c) & 1) score += weights[c];
      const label = (mask >> concept) & 1;
      return {score, label, p: 0.5 / sets.length / (label ? K : C - K)}; // P(label, blob set, c* = concept)
    });
    points.sort((a, b) => a.score - b.score);
    let correct = points.reduce((sum, {label, p}) => sum + (label ? p : 0), 0); // threshold below every score: always "yes"
    let best = correct;
    points.forEach(({score, label, p}, i) => {
      correct += label ? -p : p; // this point now falls below the threshold: "no"
      if (i + 1 === points.length || points[i + 1].score !== score) best = Math.max(best, correct); // thresholds only between distinct scores
    });
    accuracy += best;
  }
  return accuracy;
}
