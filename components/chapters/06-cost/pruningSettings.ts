/**
 * Token pruning's settings, methods, scene sizes and keep rule (which ⌈κ·N⌉ patches a method keeps), as plain
 * data and plain functions apart from the scenes' and scores' tfjs code (tokenPruning.ts): the page's scene
 * figure applies the rule itself as the reader moves κ, and asks the experiment worker for the run.
 */
import {ParameterError, type ParameterValues, seedParameter} from "../../runtime/parameters.js";

/** The experiment's settings (SPEC.md: 2000 scenes, noise 0.09, seed 1). */
export const PRUNING_PARAMETERS = {
  scenes: {label: "scenes", value: 2000, min: 100, max: 5000, step: 100, integer: true, description: "random scenes behind every rate of the table"},
  noise: {label: "patch noise σ", value: 0.09, min: 0.01, max: 0.5, step: 0.01, description: "every entry of every patch gets σ·N(0, 1)"},
  seed: seedParameter("seed of the scenes and of the random pruning scores")
};

/** The values of PRUNING_PARAMETERS. */
export type TokenPruningConfig = ParameterValues<typeof PRUNING_PARAMETERS>;

/** The three pruning scores, with the page's labels and formulas (x_p is patch p, x̄ the mean patch, q the text query). */
export const PRUNING_METHODS = {
  cls: {label: "[CLS] attention (query-agnostic)", formula: "x_p\\cdot\\bar x"},
  random: {label: "random", formula: "u_p = (\\pi(p) + \\tfrac12)/64,\\ \\pi\\ \\text{a random permutation}"},
  text: {label: "text-conditioned", formula: "q\\cdot x_p"}
} as const;

/** One of the three pruning scores. */
export type PruningMethod = keyof typeof PRUNING_METHODS;

/** The pruning scores in display order (and in the order of the scores tensor). */
export const PRUNING_METHOD_KEYS = Object.keys(PRUNING_METHODS) as PruningMethod[];

/** The keep ratios κ of SPEC.md's table. */
export const PRUNING_KEEPS = [0.125, 0.25, 0.5, 1];

/** Sizes: a grid × grid image of patches of width d; the distractor block and the target pair, with their gains. */
export const PRUNING_SCENE = {grid: 8, width: 16, distractor: {rows: 3, columns: 4, gain: 2}, target: {patches: 2, gain: 1}} as const;

/** One row of the table: a keep ratio, its cost, and each method's survival and grounding rates. */
export interface PruningRow {
  keep: number; // κ
  kept: number; // ⌈κ·64⌉ patches kept
  flops: number; // (kept / 64)², attention FLOPs relative to no pruning (κ² when κ·64 is whole)
  survival: Record<PruningMethod, number>; // share of scenes where at least one target patch is kept
  grounding: Record<PruningMethod, number>; // share of scenes where argmax over kept patches of q·x_p is a target patch
}

/** One scene for the page to draw, with every method's scores. */
export interface TokenPruningExample {
  grid: number; // 8: patch p sits at row ⌊p / 8⌋, column p mod 8
  patches: number[][]; // [64][16]
  query: number[]; // [16] q = code₁
  target: number[]; // patch indices
  distractor: number[]; // patch indices
  scores: Record<PruningMethod, number[]>; // [64] each
}

/** What is wrong with a list of keep ratios, or undefined when every κ is in (0, 1]. */
export function keepProblem(keeps: readonly unknown[]): string | undefined {
  if (keeps.length === 0) return "keep ratios must list at least one κ in (0, 1]";
  const bad = keeps.filter((keep) => typeof keep !== "number" || !Number.isFinite(keep) || keep <= 0 || keep > 1);
  if (bad.length) return `keep ratios must be in (0, 1], not ${bad.map((keep) => JSON.stringify(keep)).join(", ")}`;
  return undefined;
}

// #region keep
/** ⌈κ·N⌉: how many of N patches a keep ratio κ keeps (at least 1). */
export function keptCount(keep: number, patches: number = PRUNING_SCENE.grid * PRUNING_SCENE.grid): number {
  return Math.max(1, Math.ceil(keep * patches - 1e-9)); // the −1e-9 stops 0.07 · 100 = 7.000000000000001 becoming 8
}

/** The patches a method keeps at ratio κ, given its 64 scores: the top ⌈κ·64⌉, ties to the lower index (as tf.topk). */
export function keptPatches(scores: readonly number[], keep: number): Set<number> {
  const problem = keepProblem([keep]);
  if (problem) throw new ParameterError([problem]);
  const order = [...scores.keys()].sort((a, b) => scores[b] - scores[a] || a - b);
  return new Set(order.slice(0, keptCount(keep, scores.length)));
}
// #endregion
