import * as tf from "@tensorflow/tfjs-core";
import {fusedAttention, fusedAttentionProblem, MASKED_SCORE} from "./fusedAttention.js";

/** softmax(Q Kᵀ / √d) V for Q [n, d], K [m, d], V [m, dv] as tfjs's own three ops; returns [n, dv] (Vaswani et al. 2017). */
export function scaledDotProductAttention(q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(q.shape[1])); // [n, m]
    const weights = tf.softmax(scores); // [n, m], rows sum to 1
    return tf.matMul(weights, v) as tf.Tensor2D; // [n, dv]
  });
}

export interface AttentionOptions {
  /** Additive bias on the scores, broadcast against them ([m], [n, m], or [batch, 1, m] for batched inputs); −∞ (or anything ≤ −1e30) masks a key. */
  bias?: tf.Tensor;
  /** Multiplies Q Kᵀ; 1/√d by default. */
  scale?: number;
  /** "auto" (default) runs the fused kernel where the backend is WebGPU; "unfused" always uses plain ops. */
  kernel?: "auto" | "fused" | "unfused";
}

/**
 * Which implementation attention() picks for these widths on the active backend: the fused kernel
 * on WebGPU, except while gradients are being recorded (it is forward-only) or past its widths.
 */
export function attentionKernel(d: number, dv: number, kernel: AttentionOptions["kernel"] = "auto"): "fused" | "unfused" {
  if (kernel === "unfused") return "unfused";
  if (kernel === "fused") return "fused";
  return tf.getBackend() === "webgpu" && !fusedAttentionProblem(d, dv) && !tf.engine().isTapeOn() ? "fused" : "unfused";
}

/**
 * The largest score of each row [..., n, 1], subtracted before exp only to keep it finite: the normalised weights do
 * not depend on it, so its gradient is zero. tfjs's own gradient of max is not (it compares every score with the
 * row's largest, then the terms cancel), and on WASM that comparison cost chapter 13 4 ms per attention and step.
 */
const rowMax = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const scores = args[0] as tf.Tensor; // [..., n, m]
  return {value: tf.max(scores, -1, true), gradFunc: () => tf.zerosLike(scores)}; // [..., n, 1]; the gradient [..., n, m]
}) as (scores: tf.Tensor) => tf.Tensor;

/**
 * The attention weights softmax(Q Kᵀ · scale + bias) over the keys, for Q [..., n, d] and K [..., m, d]
 * (any leading batch axes, the same for both): [..., n, m], each row summing to 1, and a row whose keys are
 * all masked all zeros. What attention() multiplies V by where it does not run the fused kernel, and what
 * a figure reads to show where a model looked.
 */
export function attentionWeights(q: tf.Tensor, k: tf.Tensor, {bias, scale = 1 / Math.sqrt(q.shape[q.rank - 1])}: Omit<AttentionOptions, "kernel"> = {}): tf.Tensor {
  return tf.tidy(() => {
    const raw = tf.mul(tf.matMul(q, k, false, true), scale); // [..., n, m]
    const scores = tf.maximum(bias ? tf.add(raw, bias) : raw, MASKED_SCORE); // [..., n, m], −∞ clamped to the mask value
    const kept = tf.step(tf.sub(scores, MASKED_SCORE)); // [..., n, m], 0 where masked (step, unlike greater, has a gradient: zero)
    const weights = tf.mul(tf.exp(tf.sub(scores, rowMax(scores))), kept); // [..., n, m], unnormalised; the row's largest kept weight is 1
    return tf.div(weights, tf.maximum(tf.sum(weights, -1, true), 1)); // [..., n, m]: a sum ≥ 1 where any key is kept, zeros where none is
  });
}

/**
 * softmax(Q Kᵀ · scale + bias) V: for Q [n, d], K [m, d], V [m, dv], [n, dv], through the fused WebGPU
 * kernel (no n × m buffer) on WebGPU; for batched Q [..., n, d], K and V [..., m, ·], [..., n, dv]; plain
 * tfjs ops elsewhere, for batches and under a gradient tape, with the same results: a row whose keys are
 * all masked gives zeros.
 */
export function attention<T extends tf.Tensor>(q: T, k: T, v: T, {bias, scale = 1 / Math.sqrt(q.shape[q.rank - 1]), kernel}: AttentionOptions = {}): T {
  if (q.rank === 2 && attentionKernel(q.shape[1]!, v.shape[1]!, kernel) === "fused") return fusedAttention(q as unknown as tf.Tensor2D, k as unknown as tf.Tensor2D, v as unknown as tf.Tensor2D, {bias: bias as tf.Tensor1D | tf.Tensor2D | undefined, scale}) as unknown as T;
  return tf.tidy(() => tf.matMul(attentionWeights(q, k, {bias, scale}), v)) as T; // [..., n, dv]
}
