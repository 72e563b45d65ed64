/**
 * Chapter 7 (SPEC.md section 7): reading a co-attention matrix with its SVD. A planted scene puts
 * three concepts (barn, dog, cat) on blocks of an 8 × 8 patch grid and on words of a 16-token
 * caption; the affinity C = XYᵀ (bilinear co-attention with W = I and no tanh or softmax) then has
 * σ_k ≈ a_k√(|S_k||T_k|), and its singular vectors u_k, v_k are the concept's patches and tokens.
 * Power iteration with deflation on G = CᵀC finds them, batched over matrices so a noise sweep is
 * one pass. Closed form, no training; the page, the tests and the command line all call this.
 */
import * as tf from "@tensorflow/tfjs-core";
import {mulberry32, normalArray, streamSeed} from "../../runtime/prng.js";
import {ParameterError, parameterProblem, requireParameters} from "../../runtime/parameters.js";
import {activeBackend, type BackendName} from "../../runtime/runtime.js";
import {nextTask, type RunOptions} from "../../runtime/trainingLoop.js";
import {coAttentionAffinity} from "./cells/coAttentionAffinity.js";
import {checkedCell, type EditableCell} from "../../editing/editableCells.js";
import {SVD_PARAMETERS, type SVDConfig, type SVDConcept, SVD_SCENE} from "./svdScene.js";
import {returnedText} from "../../editing/returnedText.js";

export * from "./svdScene.js"; // the settings and labels, which the page imports without tfjs
const P = SVD_SCENE.grid * SVD_SCENE.grid; // 64 patches
const T = SVD_SCENE.tokens.length; // 16 tokens
const D = SVD_SCENE.d; // 32
const K = SVD_SCENE.concepts.length; // 3

/** The noise levels of the default sweep: 0, 0.025, …, 0.3 (13 levels). */
export const SWEEP_NOISES = Array.from({length: 13}, (_, i) => Math.round(i * 25) / 1000);
/** The seeds of the default sweep. */
export const SWEEP_SEEDS = [1, 2, 3, 4, 5];

/** The gains a_k of the concepts in SVD_SCENE order: a₁ = a₂ = 1, a₃ = strength3. */
export function strengths(strength3: number): number[] {
  return [1, 1, strength3];
}

/** The predicted singular values a_k√(|S_k||T_k|) in SVD_SCENE order (8, 4, 2.83 at a = 1). */
export function predictedSingularValues(strength3: number): number[] {
  const gains = strengths(strength3);
  return SVD_SCENE.concepts.map((concept, k) => gains[k] * Math.sqrt(concept.patches.length * concept.tokens.length));
}

/** SVD_SCENE's concept indices ordered by predicted σ, largest first (ties keep scene order): mode k ↔ concept order[k]. */
export function conceptOrder(strength3: number): number[] {
  const predicted = predictedSingularValues(strength3);
  return predicted.map((_, k) => k).sort((a, b) => predicted[b] - predicted[a] || a - b);
}

/** K orthonormal directions μ_k ∈ R^d [K · d]: Gaussian vectors, then Gram–Schmidt (in float64). */
export function conceptDirections(seed: number): Float64Array {
  const random = mulberry32(streamSeed(seed, 1));
  const mu = Float64Array.from(normalArray(random, K * D, 1));
  for (let k = 0; k < K; ++k) {
    const row = mu.subarray(k * D, (k + 1) * D);
    for (let j = 0; j < k; ++j) {
      const previous = mu.subarray(j * D, (j + 1) * D);
      const dot = row.reduce((sum, value, i) => sum + value * previous[i], 0);
      for (let i = 0; i < D; ++i) row[i] -= dot * previous[i];
    }
    const norm = Math.hypot(...row);
    for (let i = 0; i < D; ++i) row[i] /= norm;
  }
  return mu;
}

/**
 * The planted scene of SPEC.md 7: X = Σ_k a_k 1_{S_k} μ_kᵀ + σE [P · d] and Y = Σ_k 1_{T_k} μ_kᵀ + σE'
 * [T · d], E and E' standard Gaussian. The directions and the noise draws depend only on the seed,
 * so the same seed at another σ or a₃ is the same scene with more noise or a louder cat.
 */
