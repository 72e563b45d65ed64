import * as tf from "@tensorflow/tfjs-core";

/** softmax(Q Kᵀ / √d) V for Q [n, d], K [m, d], V [m, dv]; returns [n, dv] (Vaswani et al. 2017). */
export function scaledDotProductAttention(q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(q.shape[1])); // [n, m]
    const weights = tf.softmax(scores); // [n, m], rows sum to 1
    return tf.matMul(weights, v) as tf.Tensor2D; // [n, dv]
  });
}
