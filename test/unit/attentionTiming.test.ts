/** Chapter 6's timing sweep (components/chapters/06-cost/attentionTiming.ts) on the CPU backend: what it measures, skips and stops. */
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {logLogSlope, sweepAttentionTiming, timeVariant, type TimingPoint} from "../../components/chapters/06-cost/attentionTiming.js";
import {attentionMacs} from "../../components/chapters/06-cost/attentionVariants.js";
import {ParameterError} from "../../components/runtime/parameters.js";
import {useBackend} from "../../components/runtime/runtime.js";

before(async () => {
  await useBackend("cpu");
});

test("logLogSlope recovers the exponent of a power law (2 for N², 1 for N)", () => {
  const ns = [64, 128, 256, 512];
  assert.ok(Math.abs(logLogSlope(ns.map((n) => ({n, ms: 3e-4 * n * n}))) - 2) < 1e-9);
  assert.ok(Math.abs(logLogSlope(ns.map((n) => ({n, ms: 0.01 * n}))) - 1) < 1e-9);
  assert.ok(Number.isNaN(logLogSlope([{n: 64, ms: 1}])));
});

test("a sweep times dense, block-local and top-k at every doubling of N, and says the fused kernel needs WebGPU", async () => {
  const before = tf.memory().numTensors;
  const seen: TimingPoint[] = [];
  const {points, skipped} = await sweepAttentionTiming({smallest: 16, largest: 64, d: 8, block: 8, k: 4}, {runs: 3, budgetMs: 50, onPoint: (p) => seen.push(p)});
  assert.deepEqual(points.map((p) => `${p.variant} ${p.n}`), ["dense 16", "local 16", "topk 16", "dense 32", "local 32", "topk 32", "dense 64", "local 64", "topk 64"]);
  assert.deepEqual(seen, points, "every point is reported as it is measured");
  assert.deepEqual(skipped.map((s) => [s.variant, s.reason]), [["fused", "the fused kernel runs on WebGPU only"]]);
  for (const p of points) {
    assert.equal(p.backend, "cpu");
    assert.ok(p.ms > 0 && p.firstMs > 0 && p.runs >= 3, `${p.variant} ${p.n}: ${JSON.stringify(p)}`);
    assert.equal(p.compileMs, 0, "nothing to compile off WebGPU");
    assert.equal(p.macs, attentionMacs(p.variant === "fused" ? "dense" : p.variant, p.n, p.n, 8, {block: 8, k: 4}));
  }
  assert.equal(tf.memory().numTensors, before, "no tensor is left behind");
});

test("the memory a call needs beyond its inputs includes dense attention's N × N scores, and grows as N²", async () => {
  const settings = {d: 8, block: 8, k: 4, seed: 1};
  const measure = async (variant: "dense" | "local", n: number) => (await timeVariant(variant, n, settings))!; // no pause: never stopped
  const [small, large] = [await measure("dense", 32), await measure("dense", 64)];
  assert.ok(small.bytes >= 32 * 32 * 4, `${small.bytes} bytes at N = 32`);
  assert.ok(large.bytes >= 64 * 64 * 4, `${large.bytes} bytes at N = 64`);
  const [dense, local] = [await measure("dense", 256), await measure("local", 256)];
  assert.ok(local.bytes < dense.bytes / 4, `at N = 256 block-local needs ${local.bytes} bytes, dense ${dense.bytes}`);
});

test("on the page's own thread a call predicted past the blocking limit is skipped and said so", async () => {
  const {points, skipped} = await sweepAttentionTiming({smallest: 32, largest: 256, d: 8, block: 8, k: 4}, {variants: ["dense"], runs: 3, budgetMs: 20, maxBlockingMs: 0.001});
  assert.deepEqual(points.map((p) => p.n), [32], "only the first size runs");
  assert.equal(skipped.length, 1, "the variant is skipped once, not at every larger size");
  assert.match(skipped[0].reason, /would hold its thread for about \d+ ms on cpu/);
});

test("a sweep stops as soon as its pause callback says so (the reader left or changed a control)", async () => {
  let calls = 0;
  const before = tf.memory().numTensors;
  const {points} = await sweepAttentionTiming({smallest: 16, largest: 128, d: 8, block: 8, k: 4}, {runs: 3, pause: async () => ++calls < 4});
  assert.equal(points.length, 0, "no size finished");
  assert.equal(calls, 4);
  assert.equal(tf.memory().numTensors, before, "a stopped measurement frees its inputs");
});

test("bad settings are refused with a message naming them", async () => {
  await assert.rejects(sweepAttentionTiming({smallest: 0}), (error: unknown) => error instanceof ParameterError && /smallest N must be between 16 and 4096, not 0/.test(error.message));
  await assert.rejects(sweepAttentionTiming({d: 3}), ParameterError);
});