export function plantedScene(seed: number, noise: number, strength3: number): {x: Float32Array; y: Float32Array} {
  const mu = conceptDirections(seed);
  const x = normalArray(mulberry32(streamSeed(seed, 2)), P * D, 1); // E, then scaled and shifted in place
  const y = normalArray(mulberry32(streamSeed(seed, 3)), T * D, 1); // E'
  for (let i = 0; i < x.length; ++i) x[i] *= noise;
  for (let i = 0; i < y.length; ++i) y[i] *= noise;
  const gains = strengths(strength3);
  SVD_SCENE.concepts.forEach((concept, k) => {
    for (const p of concept.patches) for (let i = 0; i < D; ++i) x[p * D + i] += gains[k] * mu[k * D + i];
    for (const t of concept.tokens) for (let i = 0; i < D; ++i) y[t * D + i] += mu[k * D + i];
  });
  return {x, y};
}

/** Options of powerSVD: steps per vector, the seed of the start vectors, and what to await between vectors. */
export interface PowerSVDOptions {
  iterations: number;
  seed: number;
  pause?: () => Promise<void>; // nextTask by default, so a browser tab stays responsive
}

/** The top `rank` singular triplets of each matrix of a batch; the caller owns (and disposes) the tensors. */
export interface PowerSVD {
  values: tf.Tensor2D; // [B, rank] σ_r, in the order found (descending once converged)
  u: tf.Tensor3D; // [B, P, rank] left singular vectors (modes over patches), unit length
  v: tf.Tensor3D; // [B, T, rank] right singular vectors (modes over tokens), unit length
}

// #region svd
/**
 * The top `rank` singular triplets of each C [B, P, T] by power iteration with deflation on G = CᵀC,
 * pausing between vectors. Eight steps v ← Gv/‖Gv‖ point v where one step with G⁸ does, so the
 * iterations run in blocks of eight with G⁸ (three squarings, each rescaled by its largest entry):
 * the same vector in exact arithmetic, with a sixth of the GPU dispatches.
 */
export async function powerSVD(c: tf.Tensor3D, rank: number, {iterations, seed, pause = nextTask}: PowerSVDOptions): Promise<PowerSVD> {
  const [batch, , tokens] = c.shape;
  const random = mulberry32(seed);
  let g = tf.matMul(c, c, true, false) as tf.Tensor3D; // [B, T, T] G = CᵀC
  const found: tf.Tensor[] = []; // σ_r [B, 1, 1], u_r [B, P, 1], v_r [B, T, 1] for each r
  try {
    for (let r = 0; r < rank; ++r) {
      if (r > 0) await pause();
      const start = normalArray(random, tokens, 1); // the same Gaussian start for every matrix of the batch
      const [sigma, u, v, deflated] = tf.tidy(() => {
        const v0 = tf.tile(tf.reshape(tf.tensor1d(start), [1, tokens, 1]), [batch, 1, 1]); // [B, T, 1]
        const step = (power: tf.Tensor3D, v: tf.Tensor3D) => {
          const gv = tf.matMul(power, v); // [B, T, 1]
          return tf.divNoNan(gv, tf.norm(gv, "euclidean", 1, true)) as tf.Tensor3D; // [B, T, 1] v ← Gv/‖Gv‖ (0 if Gv = 0)
        };
        const square = (power: tf.Tensor3D) => {
          const p2 = tf.matMul(power, power); // [B, T, T]
          return tf.divNoNan(p2, tf.max(tf.abs(p2), [1, 2], true)) as tf.Tensor3D; // [B, T, T] rescaled: a direction, not a size
        };
        const g8 = square(square(square(g))); // [B, T, T] ∝ G⁸
        let v = tf.divNoNan(v0, tf.norm(v0, "euclidean", 1, true)) as tf.Tensor3D; // [B, T, 1] unit start
        for (let i = 0; i + 8 <= iterations; i += 8) v = step(g8, v); // eight steps at once
        for (let i = iterations - (iterations % 8); i < iterations; ++i) v = step(g, v); // the rest one by one
        const sigma = tf.sqrt(tf.relu(tf.sum(tf.mul(v, tf.matMul(g, v)), 1, true))); // [B, 1, 1] σ = √(vᵀGv), clamped ≥ 0
        const deflated = tf.sub(g, tf.mul(tf.square(sigma), tf.matMul(v, v, false, true))); // [B, T, T] G − σ²vvᵀ
        const u = tf.divNoNan(tf.matMul(c, v), sigma); // [B, P, 1] u = Cv/σ (0 where σ = 0)
        const extremes = tf.add(tf.max(u, 1, true), tf.min(u, 1, true)); // [B, 1, 1] < 0 iff the largest |u_p| is negative
        const flip = tf.sub(1, tf.mul(2, tf.cast(tf.less(extremes, 0), "float32"))); // [B, 1, 1] ±1
        return [sigma, tf.mul(u, flip), tf.mul(v, flip), deflated]; // flip u and v together: Cv = σu still holds
      });
      g.dispose();
      g = deflated as tf.Tensor3D;
      found.push(sigma, u, v);
    }
    return tf.tidy(() => ({
      values: tf.reshape(tf.concat(found.filter((_, i) => i % 3 === 0), 2), [batch, rank]) as tf.Tensor2D, // [B, rank]
      u: tf.concat(found.filter((_, i) => i % 3 === 1), 2) as tf.Tensor3D, // [B, P, rank]
      v: tf.concat(found.filter((_, i) => i % 3 === 2), 2) as tf.Tensor3D // [B, T, rank]
    }));
  } finally {
    tf.dispose([g, ...found]);
  }
}
// #endregion

