// @ts-check
/** @typedef {typeof import("@tensorflow/tfjs-core")} TF the tfjs module */
/** @typedef {import("@tensorflow/tfjs-core").Tensor} Tensor */

/**
 * The gate between the two windows: for each clip, how much to trust the short (1-s) expert rather
 * than the long (10-s) one, g = σ(uᵀφ + c₀). It reads only the audio: φ = [φ_peak, φ_mean], how much
 * louder the loudest second is than the loudest ten seconds, and the mean energy (both
 * standardised). The model's logit is g·short + (1 − g)·long, and u, c₀ are trained with the experts.
 * @param {TF} tf
 * @param {{u: Tensor, c0: Tensor}} w the gate's weights: u [2, 1] and c₀ (a scalar)
 * @param {Tensor} phi each clip's audio statistics φ: [N clips, 2]
 * @returns {Tensor} g, one weight in [0, 1] per clip: [N]
 */
export function windowGate(tf, w, phi) {
  const score = tf.reshape(tf.matMul(phi, w.u), [-1]); // uᵀφ: [N]
  return tf.sigmoid(tf.add(score, w.c0)); // g = σ(uᵀφ + c₀): [N]
}
