// @ts-check
/** @typedef {typeof import("@tensorflow/tfjs-core")} TF the TensorFlow.js API: tf.matMul, tf.add, tf.sigmoid, … */
/** @typedef {import("@tensorflow/tfjs-core").Tensor} Tensor */

/**
 * The text gate s = σ(W_t t + b): one gate between 0 and 1 per channel, set by the text alone. The
 * text names a concept (one-hot t), which picks a row of W_t, a learned gate setting per concept; the
 * model then reads the gated channels, wᵀ(s ⊙ z) + b, so a channel whose gate is shut is not heard.
 * @param {TF} tf
 * @param {Tensor} text the text's concept, one-hot: [N examples, 8 concepts]
 * @param {Tensor} Wt the learned weights, a gate setting per concept: [8 concepts, 8 channels]
 * @param {Tensor} b the learned bias, one per channel: [8 channels]
 * @returns {Tensor} s, one gate per channel of each example: [N examples, 8 channels]
 */
export function textGate(tf, text, Wt, b) {
  return tf.sigmoid(tf.add(tf.matMul(text, Wt), b)); // σ(W_t t + b): [N, 8]
}