/** One matrix's decomposition, read back: C [P · T], σ [rank], u [P · rank] and v [T · rank] (mode r is column r). */
interface ReadBack {
  affinity: Float32Array;
  values: Float32Array;
  u: Float32Array;
  v: Float32Array;
}

/** The affinity's signature: C [B, P, T] from the patches X [B, P, d] and the words Y [B, T, d] (components/chapters/07-svd/cells/coAttentionAffinity.js, which a reader can edit). */
export type CoAttentionAffinity = (tfjs: typeof tf, x: tf.Tensor3D, y: tf.Tensor3D) => tf.Tensor;

/** Builds the affinity (C = XYᵀ by default) for every scene of the batch, runs powerSVD and reads everything back in one transfer. */
async function decompose(scenes: {x: Float32Array; y: Float32Array}[], rank: number, iterations: number, seed: number, signal?: AbortSignal, affinity: CoAttentionAffinity = coAttentionAffinity): Promise<ReadBack[]> {
  const batch = scenes.length;
  const c = tf.tidy(() => {
    const x = tf.tensor3d(concatenate(scenes.map((scene) => scene.x)), [batch, P, D]); // [B, P, d]
    const y = tf.tensor3d(concatenate(scenes.map((scene) => scene.y)), [batch, T, D]); // [B, T, d]
    return tf.cast(affinity(tf, x, y), "float32") as tf.Tensor3D; // [B, P, T] C = XYᵀ
  });
  let svd: PowerSVD | undefined;
  let flat: tf.Tensor1D | undefined;
  try {
    svd = await powerSVD(c, rank, {iterations, seed, pause: () => nextTask(signal)});
    const {values, u, v} = svd;
    flat = tf.tidy(() => tf.concat([c, values, u, v].map((tensor) => tf.reshape(tensor, [-1])))) as tf.Tensor1D; // [B · (P·T + rank + P·rank + T·rank)]
    const data = (await flat.data()) as Float32Array; // the one read-back
    const sizes = [P * T, rank, P * rank, T * rank];
    const offsets = sizes.map((_, i) => batch * sizes.slice(0, i).reduce((a, b) => a + b, 0));
    const part = (which: number, b: number) => data.slice(offsets[which] + b * sizes[which], offsets[which] + (b + 1) * sizes[which]);
    return scenes.map((_, b) => ({affinity: part(0, b), values: part(1, b), u: part(2, b), v: part(3, b)}));
  } finally {
    tf.dispose([c, flat ?? [], svd ? [svd.values, svd.u, svd.v] : []]);
  }
}

