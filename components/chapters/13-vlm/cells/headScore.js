// @ts-check
/** @typedef {typeof import("@tensorflow/tfjs-core")} TF TensorFlow.js: tf.matMul, tf.div, tf.mul, tf.zerosLike, … */
/** @typedef {import("@tensorflow/tfjs-core").Tensor3D} Tensor3D */

/**
 * One cross-attention head's score: how well each word's query matches each patch's key. The softmax over the
 * patches then turns a word's scores into its weights, and the head reads the patches' values with them. The
 * model was trained with the scaled dot product below; your version replaces it in the chosen head only, for the
 * trained model as it is (nothing is trained again), on the held-out questions.
 * @param {TF} tf
 * @param {Tensor3D} q the words' queries in this head: [B questions, 10 words, 16]
 * @param {Tensor3D} k the patches' keys in this head: [B questions, 36 patches, 16]
 * @returns {Tensor3D} the scores: [B questions, 10 words, 36 patches]
 */
export function headScore(tf, q, k) {
  const width = q.shape[2]; // 16, the head's width
  return tf.div(tf.matMul(q, k, false, true), Math.sqrt(width)); // q·k / √16: [B, 10, 36]
}
