/**
 * Whether attention completes at N = M on the active backend: the fused WebGPU kernel or tfjs's own
 * matMul-softmax-matMul, with no error (GPU errors included: a score matrix past the device's buffer
 * limit is one) and rows 0, N/2 and N − 1 equal to a float64 reference. Chapter 6's "past the
 * limit" button and `npm run bench:attention` both ask it.
 */
import * as tf from "@tensorflow/tfjs-core";
import {scaledDotProductAttention} from "../../runtime/attention.js";
import {fusedAttention} from "../../runtime/fusedAttention.js";
import {mulberry32, normalArray} from "../../runtime/prng.js";
import {catchGPUErrors} from "../../runtime/runtime.js";
import {type AttentionAtSize} from "./bufferLimit.js";

export * from "./bufferLimit.js"; // the settings and labels, which the page imports without tfjs

/** softmax(q_i Kᵀ/√d) V for row i, in float64. */
function referenceRow(q: Float32Array, k: Float32Array, v: Float32Array, n: number, d: number, row: number): number[] {
  const scores = Array.from({length: n}, (_, j) => {
    let s = 0;
    for (let c = 0; c < d; ++c) s += q[row * d + c] * k[j * d + c];
    return s / Math.sqrt(d);
  });
  const max = Math.max(...scores);
  const weights = scores.map((s) => Math.exp(s - max));
  const total = weights.reduce((a, b) => a + b, 0);
  return Array.from({length: d}, (_, c) => weights.reduce((sum, w, j) => sum + w * v[j * d + c], 0) / total);
}

/** Runs one attention call of N queries and keys of width d and checks three rows against float64. */
export async function attentionAtSize(kernel: "fused" | "unfused", n: number, {d = 64, seed = 2}: {d?: number; seed?: number} = {}): Promise<AttentionAtSize> {
  const random = mulberry32(seed);
  const [qData, kData, vData] = [0, 1, 2].map(() => normalArray(random, n * d, 1));
  const start = performance.now();
  const {value, error} = await catchGPUErrors(async () => {
    const [q, k, v] = [qData, kData, vData].map((values) => tf.tensor2d(values, [n, d])); // 3 × [n, d]
    try {
      const out = kernel === "fused" ? fusedAttention(q, k, v) : scaledDotProductAttention(q, k, v); // [n, d]
      try {
        return (await out.data()) as Float32Array;
      } finally {
        out.dispose();
      }
    } finally {
      tf.dispose([q, k, v]);
    }
  });
  const ms = performance.now() - start;
  if (error !== undefined) return {kernel, n, ok: false, ms, why: error.slice(0, 240)};
  for (const row of [0, n >> 1, n - 1]) {
    const expected = referenceRow(qData, kData, vData, n, d, row);
    const worst = Math.max(...expected.map((x, c) => Math.abs(x - value[row * d + c])));
    if (!(worst < 1e-3)) return {kernel, n, ok: false, ms, why: `row ${row} differs from a float64 reference by ${worst.toPrecision(3)}`};
  }
  return {kernel, n, ok: true, ms};
}
