// @ts-check
/** @typedef {typeof import("@tensorflow/tfjs-core")} TF the TensorFlow.js API: tf.matMul, tf.mul, tf.add, tf.sum, … */
/** @typedef {import("@tensorflow/tfjs-core").Tensor} Tensor */

/**
 * The bilinear model's score for each of the four objects, the handshake f = sᵀWc + b: the shape
 * picks a row of W, the colour a column, and the score is that entry plus the bias. The model's
 * probability of True is p = σ(f); training adjusts W and b.
 * @param {TF} tf
 * @param {Tensor} s the shapes, one-hot [cube, sphere]: [4 objects, 2]
 * @param {Tensor} c the colours, one-hot [red, blue]: [4 objects, 2]
 * @param {Tensor} W the weights, a row per shape and a column per colour: [2, 2]
 * @param {Tensor} b the bias: []
 * @returns {Tensor} f, one score per object: [4]
 */
export function bilinearScore(tf, s, c, W, b) {
  const sW = tf.matMul(s, W); // sᵀW, the shape's row of W: [4, 2 colours]
  return tf.add(tf.sum(tf.mul(sW, c), 1), b); // sᵀWc + b: [4]
}
