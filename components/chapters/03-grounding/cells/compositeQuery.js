// @ts-check
/** @typedef {typeof import("@tensorflow/tfjs-core")} TF the TensorFlow.js API: tf.mul, tf.sum, tf.logSigmoid, tf.slice, … */
/** @typedef {import("@tensorflow/tfjs-core").Tensor} Tensor */

/**
 * Step 2, the composite query: each object's score s_j, from what it is (its key k_j against the
 * target's colour ⊕ shape q) and where it is relative to the anchor that step 1 found, p̂_b. The
 * answer is the object with the highest score.
 *   left of:    s_j = β₂ qᵀk_j + β₂ log σ(κ (x̂_b − x_j))
 *   closest to: s_j = β₂ qᵀk_j − λ ‖p_j − p̂_b‖²
 * @param {TF} tf
 * @param {Tensor} keys each object's colour ⊕ shape one-hot k_j: [S scenes, 8 objects, 7]
 * @param {Tensor} positions each object's position p_j = (x_j, y_j): [S, 8, 2]
 * @param {Tensor} anchor step 1's estimate of the anchor's position p̂_b = (x̂_b, ŷ_b): [S, 2]
 * @param {Tensor} q the target's colour ⊕ shape, e_red ⊕ e_ball: [7]
 * @param {"left" | "closest"} relation "left of" or "closest to" the anchor
 * @param {{beta2: number, kappa: number, lambda: number}} constants β₂ = 30, κ = 20, λ = 10
 * @returns {Tensor} s, one score per object: [S, 8]
 */
export function compositeQuery(tf, keys, positions, anchor, q, relation, {beta2, kappa, lambda}) {
  const content = tf.mul(beta2, tf.sum(tf.mul(keys, q), 2)); // β₂ qᵀk_j: [S, 8]
  if (relation === "left") {
    const x = tf.squeeze(tf.slice(positions, [0, 0, 0], [-1, -1, 1]), [2]); // x_j: [S, 8]
    const xHat = tf.slice(anchor, [0, 0], [-1, 1]); // x̂_b: [S, 1]
    return tf.add(content, tf.mul(beta2, tf.logSigmoid(tf.mul(kappa, tf.sub(xHat, x))))); // + β₂ log σ(κ(x̂_b − x_j)): [S, 8]
  }
  const offsets = tf.sub(positions, tf.expandDims(anchor, 1)); // p_j − p̂_b: [S, 8, 2]
  return tf.add(content, tf.mul(-lambda, tf.sum(tf.square(offsets), 2))); // − λ‖p_j − p̂_b‖²: [S, 8]
}
