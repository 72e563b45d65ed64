// @ts-check
/** @typedef {typeof import("@tensorflow/tfjs-core")} TF TensorFlow.js: tf.matMul, tf.softmax, tf.reshape, … */
/** @typedef {import("@tensorflow/tfjs-core").Tensor} Tensor */
/** @typedef {import("@tensorflow/tfjs-core").Tensor2D} Tensor2D */
/** @typedef {import("@tensorflow/tfjs-core").Tensor3D} Tensor3D */

/**
 * Single-head scaled dot-product cross-attention of one masked query per row over that row's m
 * tokens of the other modality, softmax(q kᵀ/√d) v: the masked word over the 4 cells (A), the
 * masked cell over the sentence's 2 tokens (B). Training learns the projections through it.
 * @param {TF} tf
 * @param {Tensor2D} query [B, 16]: the masked token, one per row
 * @param {Tensor3D} context [B, m, 16]: the other modality's tokens (m = 4 cells or 2 words)
 * @param {{Wq: Tensor, Wk: Tensor, Wv: Tensor}} w the projections, [16, 16] each
 * @returns {{read: Tensor2D, weights: Tensor2D}} what each query reads, [B, 16], and its attention over the tokens, [B, m]
 */
export function crossAttend(tf, query, context, {Wq, Wk, Wv}) {
  const [B, m, d] = context.shape;
  const flat = tf.reshape(context, [B * m, d]); // [B·m, 16]
  const q = tf.reshape(tf.matMul(query, Wq), [B, 1, d]); // [B, 1, 16]
  const k = tf.reshape(tf.matMul(flat, Wk), [B, m, d]); // [B, m, 16]
  const v = tf.reshape(tf.matMul(flat, Wv), [B, m, d]); // [B, m, 16]
  const weights = tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(d))); // [B, 1, m]: softmax(q kᵀ/√d)
  return {read: tf.reshape(tf.matMul(weights, v), [B, d]), weights: tf.reshape(weights, [B, m])}; // [B, 16], [B, m]
}
