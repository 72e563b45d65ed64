/** SPEC.md section 6: block-local and top-k attention match plain-JS references; MAC counts; no leaks. */
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {scaledDotProductAttention} from "../../components/runtime/attention.js";
import {attentionMacs, blockLocalAttention, topKAttention, topKMass} from "../../components/chapters/06-cost/attentionVariants.js";
import {mulberry32, normalArray} from "../../components/runtime/prng.js";
import {useBackend} from "../../components/runtime/runtime.js";
import {blockLocalReference, denseReference, topKMassReference, topKReference} from "./referenceAttention.js";

const TOLERANCE = 1e-4;

before(async () => {
  await useBackend("cpu");
});

/** Seeded N(0, 1) Q [n, d], K [m, d], V [m, dv] as rows, for the references. */
function inputs(seed: number, n: number, m: number, d: number, dv: number): {q: number[][]; k: number[][]; v: number[][]} {
  const random = mulberry32(seed);
  const rows = (count: number, width: number) => {
    const flat = normalArray(random, count * width, 1);
    return [...Array(count).keys()].map((i) => Array.from(flat.subarray(i * width, (i + 1) * width)));
  };
  return {q: rows(n, d), k: rows(m, d), v: rows(m, dv)};
}

/** Runs `variant` on tensors of the rows and reads its output back as nested arrays, disposing everything. */
function read<T>(variant: (q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D) => tf.Tensor, {q, k, v}: {q: number[][]; k: number[][]; v: number[][]}): T {
  const tensors = [tf.tensor2d(q), tf.tensor2d(k), tf.tensor2d(v)] as const;
  const out = variant(...tensors);
  const values = out.arraySync() as T;
  tf.dispose([...tensors, out]);
  return values;
}

/** read() of a variant that returns [n, dv]. */
const run = (variant: (q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D) => tf.Tensor, data: {q: number[][]; k: number[][]; v: number[][]}) => read<number[][]>(variant, data);

function assertClose(actual: number[][], expected: number[][], label: string): void {
  assert.equal(actual.length, expected.length, `${label}: rows`);
  actual.forEach((row, i) => {
    assert.equal(row.length, expected[i].length, `${label}: row ${i} width`);
    row.forEach((x, c) => assert.ok(Math.abs(x - expected[i][c]) < TOLERANCE, `${label}: [${i}][${c}] = ${x}, reference ${expected[i][c]}`));
  });
}

// [n, m, d, dv, block]
const LOCAL_SHAPES = [
  [8, 8, 4, 4, 4], // whole blocks
  [10, 10, 3, 5, 4], // n, m not multiples of the block, dv ≠ d
  [7, 7, 4, 2, 3],
  [5, 5, 3, 3, 1], // one key per query: the output is V
  [12, 12, 4, 4, 16], // block wider than the sequence: dense
  [6, 9, 4, 3, 4], // fewer queries than keys
  [9, 6, 4, 3, 4] // more queries than keys: query block 2 has no key
];

test("block-local attention equals the plain-JS reference to 1e-4 (n, m not multiples of b, dv ≠ d, n ≠ m)", () => {
  LOCAL_SHAPES.forEach(([n, m, d, dv, block], s) => {
    const data = inputs(10 + s, n, m, d, dv);
    assertClose(run((q, k, v) => blockLocalAttention(q, k, v, {block}), data), blockLocalReference(data.q, data.k, data.v, block), `[${n}, ${m}, ${d}, ${dv}], b = ${block}`);
  });
});

test("block-local attention with one block covering every key is dense attention", () => {
  const data = inputs(3, 12, 12, 4, 6);
  assertClose(run((q, k, v) => blockLocalAttention(q, k, v, {block: 12}), data), denseReference(data.q, data.k, data.v), "b = n");
  assertClose(run((q, k, v) => blockLocalAttention(q, k, v, {block: 100}), data), run(scaledDotProductAttention, data), "b > n vs scaledDotProductAttention");
});

// [n, m, d, dv]
const TOPK_SHAPES = [
  [5, 7, 4, 3],
  [9, 9, 6, 6],
  [4, 16, 8, 5]
];

test("top-k attention equals the plain-JS reference to 1e-4 for k = 1, 2, m/2 and m, dv ≠ d", () => {
  TOPK_SHAPES.forEach(([n, m, d, dv], s) => {
    const data = inputs(20 + s, n, m, d, dv);
    for (const k of [1, 2, Math.floor(m / 2), m]) {
      assertClose(run((q, keys, v) => topKAttention(q, keys, v, {k}), data), topKReference(data.q, data.k, data.v, k), `[${n}, ${m}, ${d}, ${dv}], k = ${k}`);
    }
  });
});

