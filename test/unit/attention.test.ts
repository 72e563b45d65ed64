/** attention() and attentionWeights() on batches: the same numbers as one example at a time and as a plain-JS reference, masks included. */
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {attention, attentionWeights} from "../../components/runtime/attention.js";
import {mulberry32, normalArray} from "../../components/runtime/prng.js";
import {useBackend} from "../../components/runtime/runtime.js";
import {denseReference} from "./referenceAttention.js";

const TOLERANCE = 1e-5;

before(async () => {
  await useBackend("cpu");
});

const close = (actual: ArrayLike<number>, expected: ArrayLike<number>, what: string) => {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < actual.length; ++i) assert.ok(Math.abs(actual[i] - expected[i]) < TOLERANCE, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
};

test("batched attention [B, n, d] gives each example what two-dimensional attention gives it, and the plain-JS softmax(QKᵀ/√d)V", () => {
  const [B, n, m, d, dv] = [3, 4, 5, 8, 6];
  const random = mulberry32(7);
  const q = tf.tensor3d(normalArray(random, B * n * d, 1), [B, n, d]);
  const k = tf.tensor3d(normalArray(random, B * m * d, 1), [B, m, d]);
  const v = tf.tensor3d(normalArray(random, B * m * dv, 1), [B, m, dv]);
  const batched = attention(q, k, v); // [B, n, dv]
  assert.deepEqual(batched.shape, [B, n, dv]);
  const all = batched.dataSync();
  for (let b = 0; b < B; ++b) {
    const [qb, kb, vb] = [q, k, v].map((t) => tf.squeeze(tf.slice(t, [b, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D);
    const one = attention(qb, kb, vb); // [n, dv]
    close(all.subarray(b * n * dv, (b + 1) * n * dv), one.dataSync(), `example ${b}`);
    const rows = (t: tf.Tensor2D) => t.arraySync();
    close(all.subarray(b * n * dv, (b + 1) * n * dv), denseReference(rows(qb), rows(kb), rows(vb)).flat(), `reference ${b}`);
    tf.dispose([qb, kb, vb, one]);
  }
  tf.dispose([q, k, v, batched]);
});

test("attention weights sum to 1 over the keys kept, are 0 on masked keys, and 0 on a row whose keys are all masked", () => {
  const random = mulberry32(3);
  const q = tf.tensor3d(normalArray(random, 2 * 3 * 4, 1), [2, 3, 4]);
  const k = tf.tensor3d(normalArray(random, 2 * 5 * 4, 1), [2, 5, 4]);
  const bias = tf.tensor3d([0, 0, -Infinity, 0, -Infinity, ...Array(5).fill(-Infinity)], [2, 1, 5]); // example 0: keys 2 and 4 masked; example 1: every key
  const weights = attentionWeights(q, k, {bias}).arraySync() as number[][][];
  for (const row of weights[0]) {
    close([row.reduce((a, b) => a + b, 0)], [1], "row sum");
    assert.equal(row[2], 0);
    assert.equal(row[4], 0);
  }
  for (const row of weights[1]) assert.deepEqual(row, [0, 0, 0, 0, 0]);
  tf.dispose([q, k, bias]);
});
