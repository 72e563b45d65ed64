// @ts-check
/** @typedef {typeof import("@tensorflow/tfjs-core")} TF the tfjs module */
/** @typedef {import("@tensorflow/tfjs-core").Tensor} Tensor */

/**
 * The co-attention affinity: how strongly each image patch and each word go together. Bilinear
 * co-attention with W = I and no nonlinearity is the plain dot product, C_pt = x_p · y_t, so C = XYᵀ
 * (Lu et al. 2016 apply tanh to it; the dynamic co-attention network of Xiong et al. 2017 a softmax).
 * The figures read its SVD: the singular values σ_r, the patch modes u_r and the word modes v_r.
 * @param {TF} tf
 * @param {Tensor} x each scene's patches x_p: [B scenes, 64 patches, 32]
 * @param {Tensor} y each caption's words y_t: [B, 16 words, 32]
 * @returns {Tensor} C, one affinity per patch (row) and word (column): [B, 64, 16]
 */
export function coAttentionAffinity(tf, x, y) {
  return tf.matMul(x, y, false, true); // C = XYᵀ, C_pt = x_p · y_t: [B, 64, 16]
}
