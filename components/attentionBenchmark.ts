/**
 * Times softmax(QKᵀ/√d)V on each tfjs backend of this machine: the home page's "your machine" panel.
 */
import * as tf from "@tensorflow/tfjs-core";
import {scaledDotProductAttention} from "./attention.js";
import {mulberry32, normalArray} from "./prng.js";
import {activeBackend, withBackend, type BackendName, type RuntimeOptions} from "./runtime.js";

export interface AttentionTiming {
  backend: BackendName;
  n: number; // queries = keys
  d: number; // head dimension
  runs: number;
  firstMs: number; // first call: includes shader compilation or kernel set-up
  medianMs: number; // later calls, output read back each time
  gflops: number; // 4·n²·d flops per call / median time
}

export interface AttentionBenchmarkOptions {
  n?: number;
  d?: number;
  budgetMs?: number; // time for each backend, first call included
  seed?: number;
}

const now = () => (globalThis.performance ?? Date).now();

/** Times attention on the active backend until the budget is spent (at least 3 timed calls). */
export async function benchmarkAttention({n = 256, d = 64, budgetMs = 2000, seed = 1}: AttentionBenchmarkOptions = {}): Promise<AttentionTiming> {
  const random = mulberry32(seed);
  const [q, k, v] = [0, 1, 2].map(() => tf.tensor2d(normalArray(random, n * d, 1), [n, d])); // 3 × [n, d]
  const call = async () => {
    const start = now();
    const out = scaledDotProductAttention(q, k, v); // [n, d]
    await out.data();
    out.dispose();
    return now() - start;
  };
  try {
    const started = now();
    const firstMs = await call();
    const times: number[] = [];
    while (times.length < 3 || (now() - started < budgetMs && times.length < 200)) times.push(await call());
    times.sort((a, b) => a - b);
    const medianMs = times[Math.floor(times.length / 2)];
    return {backend: activeBackend(), n, d, runs: times.length, firstMs, medianMs, gflops: (4 * n * n * d) / (medianMs * 1e6)};
  } finally {
    tf.dispose([q, k, v]);
  }
}

/**
 * Benchmarks each named backend in turn (reporting any that cannot run), each timing as it arrives;
 * the backend that ran before is active again afterwards.
 */
export async function benchmarkBackends(
  backends: readonly BackendName[],
  {onTiming, runtime, ...options}: AttentionBenchmarkOptions & {onTiming?: (timing: AttentionTiming | {backend: BackendName; error: string}) => void; runtime?: RuntimeOptions}
): Promise<void> {
  for (const backend of backends) {
    const timing = await withBackend(
      backend,
      async (report) => (report.backend === backend ? benchmarkAttention(options) : {backend, error: report.messages.join(" ") || `${backend} is not available`}),
      runtime
    );
    onTiming?.(timing);
  }
}