test("top-k attention with k = m is dense attention, and k is clamped to [1, m]", () => {
  const data = inputs(30, 6, 11, 4, 3);
  const dense = denseReference(data.q, data.k, data.v);
  assertClose(run((q, k, v) => topKAttention(q, k, v, {k: 11}), data), dense, "k = m vs reference");
  assertClose(run((q, k, v) => topKAttention(q, k, v, {k: 11}), data), run(scaledDotProductAttention, data), "k = m vs scaledDotProductAttention");
  assertClose(run((q, k, v) => topKAttention(q, k, v, {k: 50}), data), dense, "k > m");
  assertClose(run((q, k, v) => topKAttention(q, k, v, {k: Infinity}), data), dense, "k = ∞");
  assertClose(run((q, k, v) => topKAttention(q, k, v, {k: 0}), data), topKReference(data.q, data.k, data.v, 1), "k = 0 → 1");
});

test("top-k mass equals the plain-JS reference, grows with k and is 1 at k = m", () => {
  const data = inputs(40, 7, 10, 5, 5);
  let previous = new Array<number>(7).fill(0);
  for (const k of [1, 3, 5, 10]) {
    const mass = read<number[]>((q, keys) => topKMass(q, keys, {k}), data); // [n]
    const expected = topKMassReference(data.q, data.k, k);
    mass.forEach((x, i) => {
      assert.ok(Math.abs(x - expected[i]) < TOLERANCE, `k = ${k}, query ${i}: ${x} vs ${expected[i]}`);
      assert.ok(x >= previous[i] - 1e-6, `k = ${k}, query ${i}: mass fell`);
    });
    previous = mass;
  }
  previous.forEach((x) => assert.ok(Math.abs(x - 1) < 1e-5));
});

test("attentionMacs: dense 2·N·M·d, local 2·N·b·d (blocks full, padding counted otherwise), top-k N·M·d + N·k·d", () => {
  assert.equal(attentionMacs("dense", 256, 256, 32), 2 * 256 * 256 * 32);
  assert.equal(attentionMacs("dense", 100, 300, 16), 2 * 100 * 300 * 16);
  assert.equal(attentionMacs("local", 1024, 1024, 32, {block: 64}), 2 * 1024 * 64 * 32);
  assert.equal(attentionMacs("dense", 1024, 1024, 32) / attentionMacs("local", 1024, 1024, 32, {block: 64}), 1024 / 64);
  assert.equal(attentionMacs("local", 10, 10, 3, {block: 4}), 2 * 3 * 4 * 4 * 3); // 3 blocks of 4, 2 padded rows
  assert.equal(attentionMacs("local", 12, 12, 4, {block: 100}), attentionMacs("dense", 12, 12, 4)); // one block: dense
  assert.equal(attentionMacs("topk", 256, 256, 32, {k: 16}), 256 * 256 * 32 + 256 * 16 * 32);
  assert.equal(attentionMacs("topk", 8, 5, 4, {k: 99}), 8 * 5 * 4 + 8 * 5 * 4); // k clamped to m
  assert.throws(() => attentionMacs("local", 8, 8, 4), /block/);
  assert.throws(() => attentionMacs("topk", 8, 8, 4), /needs k/);
});

test("bad block sizes and fractional k are refused", () => {
  const [q, k, v] = [tf.zeros([4, 2]), tf.zeros([4, 2]), tf.zeros([4, 2])] as tf.Tensor2D[];
  try {
    assert.throws(() => blockLocalAttention(q, k, v, {block: 0}), RangeError);
    assert.throws(() => blockLocalAttention(q, k, v, {block: 1.5}), RangeError);
    assert.throws(() => topKAttention(q, k, v, {k: 1.5}), RangeError);
    assert.throws(() => topKMass(q, k, {k: NaN}), RangeError);
  } finally {
    tf.dispose([q, k, v]);
  }
});

test("no variant leaks a tensor: only the returned one stays", () => {
  const {q, k, v} = inputs(50, 10, 10, 4, 3);
  const tensors = [tf.tensor2d(q), tf.tensor2d(k), tf.tensor2d(v)] as const;
  const baseline = tf.memory().numTensors;
  for (const make of [
    () => blockLocalAttention(...tensors, {block: 4}),
    () => topKAttention(...tensors, {k: 3}),
    () => topKMass(tensors[0], tensors[1], {k: 3})
  ]) {
    const out = make();
    assert.equal(tf.memory().numTensors, baseline + 1);
    out.dispose();
    assert.equal(tf.memory().numTensors, baseline);
  }
  tf.dispose([...tensors]);
});
