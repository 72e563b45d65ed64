/**
 * The timing sweep's settings, variants and the shapes of what it reports, with the log-log slope its figure
 * fits, as plain data and plain functions apart from the timing's tfjs code (attentionTiming.ts): the page draws
 * with these, and the experiment worker measures.
 */
import {seedParameter, type ParameterValues} from "../../runtime/parameters.js";

/** The variants a sweep can time; "fused" is the course's own WebGPU kernel. */
export const TIMED_VARIANTS = {
  dense: {label: "dense (matMul, softmax, matMul)", formula: "2NMd"},
  local: {label: "block-local (window b)", formula: "2Nbd"},
  topk: {label: "top-k on exact scores", formula: "NMd + Nkd"},
  fused: {label: "dense, fused WebGPU kernel", formula: "2NMd"}
} as const;

export type TimedVariant = keyof typeof TIMED_VARIANTS;

export const TIMED_VARIANT_KEYS = Object.keys(TIMED_VARIANTS) as TimedVariant[];

/** The sweep's settings (SPEC 6a: d = 32, block 64, top-16; N from 64 up, doubling). */
export const TIMING_PARAMETERS = {
  smallest: {label: "smallest N", value: 64, min: 16, max: 4096, step: 1, integer: true, log: true, description: "queries = keys at the first size; each next size doubles it"},
  largest: {label: "largest N", value: 1024, min: 16, max: 16384, step: 1, integer: true, log: true, description: "the last size measured (sizes that would block this page too long are skipped and said so)"},
  d: {label: "width d", value: 32, min: 4, max: 128, step: 4, integer: true, description: "the width of queries, keys and values"},
  block: {label: "window b", value: 64, min: 4, max: 512, step: 4, integer: true, description: "block-local attention's block: each query sees the b keys of its block"},
  k: {label: "top k", value: 16, min: 1, max: 256, step: 1, integer: true, description: "keys kept per query by top-k attention"},
  seed: seedParameter("seed of the random queries, keys and values")
};

export type TimingConfig = ParameterValues<typeof TIMING_PARAMETERS>;

/** One measured size of one variant. */
export interface TimingPoint {
  variant: TimedVariant;
  backend: string;
  n: number;
  d: number;
  compileMs: number; // WebGPU: compiling the shaders ahead, off the page's thread (0 elsewhere)
  firstMs: number; // the first call after that: uploads and kernel set-up
  ms: number; // median of the later calls, each read back
  runs: number;
  bytes: number; // tensor memory one call needs beyond its inputs (the N × M scores, for the unfused paths)
  macs: number; // analytic multiply-accumulates
}

/** A size a sweep did not run, and why. */
export interface TimingSkip {
  variant: TimedVariant;
  n: number;
  reason: string;
}

/** Least-squares slope of log(ms) against log(N): 2 for quadratic cost, 1 for linear. */
export function logLogSlope(points: readonly {n: number; ms: number}[]): number {
  const xs = points.map((p) => Math.log(p.n));
  const ys = points.map((p) => Math.log(p.ms));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxy = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i] - my), 0);
  const sxx = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  return sxx > 0 ? sxy / sxx : NaN;
}
