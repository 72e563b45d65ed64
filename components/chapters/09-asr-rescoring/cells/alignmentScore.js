// @ts-check
/** @typedef {typeof import("@tensorflow/tfjs-core")} TF TensorFlow.js: tf.matMul, tf.max, tf.mean, tf.logSumExp, … */
/** @typedef {import("@tensorflow/tfjs-core").Tensor2D} Tensor2D */
/** @typedef {import("@tensorflow/tfjs-core").Tensor3D} Tensor3D */

/**
 * How well each hypothesis of an N-best list is shown by its image: the cosine of the word's
 * embedding with its best-matching region, A(h, I) = max_r cos(e_h, r) — attention at its hardest.
 * Every trial at once; words and regions are unit vectors, so a dot product is a cosine.
 * The soft version, with β = 10: (1/β) log Σ_r e^{β cos} = tf.div(tf.logSumExp(tf.mul(cos, 10), 2), 10).
 * @param {TF} tf
 * @param {Tensor3D} hypotheses [trials, 4 hypotheses, 16]: e_h
 * @param {Tensor3D} regions [trials, 5 regions, 16]: the image's regions r
 * @returns {Tensor2D} [trials, 4]: A(h, I), one score per hypothesis
 */
export function alignmentScore(tf, hypotheses, regions) {
  const cos = tf.matMul(hypotheses, regions, false, true); // [trials, 4 hypotheses, 5 regions]: cos(e_h, r)
  return tf.max(cos, 2); // [trials, 4]: A(h, I) = max_r cos(e_h, r)
}