function concatenate(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, part) => n + part.length, 0));
  parts.reduce((offset, part) => (out.set(part, offset), offset + part.length), 0);
  return out;
}

/** Column r of a row-major [rows · columns] array. */
export function column(data: ArrayLike<number>, rows: number, columns: number, r: number): number[] {
  return Array.from({length: rows}, (_, i) => data[i * columns + r]);
}

/** |cos(w, 1_S)|: how much of the unit direction of w lies on the index set S (w of any length). */
export function indicatorCosine(w: ArrayLike<number>, indices: number[]): number {
  const norm = Math.hypot(...Array.from(w));
  if (norm === 0) return 0;
  const sum = indices.reduce((total, i) => total + w[i], 0);
  return Math.abs(sum) / (norm * Math.sqrt(indices.length));
}

/** Gram–Schmidt on the columns (each of length n), in float64: an orthonormal basis of their span (dropping dependent ones). */
export function orthonormalize(columns: ArrayLike<number>[]): number[][] {
  const basis: number[][] = [];
  for (const original of columns) {
    const w = Array.from(original);
    for (const q of basis) {
      const dot = w.reduce((sum, value, i) => sum + value * q[i], 0);
      for (let i = 0; i < w.length; ++i) w[i] -= dot * q[i];
    }
    const norm = Math.hypot(...w);
    if (norm > 1e-12) basis.push(w.map((value) => value / norm));
  }
  return basis;
}

/** The eigenvalues of a small symmetric matrix by cyclic Jacobi rotations, ascending (float64). */
export function symmetricEigenvalues(matrix: number[][]): number[] {
  const a = matrix.map((row) => [...row]);
  const n = a.length;
  for (let sweep = 0; sweep < 100; ++sweep) {
    let off = 0;
    for (let p = 0; p < n; ++p) for (let q = p + 1; q < n; ++q) off += a[p][q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; ++p) {
      for (let q = p + 1; q < n; ++q) {
        if (a[p][q] === 0) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cos = 1 / Math.sqrt(t * t + 1);
        const sin = t * cos;
        for (let k = 0; k < n; ++k) {
          const [akp, akq] = [a[k][p], a[k][q]];
          a[k][p] = cos * akp - sin * akq;
          a[k][q] = sin * akp + cos * akq;
        }
        for (let k = 0; k < n; ++k) {
          const [apk, aqk] = [a[p][k], a[q][k]];
          a[p][k] = cos * apk - sin * aqk;
          a[q][k] = sin * apk + cos * aqk;
        }
      }
    }
  }
  return a.map((row, i) => row[i]).sort((x, y) => x - y);
}

/**
 * The cosine of the largest principal angle between span(a) and span(b) (columns of equal length):
 * the smallest singular value of QₐᵀQ_b with orthonormal bases, 1 when the spans agree. Plain JS.
 */
export function subspaceCosine(a: ArrayLike<number>[], b: ArrayLike<number>[]): number {
  const qa = orthonormalize(a);
  const qb = orthonormalize(b);
  if (!qa.length || !qb.length) return 0;
  const [rows, columns] = qa.length <= qb.length ? [qa, qb] : [qb, qa]; // M = rows·columnsᵀ has min(dim) rows
  const dot = (x: number[], y: number[]) => x.reduce((sum, value, i) => sum + value * y[i], 0);
  const m = rows.map((x) => columns.map((y) => dot(x, y))); // the smaller side of QₐᵀQ_b (or its transpose)
  const gram = m.map((x) => m.map((y) => dot(x, y))); // MMᵀ: its eigenvalues are the squared singular values
  return Math.sqrt(Math.max(0, symmetricEigenvalues(gram)[0]));
}

/** The indicator 1_S of an index set as a length-n array. */
export function indicator(indices: number[], n: number): number[] {
  const out = new Array<number>(n).fill(0);
  for (const i of indices) out[i] = 1;
  return out;
}

