import * as tf from "@tensorflow/tfjs-core";

/**
 * a [n, k] · b [k, m] → [n, m], whose gradients multiply explicitly transposed copies instead of asking matMul to
 * transpose an operand. tfjs's WASM backend hands an untransposed product to XNNPACK but multiplies a transposed one
 * in a plain loop: for chapter 13's patch embedding, xᵀ·dy ([2304, 192]ᵀ · [2304, 32]) took 12.5 ms that way and
 * 1.6 ms as transpose(x) · dy (Node 20, tfjs-backend-wasm, this 2-core machine), and matMul's own gradient asks for
 * both transposed forms. The values are the same products; on the GPU backends the extra transposes are cheap.
 */
export const plainMatMul = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a, b), // [n, m]
    gradFunc: (dy, [a, b]) => [
      tf.matMul(dy, tf.transpose(b)), // [n, m] · [m, k] → [n, k]
      tf.matMul(tf.transpose(a), dy) // [k, n] · [n, m] → [k, m]
    ]
  };
}) as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;
