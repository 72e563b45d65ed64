// @ts-check
/** @typedef {typeof import("@tensorflow/tfjs-core")} TF the TensorFlow.js API: tf.matMul, tf.mul, tf.sum, tf.norm, … */
/** @typedef {import("@tensorflow/tfjs-core").Tensor} Tensor */

/**
 * The dot model's score e_t for every frame of every clip: the query word picks its row of M, a
 * learned direction u = qM in spectrum space, and each frame's spectrum a_t (the key) scores how far
 * it points along u. Attention is α = softmax_t(e_t), so the frames compete for the word.
 * @param {TF} tf
 * @param {Tensor} q the query words, one-hot: [N clips, 8 words]
 * @param {Tensor} M the learned weights, one spectrum per word: [8 words, 16 bins]
 * @param {Tensor} frames the clips' spectra a_t, the keys: [N clips, 6 frames, 16 bins]
 * @returns {Tensor} e, one score per frame: [N clips, 6 frames]
 */
export function dotScore(tf, q, M, frames) {
  const u = tf.matMul(q, M); // u = qM, the word's direction: [N, 16]
  return tf.sum(tf.mul(frames, tf.expandDims(u, 1)), 2); // e_t = u · a_t: [N, 6]
}
