/**
 * Chapter 6b (SPEC.md section 6): how far top-k attention lands from dense attention as k grows,
 * for diffuse attention (Gaussian Q, K, V) and for peaked attention (queries and keys drawn around
 * 16 cluster centres), next to the bound ‖o_k − o‖ ≤ 2(1 − m_k)·max_j‖v_j‖. Closed form, no
 * training; the page, the tests and the command line all call this.
 */
import * as tf from "@tensorflow/tfjs-core";
import {scaledDotProductAttention} from "../../runtime/attention.js";
import {topKAttention, topKMass} from "./attentionVariants.js";
import {gaussian, mulberry32, normalArray, type Random, streamSeed} from "../../runtime/prng.js";
import {requireParameters} from "../../runtime/parameters.js";
import {activeBackend} from "../../runtime/runtime.js";
import {nextTask} from "../../runtime/trainingLoop.js";
import {TOPK_ERROR_PARAMETERS, type TopKErrorConfig, type TopKErrorPoint, type TopKErrorResult} from "./topKSettings.js";

export * from "./topKSettings.js"; // the settings and labels, which the page imports without tfjs

/** The peaked case's construction (SPEC.md 6b): x = 2·c_z + 0.3·ε around 16 centres c ~ N(0, I). */
export const CLUSTERS = {count: 16, scale: 2, noise: 0.3} as const;

/** The ks of the sweep: powers of two below n, then n itself (1, 2, 4, …, 256 at n = 256). */
export function defaultKs(n: number): number[] {
  const ks: number[] = [];
  for (let k = 1; k < n; k *= 2) ks.push(k);
  return [...ks, n];
}

/** `rows` points 2·c_z + 0.3·ε, each around a uniformly drawn centre z of `centres` [16 · d]. */
function clusteredRows(random: Random, centres: Float32Array, rows: number, d: number): Float32Array {
  const out = new Float32Array(rows * d);
  for (let i = 0; i < rows; ++i) {
    const z = Math.floor(random() * CLUSTERS.count);
    for (let j = 0; j < d; ++j) out[i * d + j] = CLUSTERS.scale * centres[z * d + j] + CLUSTERS.noise * gaussian(random);
  }
  return out;
}

/** Q, K, V as flat arrays [n · d] each. */
interface Case {
  q: Float32Array;
  k: Float32Array;
  v: Float32Array;
}

function diffuseCase(random: Random, n: number, d: number): Case {
  return {q: normalArray(random, n * d, 1), k: normalArray(random, n * d, 1), v: normalArray(random, n * d, 1)};
}

function clusteredCase(random: Random, n: number, d: number): Case {
  const centres = normalArray(random, CLUSTERS.count * d, 1); // [16 · d]
  const k = clusteredRows(random, centres, n, d);
  const q = clusteredRows(random, centres, n, d);
  return {q, k, v: normalArray(random, n * d, 1)};
}

/**
 * Error, mass and bound at each k, then the mean e^H, for one case: one read-back. Each k is its
 * own task, so a browser tab on a CPU-side backend stays responsive.
 */
async function sweep({q: qData, k: kData, v: vData}: Case, n: number, d: number, ks: number[]): Promise<{points: TopKErrorPoint[]; support: number}> {
  const q = tf.tensor2d(qData, [n, d]); // [n queries, d]
  const k = tf.tensor2d(kData, [n, d]); // [n keys, d]
  const v = tf.tensor2d(vData, [n, d]); // [n keys, d]
  const rows: tf.Tensor[] = [];
  try {
    const [o, norm, largestValue] = tf.tidy(() => {
      const o = scaledDotProductAttention(q, k, v); // [n, d], dense
      return [o, tf.norm(o), tf.max(tf.norm(v, "euclidean", 1))]; // [n, d], []: ‖o‖_F, []: max_j ‖v_j‖
    });
    rows.push(o, norm, largestValue); // freed with the rows
    const measured = rows.length;
    for (const kept of ks) {
      await nextTask();
      rows.push(
        tf.tidy(() => {
          const error = tf.div(tf.norm(tf.sub(topKAttention(q, k, v, {k: kept}), o)), norm); // []
          const mass = topKMass(q, k, {k: kept}); // [n]
          const bound = tf.div(tf.norm(tf.mul(tf.mul(2, tf.sub(1, mass)), largestValue)), norm); // []
          return tf.stack([error, tf.mean(mass), bound]); // [3]
        })
      );
    }
    await nextTask();
    const state = tf.tidy(() => {
      const logWeights = tf.logSoftmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(d))); // [n, n]
      const entropy = tf.neg(tf.sum(tf.mul(tf.exp(logWeights), logWeights), 1)); // [n]
      return tf.concat([...rows.slice(measured), tf.reshape(tf.mean(tf.exp(entropy)), [1])]); // [3 · ks + 1]
    });
    const values = await state.data(); // one read-back per case
    state.dispose();
    return {
      points: ks.map((k, i) => ({k, error: values[3 * i], mass: values[3 * i + 1], bound: values[3 * i + 2]})),
      support: values[3 * ks.length]
    };
  } finally {
    tf.dispose([q, k, v, ...rows]);
  }
}

/** Runs SPEC.md 6b (error vs k, diffuse and clustered) on the active backend; ks default to defaultKs(n). */
export async function runTopKError(config: Partial<TopKErrorConfig> & {ks?: number[]} = {}): Promise<TopKErrorResult> {
  const {ks: requested, ...settings} = config;
  const {seed, n, d} = requireParameters(TOPK_ERROR_PARAMETERS, settings);
  const ks = requested ?? defaultKs(n);
  for (const k of ks) if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`each k must be a whole number from 1 to ${n}, not ${k}`);
  const backend = activeBackend();
  const diffuse = await sweep(diffuseCase(mulberry32(streamSeed(seed, 1)), n, d), n, d, ks);
  const clustered = await sweep(clusteredCase(mulberry32(streamSeed(seed, 2)), n, d), n, d, ks);
  return {
    seed,
    backend,
    n,
    d,
    diffuse: diffuse.points,
    clustered: clustered.points,
    effectiveSupport: {diffuse: diffuse.support, clustered: clustered.support}
  };
}
