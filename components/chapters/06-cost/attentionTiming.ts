/**
 * Chapter 6 (SPEC.md 6a): what each attention variant costs on the backend that runs, measured:
 * time of the first call (shader compilation and set-up) apart from the steady time of later calls,
 * the tensor memory a call needs beyond its inputs, and log-log slopes of time against N = M.
 * The page runs a sweep in the reader's browser; `npm run bench` runs the same sweep in Node.
 */
import * as tf from "@tensorflow/tfjs-core";
import {attentionMacs, blockLocalAttention, topKAttention} from "./attentionVariants.js";
import {scaledDotProductAttention} from "../../runtime/attention.js";
import {fusedAttention, fusedAttentionProblem} from "../../runtime/fusedAttention.js";
import {mulberry32, normalArray} from "../../runtime/prng.js";
import {activeBackend, compileAhead} from "../../runtime/runtime.js";
import {requireParameters, seedParameter, type ParameterValues} from "../../runtime/parameters.js";

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

// #region timing
/** The attention call each variant makes, Q [n, d], K [n, d], V [n, d] → [n, d]. */
function runner(variant: TimedVariant, {block, k}: {block: number; k: number}) {
  return {
    dense: (q: tf.Tensor2D, keys: tf.Tensor2D, v: tf.Tensor2D) => scaledDotProductAttention(q, keys, v),
    local: (q: tf.Tensor2D, keys: tf.Tensor2D, v: tf.Tensor2D) => blockLocalAttention(q, keys, v, {block}),
    topk: (q: tf.Tensor2D, keys: tf.Tensor2D, v: tf.Tensor2D) => topKAttention(q, keys, v, {k}),
    fused: (q: tf.Tensor2D, keys: tf.Tensor2D, v: tf.Tensor2D) => fusedAttention(q, keys, v)
  }[variant];
}

const now = () => (globalThis.performance ?? Date).now();

/** How long to measure, and how to yield between calls: `pause` resolving false stops the measurement. */
export interface TimingOptions {
  runs?: number;
  budgetMs?: number;
  pause?: () => Promise<boolean>;
}

/**
 * Times one variant at N = M on the active backend: a first call, then `runs` calls (at least 3)
 * within `budgetMs`, yielding between calls; undefined when `pause` stopped it.
 */
export async function timeVariant(variant: TimedVariant, n: number, {d, block, k, seed}: Omit<TimingConfig, "smallest" | "largest">, {runs = 5, budgetMs = 1000, pause = async () => true}: TimingOptions = {}): Promise<TimingPoint | undefined> {
  const random = mulberry32(seed);
  const [q, keys, v] = [0, 1, 2].map(() => tf.tensor2d(normalArray(random, n * d, 1), [n, d])); // 3 × [n, d]
  const call = runner(variant, {block, k});
  const once = async () => {
    const start = now();
    const out = call(q, keys, v); // [n, d]
    await out.data();
    out.dispose();
    return now() - start;
  };
  try {
    const compileMs = await compileAhead(() => call(q, keys, v));
    if (!(await pause())) return undefined;
    const firstMs = await once();
    if (!(await pause())) return undefined;
    const before = tf.memory().numBytes;
    const profile = await tf.profile(() => {
      const out = call(q, keys, v); // [n, d]
      const held = tf.memory().numBytes; // the output counts too (the fused kernel is no registered kernel, so the profiler's peak misses it)
      out.dispose();
      return held;
    });
    const bytes = Math.max(0, Math.max(profile.peakBytes, profile.result as number) - before); // peak tensor bytes while one call runs
    const times: number[] = [];
    const started = now();
    while (times.length < 3 || (times.length < runs && now() - started < budgetMs)) {
      if (!(await pause())) return undefined;
      times.push(await once());
    }
    times.sort((a, b) => a - b);
    const macs = variant === "fused" ? attentionMacs("dense", n, n, d) : attentionMacs(variant, n, n, d, {block, k});
    return {variant, backend: activeBackend(), n, d, compileMs, firstMs, ms: times[Math.floor(times.length / 2)], runs: times.length, bytes, macs};
  } finally {
    tf.dispose([q, keys, v]);
  }
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

export interface SweepOptions extends TimingOptions {
  variants?: readonly TimedVariant[];
  /** Skip a call predicted to hold the page longer than this on a backend that computes on the page's own thread (cpu, wasm). */
  maxBlockingMs?: number;
  onPoint?: (point: TimingPoint) => void;
  onSkip?: (skip: TimingSkip) => void;
}

/** Backends whose kernels run on the calling thread: a long call there freezes the page. */
const SYNCHRONOUS = new Set(["cpu", "wasm"]);

/**
 * Times every variant at N = smallest, 2·smallest, … ≤ largest, smallest first. On the CPU and WASM
 * backends a size whose predicted call (the last one times (N/N′)², or the analytic ratio) exceeds
 * maxBlockingMs is skipped and reported, as is the fused kernel off WebGPU.
 */
export async function sweepAttentionTiming(config: Partial<TimingConfig>, {variants = TIMED_VARIANT_KEYS, maxBlockingMs = Infinity, pause = async () => true, onPoint, onSkip, runs, budgetMs}: SweepOptions = {}): Promise<{points: TimingPoint[]; skipped: TimingSkip[]}> {
  const {smallest, largest, ...settings} = requireParameters(TIMING_PARAMETERS, config);
  const points: TimingPoint[] = [];
  const skipped: TimingSkip[] = [];
  const skip = (s: TimingSkip) => (skipped.push(s), onSkip?.(s));
  const last = new Map<TimedVariant, TimingPoint>();
  const tooSlow = new Set<TimedVariant>();
  for (let n = smallest; n <= largest; n *= 2) {
    for (const variant of variants) {
      if (tooSlow.has(variant)) continue;
      const fusedProblem = activeBackend() !== "webgpu" ? "the fused kernel runs on WebGPU only" : fusedAttentionProblem(settings.d, settings.d);
      if (variant === "fused" && fusedProblem) {
        if (n === smallest) skip({variant, n, reason: fusedProblem});
        continue;
      }
      const previous = last.get(variant);
      if (previous && SYNCHRONOUS.has(activeBackend())) {
        const macs = variant === "fused" ? attentionMacs("dense", n, n, settings.d) : attentionMacs(variant, n, n, settings.d, settings);
        const predicted = previous.ms * Math.max(macs / previous.macs, 1);
        if (predicted > maxBlockingMs) {
          skip({variant, n, reason: `one call would hold this page for about ${predicted.toFixed(0)} ms on ${activeBackend()}`});
          tooSlow.add(variant);
          continue;
        }
      }
      if (!(await pause())) return {points, skipped};
      const point = await timeVariant(variant, n, settings, {runs, budgetMs, pause});
      if (!point) return {points, skipped};
      last.set(variant, point);
      points.push(point);
      onPoint?.(point);
    }
  }
  return {points, skipped};
}
// #endregion
