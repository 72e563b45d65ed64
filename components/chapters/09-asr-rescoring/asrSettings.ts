/**
 * Chapter 9's confusion sets, constants and settings as plain data apart from the rescoring's tfjs code
 * (asrRescoring.ts), so the page can label its figures without loading tfjs: the rescoring runs in the
 * experiment worker.
 */
import {seedParameter, type ParameterValues} from "../../runtime/parameters.js";

/** Five acoustic confusion sets of four picturable nouns: a trial's N-best list is one whole set. */
export const ASR_CONFUSION_SETS: string[][] = [
  ["ship", "sheep", "chip", "shop"],
  ["bear", "pear", "beer", "pier"],
  ["cat", "cap", "can", "cab"],
  ["pen", "pin", "pan", "bin"],
  ["lock", "rock", "sock", "clock"]
];

/** The 20 nouns, set by set: word w belongs to set ⌊w/4⌋. */
export const ASR_VOCABULARY: string[] = ASR_CONFUSION_SETS.flat();

/** The construction's constants (SPEC.md 9b): embedding width, N-best size, regions per image, region noise, β. */
export const ASR_CONSTANTS = {dimension: 16, hypotheses: 4, regions: 5, regionNoise: 0.1, beta: 10} as const;

 // 4

/** log p_lm(h) of every noun under the uniform unigram over the vocabulary: log(1/20). */
export const ASR_LANGUAGE_SCORE = -Math.log(ASR_VOCABULARY.length);

/** The experiment's settings (SPEC.md 9b: λ = 1, 5000 trials, μ = 0.5, gate 0.8, seed 1). */
export const ASR_PARAMETERS = {
  lambda: {label: "visual weight λ", value: 1, min: 0, max: 3, step: 0.01, description: "the visual term is λβ·A(h, I), β = 10"},
  trials: {label: "trials", value: 5000, min: 100, max: 20000, step: 100, integer: true, description: "utterances, each with a relevant and an irrelevant image"},
  margin: {label: "acoustic margin μ", value: 0.5, min: 0, max: 3, step: 0.05, description: "acoustic scores are μ·1[true] + N(0, 1)"},
  gate: {label: "gate threshold", value: 0.8, min: 0, max: 1, step: 0.01, description: "the visual term applies only if max_h A(h, I) exceeds it"},
  seed: seedParameter("seed of the embeddings, the N-best orders, the acoustic noise and the images")
};

/** The values of ASR_PARAMETERS. */
export type AsrConfig = ParameterValues<typeof ASR_PARAMETERS>;
