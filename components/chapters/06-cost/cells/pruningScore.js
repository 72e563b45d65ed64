// @ts-check
/** @typedef {typeof import("@tensorflow/tfjs-core")} TF the tfjs module */
/** @typedef {import("@tensorflow/tfjs-core").Tensor} Tensor */

/**
 * The pruning score: how much each patch deserves to be kept. EViT keeps the patches the [CLS]
 * token attends to most; its proxy here is x_p · x̄, each patch's dot product with the mean patch —
 * salience, without the question. The ⌈κ·64⌉ patches with the highest scores are kept, and the text
 * then grounds to the kept patch with the largest q · x_p. The query q is in `scene` for a score
 * that reads the question; this one does not.
 * @param {TF} tf
 * @param {{patches: Tensor, query: Tensor}} scene every scene's patches x [S scenes, 64, 16] and text query q [S, 16, 1]
 * @returns {Tensor} one score per patch, highest kept first: [S, 64]
 */
export function pruningScore(tf, scene) {
  const x = scene.patches; // x_p: [S, 64, 16]
  const [S, P] = x.shape;
  const mean = tf.matMul(tf.fill([1, 1, P], 1 / P), x); // x̄, the mean patch: [S, 1, 16]
  return tf.reshape(tf.matMul(x, mean, false, true), [S, P]); // x_p · x̄: [S, 64]
}
