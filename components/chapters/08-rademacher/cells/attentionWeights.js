// @ts-check
/** @typedef {typeof import("@tensorflow/tfjs-core")} TF the tfjs module */
/** @typedef {import("@tensorflow/tfjs-core").Tensor} Tensor */

/**
 * The attention weights of the fusion x̄_i = Σ_m α_{i,m} x_{i,m}: how much each of sample point i's
 * M modalities counts before the linear read-out w (‖w‖ ≤ B). For each draw of the random signs σ
 * the best w is exact, so the estimate is the mean over draws of (B/n)‖Σ_i σ_i x̄_i‖. The signs are
 * the labels the class is asked to fit: weights that never look at them are given; weights that do
 * were fitted to the sample. These are given: uniform, the same for every point and draw.
 * @param {TF} tf
 * @param {{x: Tensor, sigma: Tensor}} sample the modalities x [10 samples S, n points, M, d] and the signs σ = ±1 [10, D draws, n]
 * @returns {Tensor} α ≥ 0, summing to 1 over the M modalities: [10, n, M], or [10, D, n, M] for weights that differ by draw
 */
export function attentionWeights(tf, sample) {
  const [S, n, M] = sample.x.shape;
  return tf.fill([S, n, M], 1 / M); // α_{i,m} = 1/M: [10, n, M]
}