/** One mode of the SVD: σ_r with its patch mode u_r [64] and token mode v_r [16]. */
export interface SVDMode {
  sigma: number;
  u: number[];
  v: number[];
}

/** SPEC.md 7 for one seed: the affinity, its top 5 singular triplets, and how well they recover the planted concepts. */
export interface CoAttentionSVDResult {
  seed: number;
  backend: BackendName;
  noise: number;
  strength3: number;
  iterations: number;
  grid: number; // 8
  tokens: string[]; // [16]
  order: string[]; // concept names in mode order (by predicted σ, largest first)
  concepts: SVDConcept[]; // in mode order: concept k ↔ mode k
  affinity: number[][]; // [64][16] C = XYᵀ
  singularValues: number[]; // top 5, in the order found
  predicted: number[]; // top 3 a_k√(|S_k||T_k|), in mode order
  gap: number; // σ₃/σ₄
  modes: SVDMode[]; // 5
  cosPatches: number[]; // |cos(u_k, 1_{S_k})|, k = 1..3
  cosTokens: number[]; // |cos(v_k, 1_{T_k})|, k = 1..3
  subspace: {patches: number; tokens: number}; // cos of the largest principal angle, span(u₁..u₃) vs span(1_{S₁}..1_{S₃}); same for v and T
}

/** How one read-back decomposition recovers the planted concepts taken in `order` (mode k ↔ concept order[k]). */
function recovery(read: ReadBack, rank: number, order: number[]): {cosPatches: number[]; cosTokens: number[]; subspace: {patches: number; tokens: number}} {
  const concepts = order.map((k) => SVD_SCENE.concepts[k]);
  const us = concepts.map((_, k) => column(read.u, P, rank, k));
  const vs = concepts.map((_, k) => column(read.v, T, rank, k));
  return {
    cosPatches: concepts.map((concept, k) => indicatorCosine(us[k], concept.patches)),
    cosTokens: concepts.map((concept, k) => indicatorCosine(vs[k], concept.tokens)),
    subspace: {
      patches: subspaceCosine(us, concepts.map((concept) => indicator(concept.patches, P))),
      tokens: subspaceCosine(vs, concepts.map((concept) => indicator(concept.tokens, T)))
    }
  };
}

/** The rank of runCoAttentionSVD's decomposition (top 5 modes: 3 concepts and 2 of noise). */
export const SVD_RANK = 5;

/** Runs SPEC.md 7 for one seed on the active backend: plants the scene, decomposes C = XYᵀ to rank 5, reads back once. */
export async function runCoAttentionSVD(config: Partial<SVDConfig> = {}, {signal, affinity}: RunOptions & {affinity?: CoAttentionAffinity} = {}): Promise<CoAttentionSVDResult> {
  const {noise, strength3, iterations, seed} = requireParameters(SVD_PARAMETERS, config);
  const backend = activeBackend();
  const order = conceptOrder(strength3);
  const predicted = predictedSingularValues(strength3);
  const [read] = await decompose([plantedScene(seed, noise, strength3)], SVD_RANK, iterations, streamSeed(seed, 4), signal, affinity);
  const singularValues = Array.from(read.values);
  return {
    seed,
    backend,
    noise,
    strength3,
    iterations,
    grid: SVD_SCENE.grid,
    tokens: [...SVD_SCENE.tokens],
    order: order.map((k) => SVD_SCENE.concepts[k].name),
    concepts: order.map((k) => ({...SVD_SCENE.concepts[k], patches: [...SVD_SCENE.concepts[k].patches], tokens: [...SVD_SCENE.concepts[k].tokens]})),
    affinity: Array.from({length: P}, (_, p) => Array.from(read.affinity.subarray(p * T, (p + 1) * T))),
    singularValues,
    predicted: order.map((k) => predicted[k]),
    gap: singularValues[2] / singularValues[3],
    modes: singularValues.map((sigma, r) => ({sigma, u: column(read.u, P, SVD_RANK, r), v: column(read.v, T, SVD_RANK, r)})),
    ...recovery(read, SVD_RANK, order)
  };
}

