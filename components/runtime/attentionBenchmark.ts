/**
 * Times softmax(QKᵀ/√d)V on each tfjs backend of this machine: the home page's "your machine" panel.
 */
import {attentionKernel} from "./attention.js";
import {timeVariant} from "../chapters/06-cost/attentionTiming.js";
import {withBackend, type BackendName, type RuntimeOptions} from "./runtime.js";
import {nextTask} from "./trainingLoop.js";

export interface AttentionTiming {
  backend: BackendName;
  kernel: "fused" | "unfused"; // on WebGPU the course's fused kernel, elsewhere tfjs's matMul-softmax-matMul
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

/**
 * Times attention() as it runs on the active backend (the fused kernel on WebGPU, tfjs's three ops
 * elsewhere) until the budget is spent, at least 3 timed calls: chapter 6's timing of one size.
 */
export async function benchmarkAttention({n = 256, d = 64, budgetMs = 2000, seed = 1}: AttentionBenchmarkOptions = {}): Promise<AttentionTiming> {
  const kernel = attentionKernel(d, d);
  const pause = async () => (await nextTask(), true); // a task of its own between calls: the page stays responsive
  const point = (await timeVariant(kernel === "fused" ? "fused" : "dense", n, {d, block: n, k: n, seed}, {runs: 200, budgetMs, pause}))!; // never stopped
  return {backend: point.backend as BackendName, kernel, n, d, runs: point.runs, firstMs: point.compileMs + point.firstMs, medianMs: point.ms, gflops: (4 * n * n * d) / (point.ms * 1e6)};
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
