// @ts-check
/** @typedef {typeof import("@tensorflow/tfjs-core")} TF TensorFlow.js: tf.matMul, tf.exp, tf.softmax, … */
/** @typedef {import("@tensorflow/tfjs-core").Tensor} Tensor */
/** @typedef {import("@tensorflow/tfjs-core").Scalar} Scalar */
/** @typedef {import("@tensorflow/tfjs-core").Tensor3D} Tensor3D */

/**
 * The fusion's attention: how much ligand atom i attends to pocket atom j, from its query, the pocket
 * atom's key and their squared distance, a_ij = exp(min(q_iᵀk_j/√H − γ d_ij², 4)). Not normalised:
 * binding energies add up over contacts. The prediction is then ŷ = Σ_ij a_ij h^L_iᵀ U h^P_j + c.
 * @param {TF} tf
 * @param {Tensor3D} q [B, 5 ligand atoms, 8]: q_i
 * @param {Tensor3D} k [B, 10 pocket atoms, 8]: k_j
 * @param {Tensor3D} d2 [B, 5, 10]: d_ij² = ‖x^L_i − x^P_j‖², in Å²
 * @param {Scalar} gamma []: γ > 0, the distance penalty (learned)
 * @returns {Tensor} [B, 5, 10]: a_ij, one weight per ligand–pocket pair
 */
export function contactAttention(tf, q, k, d2, gamma) {
  const H = q.shape[2]; // 8
  const scores = tf.sub(tf.div(tf.matMul(q, k, false, true), Math.sqrt(H)), tf.mul(gamma, d2)); // [B, 5, 10]: s_ij = q_iᵀk_j/√H − γ d_ij²
  return tf.exp(tf.minimum(scores, 4)); // [B, 5, 10]: a_ij = e^min(s_ij, 4)
}
