/**
 * The fused WebGPU attention kernel (components/runtime/fusedAttention.ts) on the real tfjs WebGPU backend
 * in Node (Dawn over SwiftShader) equals plain tfjs attention to 1e-4: shapes that are not
 * multiples of the tiles, key and row masks (a fully masked row gives zeros), and extreme logits.
 */
import assert from "node:assert/strict";
import {test} from "node:test";
import {installNodeWebGPU, nodeWebGPUProblem} from "../../scripts/nodeWebGPU.js";

const problem = nodeWebGPUProblem();
if (problem) throw new Error(problem); // .ci/run installs chromium; a missing one is a failure, not a skip

await installNodeWebGPU();
const tf = await import("@tensorflow/tfjs-core");
const {useBackend} = await import("../../components/runtime/runtime.js");
const {attention, attentionKernel, scaledDotProductAttention} = await import("../../components/runtime/attention.js");
const {fusedAttention, fusedTiling} = await import("../../components/runtime/fusedAttention.js");
const {mulberry32, normalArray} = await import("../../components/runtime/prng.js");

interface Case {
  n: number;
  m: number;
  d: number;
  dv: number;
  gain?: number; // multiplies Q: large gains give extreme logits
  bias?: (random: () => number) => {values: number[]; shape: [number] | [number, number]};
}

/** Runs one case on the active backend with the given kernel and returns the output's values. */
async function run({n, m, d, dv, gain = 1, bias}: Case, seed: number, kernel: "fused" | "unfused"): Promise<Float32Array> {
  const random = mulberry32(seed);
  const q = tf.tidy(() => tf.mul(tf.tensor2d(normalArray(random, n * d, 1), [n, d]), gain)) as import("@tensorflow/tfjs-core").Tensor2D; // [n, d]
  const k = tf.tensor2d(normalArray(random, m * d, 1), [m, d]); // [m, d]
  const v = tf.tensor2d(normalArray(random, m * dv, 1), [m, dv]); // [m, dv]
  const b = bias ? bias(random) : undefined;
  const biasTensor = b ? (b.shape.length === 1 ? tf.tensor1d(b.values) : tf.tensor2d(b.values, b.shape as [number, number])) : undefined; // [m] or [n, m]
  const out = attention(q, k, v, {bias: biasTensor, kernel}); // [n, dv]
  try {
    return (await out.data()) as Float32Array;
  } finally {
    tf.dispose([q, k, v, out, ...(biasTensor ? [biasTensor] : [])]);
  }
}

/** Compares the fused kernel on WebGPU with plain ops on WebGPU and on the CPU backend. */
async function compare(label: string, c: Case, seed = 1): Promise<Float32Array> {
  await useBackend("webgpu");
  const fused = await run(c, seed, "fused");
  const unfused = await run(c, seed, "unfused");
  await useBackend("cpu");
  const cpu = await run(c, seed, "unfused");
  await useBackend("webgpu");
  assert.equal(fused.length, c.n * c.dv);
  for (const [name, reference] of [["unfused WebGPU", unfused], ["CPU", cpu]] as const) {
    let worst = 0;
    for (let i = 0; i < fused.length; ++i) {
      assert.ok(Number.isFinite(fused[i]), `${label}: output ${i} is ${fused[i]} (reference ${reference[i]})`);
      worst = Math.max(worst, Math.abs(fused[i] - reference[i]));
    }
    assert.ok(worst < 1e-4, `${label}: fused differs from ${name} by ${worst}`);
  }
  return fused;
}

const gpu = await useBackend("webgpu");
if (gpu.backend !== "webgpu") throw new Error(`WebGPU did not start in Node: ${gpu.messages.join(" ")}`);

test("on WebGPU, attention() picks the fused kernel for head widths up to 128 and plain ops beyond", () => {
  assert.equal(attentionKernel(64, 64), "fused");
  assert.equal(attentionKernel(128, 33), "fused");
  assert.equal(attentionKernel(129, 64), "unfused");
});

test("fused = unfused to 1e-4 where N, M and d are not multiples of the tiles", async () => {
  for (const c of [
    {n: 1, m: 1, d: 1, dv: 1},
    {n: 5, m: 7, d: 3, dv: 2},
    {n: 33, m: 70, d: 17, dv: 5},
    {n: 100, m: 77, d: 33, dv: 17},
    {n: 64, m: 64, d: 64, dv: 64},
    {n: 40, m: 129, d: 128, dv: 128}
  ]) {
    await compare(`n ${c.n}, m ${c.m}, d ${c.d}, dv ${c.dv}`, c);
  }
});

