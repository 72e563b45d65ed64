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
import {nextTask} from "../../runtime/trainingLoop.js";
import {activeBackend, compileAhead} from "../../runtime/runtime.js";
import {requireParameters} from "../../runtime/parameters.js";
import {type TimedVariant, TIMED_VARIANT_KEYS, TIMING_PARAMETERS, type TimingConfig, type TimingPoint, type TimingSkip} from "./timingSettings.js";

export * from "./timingSettings.js"; // the settings and labels, which the page imports without tfjs

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

export interface SweepOptions extends TimingOptions {
  variants?: readonly TimedVariant[];
  /** Skip a call predicted to hold its thread longer than this on a backend that computes on the calling thread (cpu, wasm): the sweep could not stop mid-call. */
  maxBlockingMs?: number;
  /** Stops the sweep before its next call (the page's worker gets its reader's "replaced" this way; `pause` is for callers on the same thread). */
  signal?: AbortSignal;
  onPoint?: (point: TimingPoint) => void;
  onSkip?: (skip: TimingSkip) => void;
}

/** Backends whose kernels run on the calling thread: a long call there holds it, and nothing can stop the call. */
const SYNCHRONOUS = new Set(["cpu", "wasm"]);

/**
 * Times every variant at N = smallest, 2·smallest, … ≤ largest, smallest first. On the CPU and WASM
 * backends a size whose predicted call (the last one times (N/N′)², or the analytic ratio) exceeds
 * maxBlockingMs is skipped and reported, as is the fused kernel off WebGPU.
 */
export async function sweepAttentionTiming(config: Partial<TimingConfig>, {variants = TIMED_VARIANT_KEYS, maxBlockingMs = Infinity, signal, pause = async () => (await nextTask(), !signal?.aborted), onPoint, onSkip, runs, budgetMs}: SweepOptions = {}): Promise<{points: TimingPoint[]; skipped: TimingSkip[]}> {
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
          skip({variant, n, reason: `one call would hold its thread for about ${predicted.toFixed(0)} ms on ${activeBackend()}`});
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