/** One (noise, seed) point of the sweep: the top 4 σ, the gap σ₃/σ₄ and the worst concept cosines. */
export interface SVDSweepPoint {
  noise: number;
  seed: number;
  singularValues: number[]; // top 4
  gap: number; // σ₃/σ₄
  minCosPatches: number; // min over k of |cos(u_k, 1_{S_k})|
  minCosTokens: number; // min over k of |cos(v_k, 1_{T_k})|
}

/** Settings of the noise sweep; strength3 and iterations default as in SVD_PARAMETERS. */
export interface SVDSweepConfig {
  noises?: number[];
  seeds?: number[];
  strength3?: number;
  iterations?: number;
}

/** Every (noise, seed) pair of the sweep as one batch through powerSVD (rank 4) with one read-back; points are noise-major. */
export async function runSVDNoiseSweep({noises = SWEEP_NOISES, seeds = SWEEP_SEEDS, strength3, iterations}: SVDSweepConfig = {}, {signal}: RunOptions = {}): Promise<{points: SVDSweepPoint[]; backend: BackendName}> {
  const settings = requireParameters(SVD_PARAMETERS, {strength3, iterations});
  const problems = [
    ...(noises.length ? [] : ["noises must list at least one noise σ"]),
    ...(seeds.length ? [] : ["seeds must list at least one seed"]),
    ...noises.map((noise) => parameterProblem(SVD_PARAMETERS.noise, noise)),
    ...seeds.map((seed) => parameterProblem(SVD_PARAMETERS.seed, seed))
  ].filter((problem): problem is string => problem !== undefined);
  if (problems.length) throw new ParameterError(problems);
  const backend = activeBackend();
  const order = conceptOrder(settings.strength3);
  const pairs = noises.flatMap((noise) => seeds.map((seed) => ({noise, seed})));
  const scenes = pairs.map(({noise, seed}) => plantedScene(seed, noise, settings.strength3));
  await nextTask(signal);
  const rank = 4;
  const reads = await decompose(scenes, rank, settings.iterations, streamSeed(seeds[0], 4), signal);
  const points = pairs.map(({noise, seed}, b) => {
    const singularValues = Array.from(reads[b].values);
    const {cosPatches, cosTokens} = recovery(reads[b], rank, order);
    return {noise, seed, singularValues, gap: singularValues[2] / singularValues[3], minCosPatches: Math.min(...cosPatches), minCosTokens: Math.min(...cosTokens)};
  });
  return {points, backend};
}

/** What is wrong with an affinity's output for patches X [B, P, d], or undefined: [B, P, T] finite numbers. */
function affinityOutputProblem(output: unknown, _tfjs: unknown, x: tf.Tensor3D): string | undefined {
  const expected = [x.shape[0], P, T];
  if (!(output instanceof tf.Tensor)) return `${returnedText(output)}, not a tensor: the affinity is one number per patch and word, a [${expected.join(", ")}] tensor`;
  if (output.shape.join() !== expected.join()) return `${returnedText(output)}, not [${expected.join(", ")}]: one affinity per patch (row) and word (column)`;
  const values = output.dataSync(); // the worker runs WASM or the CPU, where this is cheap
  const bad = values.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) return `an affinity of ${values[bad]} for patch ${Math.floor(bad / T) % P + 1} and the word “${SVD_SCENE.tokens[bad % T]}”: every entry must be a finite number`;
  return undefined;
}

/**
 * Chapter 7's editable cell, the co-attention affinity (components/chapters/07-svd/cells/coAttentionAffinity.js):
 * the page's scene (seed, σ, a₃) with the reader's affinity in place of C = XYᵀ, decomposed to rank
 * 5 on the worker's backend, and its recovery of the planted concepts.
 */
export const AFFINITY_CELL: EditableCell = {
  title: "the co-attention affinity",
  file: "coAttentionAffinity.js",
  run(fn, config): Promise<CoAttentionSVDResult> {
    const affinity = checkedCell<Parameters<CoAttentionAffinity>, tf.Tensor>(fn, affinityOutputProblem);
    return runCoAttentionSVD(config as Partial<SVDConfig>, {affinity});
  }
};