test("a key mask ([m], −∞) and a row mask ([n, m]) give the masked softmax; a fully masked row gives zeros", async () => {
  const keyMask = (m: number) => () => ({values: Array.from({length: m}, (_, j) => (j % 3 === 1 ? -Infinity : 0)), shape: [m] as [number]});
  await compare("key mask", {n: 19, m: 45, d: 8, dv: 6, bias: keyMask(45)});
  const n = 21;
  const m = 50;
  const rowBias = (random: () => number) => ({
    // row 0 sees nothing, row 1 only key 49 (the last, in a partial tile), the rest a random bias with holes
    values: Array.from({length: n * m}, (_, index) => {
      const [row, key] = [Math.floor(index / m), index % m];
      if (row === 0) return -Infinity;
      if (row === 1) return key === m - 1 ? 0 : -Infinity;
      return random() < 0.3 ? -Infinity : 3 * (random() - 0.5);
    }),
    shape: [n, m] as [number, number]
  });
  const out = await compare("row bias", {n, m, d: 12, dv: 7, bias: rowBias});
  assert.deepEqual([...out.slice(0, 7)], [0, 0, 0, 0, 0, 0, 0], "the fully masked row is zeros");
});

test("extreme logits (scores up to about ±10⁴) stay finite and match", async () => {
  await compare("gain 300", {n: 24, m: 90, d: 16, dv: 16, gain: 300});
  await compare("gain 3000, masked keys", {n: 9, m: 33, d: 4, dv: 4, gain: 3000, bias: () => ({values: Array.from({length: 33}, (_, j) => (j < 16 ? -Infinity : 0)), shape: [33]})});
});

test("without a bias, the fused kernel equals tfjs's own matMul-softmax-matMul", async () => {
  const random = mulberry32(7);
  const [n, d] = [300, 64];
  const [q, k, v] = [0, 1, 2].map(() => tf.tensor2d(normalArray(random, n * d, 1), [n, d])); // 3 × [n, d]
  const fused = fusedAttention(q, k, v); // [n, d]
  const plain = scaledDotProductAttention(q, k, v); // [n, d]
  const difference = tf.max(tf.abs(tf.sub(fused, plain))); // []
  const worst = (await difference.data())[0];
  tf.dispose([q, k, v, fused, plain, difference]);
  assert.ok(worst < 1e-4, `max difference ${worst}`);
});

test("every tiling of the kernel gives the same result, and leaks no tensor", async () => {
  const c = {n: 70, m: 100, d: 24, dv: 24};
  const before = tf.memory().numTensors;
  const reference = await run(c, 3, "unfused");
  for (const tiling of [{rows: 32, split: 4}, {rows: 16, split: 1, keysPerTile: 16}, {rows: 8, split: 8, keysPerTile: 32}]) {
    const random = mulberry32(3);
    const [q, k] = [c.d, c.d].map((width, i) => tf.tensor2d(normalArray(random, (i === 0 ? c.n : c.m) * width, 1), [i === 0 ? c.n : c.m, width])); // [n, d], [m, d]
    const v = tf.tensor2d(normalArray(random, c.m * c.dv, 1), [c.m, c.dv]); // [m, dv]
    const out = fusedAttention(q, k, v, tiling); // [n, dv]
    const values = await out.data();
    tf.dispose([q, k, v, out]);
    const worst = Math.max(...Array.from(values, (x, i) => Math.abs(x - reference[i])));
    assert.ok(worst < 1e-4, `${JSON.stringify(tiling)}: ${worst}`);
  }
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => fusedTiling(100, 64, 64, 16384, {rows: 64}), /must not exceed keys per tile/);
  assert.throws(() => fusedTiling(100, 64, 64, 16384, {keysPerTile: 64}), /workgroup memory/);
});

