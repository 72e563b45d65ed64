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
  /** Additive bias on the scores, [m] or [n, m]; −∞ (or anything ≤ −1e30) masks a key. */
  bias?: tf.Tensor1D | tf.Tensor2D;
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
 * softmax(Q Kᵀ · scale + bias) V, [n, dv]: the fused WebGPU kernel (no n × m buffer) on WebGPU,
 * plain tfjs ops elsewhere and under a gradient tape, with the same results: a row whose keys are
 * all masked gives zeros.
 */
export function attention(q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D, {bias, scale = 1 / Math.sqrt(q.shape[1]), kernel}: AttentionOptions = {}): tf.Tensor2D {
  if (attentionKernel(q.shape[1], v.shape[1], kernel) === "fused") return fusedAttention(q, k, v, {bias, scale});
  return tf.tidy(() => {
    const raw = tf.mul(tf.matMul(q, k, false, true), scale); // [n, m]
    const scores = tf.maximum(bias ? tf.add(raw, bias) : raw, MASKED_SCORE); // [n, m], −∞ clamped to the mask value
    const kept = tf.step(tf.sub(scores, MASKED_SCORE)); // [n, m], 0 where masked (step, unlike greater, has a gradient: zero)
    const weights = tf.mul(tf.exp(tf.sub(scores, tf.max(scores, 1, true))), kept); // [n, m], unnormalised; the row's largest kept weight is 1
    return tf.div(tf.matMul(weights, v), tf.maximum(tf.sum(weights, 1, true), 1)) as tf.Tensor2D; // [n, dv]: a sum ≥ 1 where any key is kept, zeros where none is
  });
}
