import * as tf from "@tensorflow/tfjs-core";

/** Reads a chunk's per-step scalars (losses, accuracies) back in one transfer and frees them. */
export async function readScalars(records: tf.Scalar[]): Promise<Float32Array> {
  if (!records.length) return new Float32Array(0);
  const stacked = tf.stack(records); // [records]
  tf.dispose(records);
  try {
    return (await stacked.data()) as Float32Array; // one read-back per chunk
  } finally {
    stacked.dispose();
  }
}