test("on WebGPU a timing sweep compiles each kernel ahead, off the page's thread, and times the fused kernel too", async () => {
  const {sweepAttentionTiming} = await import("../../components/chapters/06-cost/attentionTiming.js");
  await useBackend("webgpu");
  const before = tf.memory().numTensors;
  const {points, skipped} = await sweepAttentionTiming({smallest: 32, largest: 64, d: 8, block: 16, k: 4}, {runs: 3, budgetMs: 50});
  assert.deepEqual(skipped, []);
  assert.deepEqual(points.map((p) => `${p.variant} ${p.n}`), ["dense 32", "local 32", "topk 32", "fused 32", "dense 64", "local 64", "topk 64", "fused 64"]);
  for (const p of points) assert.ok(p.backend === "webgpu" && p.compileMs > 0 && p.ms > 0, JSON.stringify(p));
  const fused = points.find((p) => p.variant === "fused" && p.n === 64)!;
  const dense = points.find((p) => p.variant === "dense" && p.n === 64)!;
  assert.equal(fused.bytes, 64 * 8 * 4, "the fused kernel needs only its output, [64, 8] floats");
  assert.ok(dense.bytes >= 64 * 64 * 4, `dense writes its scores: ${dense.bytes} bytes`);
  assert.equal(tf.memory().numTensors, before);
});

test("compiling ahead is safe while other tfjs work runs: both get right answers", async () => {
  const {compileAhead} = await import("../../components/runtime/runtime.js");
  await useBackend("webgpu");
  const random = mulberry32(11);
  const [q, k, v] = [0, 1, 2].map(() => tf.tensor2d(normalArray(random, 50 * 20, 1), [50, 20])); // 3 × [50, 20], a width no test used yet
  const compiling = compileAhead(() => fusedAttention(q, k, v));
  const meanwhile = scaledDotProductAttention(q, k, v); // [50, 20], runs while the fused kernel compiles
  const plain = await meanwhile.data();
  assert.ok((await compiling) > 0);
  const fused = fusedAttention(q, k, v); // [50, 20]
  const values = await fused.data();
  tf.dispose([q, k, v, meanwhile, fused]);
  const worst = Math.max(...Array.from(values, (x, i) => Math.abs(x - plain[i])));
  assert.ok(worst < 1e-4, `fused after compiling ahead differs by ${worst}`);
});

test("past the device's buffer limit tfjs's three ops fail with a GPU error while the fused kernel needs no N × N buffer", async () => {
  const {attentionAtSize, sizePastBufferLimit} = await import("../../components/chapters/06-cost/attentionAtSize.js");
  const {gpuBufferLimit} = await import("../../components/runtime/runtime.js");
  await useBackend("webgpu");
  const before = tf.memory().numTensors;
  const limit = gpuBufferLimit()!;
  const past = sizePastBufferLimit(limit); // N × N float32 scores no longer fit
  assert.ok(past ** 2 * 4 > limit && (past / 2) ** 2 * 4 <= limit, `${past} is the first power of two past ${limit} bytes`);
  const unfused = await attentionAtSize("unfused", past, {d: 4});
  assert.equal(unfused.ok, false, `N = ${past} against a ${limit}-byte limit`);
  assert.match(unfused.why!, /size|limit|buffer/i);
  for (const kernel of ["fused", "unfused"] as const) {
    const small = await attentionAtSize(kernel, 300, {d: 16});
    assert.ok(small.ok, `${kernel} at N = 300: ${small.why}`);
  }
  assert.equal(tf.memory().numTensors, before);
});

test("under a gradient tape attention() runs plain ops (the fused kernel is forward-only) and fusedAttention says so", async () => {
  await useBackend("webgpu");
  const random = mulberry32(5);
  const [q, k, v] = [0, 1, 2].map(() => tf.tensor2d(normalArray(random, 12 * 8, 1), [12, 8])); // 3 × [12, 8]
  type T2 = import("@tensorflow/tfjs-core").Tensor2D;
  const gradient = tf.grad((x) => tf.sum(attention(x as T2, k, v)))(q); // [12, 8]
  const expected = tf.grad((x) => tf.sum(attention(x as T2, k, v, {kernel: "unfused"})))(q); // [12, 8]
  const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(gradient, expected)))); // []
  const worst = (await difference.data())[0];
  assert.ok(worst < 1e-5, `gradient differs by ${worst}`);
  assert.throws(() => tf.grad((x) => tf.sum(fusedAttention(x as T2, k, v)))(q), /has no gradient/);
  tf.dispose([q, k, v, gradient, expected, difference]);
});

test.after(() => setImmediate(() => process.exit(process.exitCode ?? 0))); // Dawn keeps the event loop alive
