/**
 * Chapter 8 (SPEC.md section 8): the empirical Rademacher complexity of a linear read-out (‖w‖ ≤ B)
 * on M modality vectors, fused by concatenation, by fixed uniform attention, by shared learned
 * attention, and by free input-dependent attention, next to the closed-form bounds
 * B·√(Σ_m R_m²)/√n and B·max_m R_m/√n. Monte-Carlo over Rademacher signs with the suprema in
 * closed form, averaged over SAMPLES independent samples S per n; no training. The page, the tests
 * and the command line all call this.
 */
import * as tf from "@tensorflow/tfjs-core";
import {gaussian, mulberry32, type Random, streamSeed} from "../../runtime/prng.js";
import {ParameterError, parameterProblem, requireParameters} from "../../runtime/parameters.js";
import {activeBackend, type BackendName} from "../../runtime/runtime.js";
import {nextTask, type RunOptions} from "../../runtime/trainingLoop.js";
import {attentionWeights} from "./cells/attentionWeights.js";
import {checkedCell, type EditableCell} from "../../editing/editableCells.js";
import {RADEMACHER_PARAMETERS, type RademacherConfig, FREE_SEARCH, SAMPLES, NORM_RANGE, DEFAULT_NS, ANTIPODAL_N, type RademacherPoint, type RademacherSweep, type SweepSoFar, type SharedExcessPoint, sharedExcessLimit} from "./rademacherSettings.js";
import {returnedText} from "../../editing/returnedText.js";

export * from "./rademacherSettings.js"; // the settings and labels, which the page imports without tfjs

/** Checks given norms (one per modality, each in [0.01, 100]); none given means all 1. */
function checkNorms(norms: number[] | undefined, M: number): number[] {
  if (norms === undefined) return new Array<number>(M).fill(1);
  if (norms.length !== M) throw new ParameterError([`R needs ${M} values, one per modality; got ${norms.length}`]);
  norms.forEach((value, i) => {
    if (typeof value !== "number" || !Number.isFinite(value) || value < NORM_RANGE.min || value > NORM_RANGE.max) {
      throw new ParameterError([`R_${i + 1} must be a number between ${NORM_RANGE.min} and ${NORM_RANGE.max}, not ${value}`]);
    }
  });
  return [...norms];
}

/** A uniformly random unit direction in R^d (a normalised Gaussian), written into `out` at `offset`, times `scale`. */
function unitDirection(random: Random, d: number, out: Float32Array, offset: number, scale: number): void {
  const v = new Float64Array(d);
  let length = 0;
  while (length === 0) {
    for (let j = 0; j < d; ++j) v[j] = gaussian(random);
    length = Math.sqrt(v.reduce((sum, value) => sum + value * value, 0));
  }
  for (let j = 0; j < d; ++j) out[offset + j] = (scale * v[j]) / length;
}

/** x_{i,m} = R_m · (uniform unit direction), sample-major: one row of M·d per sample, i.e. the concatenation z_i. */
export function sampleModalities(random: Random, n: number, norms: number[], d: number): Float32Array {
  const M = norms.length;
  const out = new Float32Array(n * M * d); // [n · M · d]
  for (let i = 0; i < n; ++i) for (let m = 0; m < M; ++m) unitDirection(random, d, out, (i * M + m) * d, norms[m]);
  return out;
}

/** The antipodal counter-example: M = 2, x_{i,1} = R·u and x_{i,2} = −R·u for one seeded unit u. */
export function antipodalModalities(random: Random, n: number, d: number, R = 1): Float32Array {
  const u = new Float32Array(d);
  unitDirection(random, d, u, 0, R);
  const out = new Float32Array(n * 2 * d); // [n · 2 · d]
  for (let i = 0; i < n; ++i) for (let j = 0; j < d; ++j) [out[2 * i * d + j], out[(2 * i + 1) * d + j]] = [u[j], -u[j]];
  return out;
}

/** `rows` Rademacher sign vectors of length n, each sign ±1 with probability 1/2 and written `repeat` times in a row. */
function signs(random: Random, rows: number, n: number, repeat = 1): Float32Array {
  const out = new Float32Array(rows * n * repeat); // [rows · n · repeat]
  for (let k = 0; k < rows * n; ++k) {
    const sign = random() < 0.5 ? -1 : 1;
    for (let r = 0; r < repeat; ++r) out[k * repeat + r] = sign;
  }
  return out;
}

/** Gaussian unit vectors, one per row: the free-α search's starting read-outs. */
function unitRows(random: Random, rows: number, d: number): Float32Array {
  const out = new Float32Array(rows * d); // [rows · d]
  for (let k = 0; k < rows; ++k) unitDirection(random, d, out, k * d, 1);
  return out;
}

/** The given-α class's weights: α [S, n, M] (or [S, D, n, M], one per sign draw) from the samples' modalities x [S, n, M, d] and signs σ [S, D, n] (components/chapters/08-rademacher/cells/attentionWeights.js, which a reader can edit). */
export type AttentionWeights = (tfjs: typeof tf, sample: {x: tf.Tensor4D; sigma: tf.Tensor3D}) => tf.Tensor;

// #region estimators
/** (B/n)‖Σ_i σ_i x̄_i‖ for every draw, x̄_i = Σ_m α_{i,m} x_{i,m} with α from `weights`: [draws]. */
function fusedSupremum(x: tf.Tensor3D, sigma: tf.Tensor3D, M: number, B: number, weights: AttentionWeights): tf.Tensor1D {
  const [samples, perSample, n] = sigma.shape;
  const d = x.shape[2] / M;
  const modalities = tf.reshape(x, [samples, n, M, d]) as tf.Tensor4D; // [samples, n, M, d]
  const alpha = tf.cast(weights(tf, {x: modalities, sigma}), "float32"); // [samples, n, M], or [samples, perSample, n, M]
  const sums =
    alpha.rank === 3
      ? tf.matMul(sigma, tf.sum(tf.mul(tf.reshape(alpha, [samples, n, M, 1]), modalities), 2)) // σᵀX̄, X̄ = Σ_m α_m X_m: [samples, perSample, d]
      : tf.matMul(tf.reshape(tf.mul(alpha, tf.reshape(sigma, [samples, perSample, n, 1])), [samples, perSample, n * M]), tf.reshape(x, [samples, n * M, d])); // Σ_i σ_i Σ_m α_{i,m} x_{i,m}: [samples, perSample, d]
  return tf.mul(B / n, tf.norm(tf.reshape(sums, [samples * perSample, d]), "euclidean", 1)) as tf.Tensor1D; // [draws]
}

/** cat, given α (attentionWeights: uniform) and shared α for every draw (closed-form suprema); their means, standard errors, and max(shared − cat): [7]. */
function estimate(x: tf.Tensor3D, sigma: tf.Tensor3D, M: number, B: number, weights: AttentionWeights = attentionWeights): tf.Tensor1D {
  return tf.tidy(() => {
    const [samples, perSample, n] = sigma.shape; // x: [samples, n, M·d], row i is z_i = [x_i1; …; x_iM]
    const [draws, d] = [samples * perSample, x.shape[2] / M];
    const s = tf.reshape(tf.matMul(sigma, x), [draws, M, d]); // [draws, M, d]: σᵀX_m for every m
    const cat = tf.mul(B / n, tf.norm(tf.reshape(s, [draws, M * d]), "euclidean", 1)); // [draws]: (B/n)‖σᵀZ‖
    const fixed = fusedSupremum(x, sigma, M, B, weights); // [draws]: (B/n)‖σᵀX̄‖, α given
    const shared = tf.mul(B / n, tf.max(tf.norm(s, "euclidean", 2), 1)); // [draws]: (B/n) max_m ‖σᵀX_m‖
    const {mean, variance} = tf.moments(tf.stack([cat, fixed, shared], 1), 0); // [3], [3]
    const se = tf.sqrt(tf.div(variance, draws - 1)); // [3]: sample std / √draws
    const gap = tf.reshape(tf.max(tf.sub(shared, cat)), [1]); // [1]: ≤ 0 up to rounding (F_att ⊆ F_cat)
    return tf.concat([mean, se, gap], 0) as tf.Tensor1D; // [7]
  });
}

/** Free α(x): alternating maximisation over w and the vertices m_i of (B/n)‖Σ_i σ_i x_{i,m_i}‖; the mean best value: []. */
async function freeLowerBound(x: tf.Tensor3D, sign: tf.Tensor3D, start: tf.Tensor2D, B: number, signal?: AbortSignal): Promise<tf.Scalar> {
  const [[samples, n], [draws, , M]] = [x.shape, sign.shape]; // sign: [draws, n, M], σ_i repeated over m; draws sample-major
  const [perSample, d] = [draws / samples, x.shape[2] / M];
  const rows = tf.reshape(x, [samples, n * M, d]); // [samples, n·M, d]: one row per (i, m)
  let [w, best]: tf.Tensor[] = [tf.clone(start), tf.zeros([draws])]; // [draws, d] unit, [draws]
  try {
    for (let t = 1; t <= FREE_SEARCH.iterations; ++t) {
      const [step, better, gain] = tf.tidy(() => {
        // Both products are written with rows first: tfjs-webgpu then picks a matMul program about 4× faster on a software adapter.
        const wx = tf.transpose(tf.matMul(rows, tf.reshape(w, [samples, perSample, d]), false, true), [0, 2, 1]); // [samples, perSample, n·M]
        const scores = tf.mul(tf.reshape(wx, [draws, n, M]), sign); // [draws, n, M]: σ_i wᵀx_{i,m}
        const chosen = tf.mul(tf.cast(tf.oneHot(tf.argMax(scores, 2), M), "float32"), sign); // [draws, n, M]: σ_i at m_i, else 0 (tfjs-wasm 4.22 writes zeros for oneHot with a float dtype)
        const g = tf.reshape(tf.transpose(tf.matMul(rows, tf.reshape(chosen, [samples, perSample, n * M]), true, true), [0, 2, 1]), [draws, d]); // [draws, d]: Σ_i σ_i x_{i,m_i}
        const length = tf.norm(g, "euclidean", 1, true); // [draws, 1]
        const value = tf.mul(B / n, tf.reshape(length, [draws])); // [draws]: (B/n)‖g‖
        const next = tf.where(tf.greater(length, 0), tf.div(g, tf.maximum(length, 1e-30)), w); // [draws, d]: g/‖g‖ (w if g = 0)
        return [next, tf.maximum(best, value), tf.max(tf.sub(value, best))]; // [draws, d], [draws], []
      });
      tf.dispose([w, best]);
      [w, best] = [step, better];
      const check = t % FREE_SEARCH.check === 0 && t < FREE_SEARCH.iterations;
      const stalled = check && (await gain.data())[0] <= 0; // no draw improved: a fixed point, so stop
      gain.dispose();
      if (stalled) break;
      if (check) await nextTask(signal); // the page gets a turn
    }
    return tf.mean(best) as tf.Scalar; // []
  } finally {
    tf.dispose([rows, w, best]);
  }
}
// #endregion

/** Draws one case's samples, free-α signs and starts, then the Monte-Carlo signs, from `random`, and estimates: one read-back (plus the free search's stop checks). */
async function measure(random: Random, data: (random: Random) => Float32Array, n: number, M: number, d: number, B: number, draws: number, {free = true, signal, weights}: {free?: boolean; signal?: AbortSignal; weights?: AttentionWeights} = {}) {
  const samples: Float32Array[] = [];
  for (let k = 0; k < SAMPLES; ++k) samples.push(data(random)); // SAMPLES × [n · M · d]
  const x = tf.tensor3d(concatenate(samples), [SAMPLES, n, M * d]); // [samples, n, M·d]
  const sign = tf.tensor3d(signs(random, FREE_SEARCH.draws, n, M), [FREE_SEARCH.draws, n, M]); // [100, n, M]
  const start = tf.tensor2d(unitRows(random, FREE_SEARCH.draws, d), [FREE_SEARCH.draws, d]); // [100, d]
  const sigma = tf.tensor3d(signs(random, draws, n), [SAMPLES, draws / SAMPLES, n]); // [samples, draws/samples, n]
  const parts: tf.Tensor[] = [];
  try {
    parts.push(free ? await freeLowerBound(x, sign, start, B, signal) : tf.scalar(NaN)); // []
    parts.push(estimate(x, sigma, M, B, weights)); // [7]
    const all = tf.tidy(() => tf.concat([parts[1], tf.reshape(parts[0], [1])], 0)); // [8]
    parts.push(all);
    const v = await all.data(); // one read-back
    return {cat: v[0], fixed: v[1], shared: v[2], se: {cat: v[3], fixed: v[4], shared: v[5]}, sharedLeCat: v[6], freeLower: v[7]};
  } finally {
    tf.dispose([x, sign, start, sigma, ...parts]);
  }
}

/** The arrays one after the other. */
function concatenate(arrays: Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.reduce((sum, a) => sum + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}

/** Settings and norms checked together, so a bad one throws a ParameterError naming it. */
function settle(config: Partial<RademacherConfig>, norms: number[] | undefined) {
  const values = requireParameters(RADEMACHER_PARAMETERS, config);
  if (values.draws % SAMPLES !== 0) {
    throw new ParameterError([`${RADEMACHER_PARAMETERS.draws.label} must be a multiple of ${SAMPLES} (they are split evenly over ${SAMPLES} samples), not ${values.draws}`]);
  }
  return {...values, norms: checkNorms(norms, values.M)};
}

/** One sample size on the active backend, from its own stream of the seed (the data do not depend on `draws`). */
async function point(seed: number, n: number, M: number, d: number, B: number, draws: number, norms: number[], signal?: AbortSignal): Promise<RademacherPoint> {
  const random = mulberry32(streamSeed(seed, 2 * n));
  const measured = await measure(random, (r) => sampleModalities(r, n, norms, d), n, M, d, B, draws, {signal});
  const catBound = (B * Math.sqrt(norms.reduce((sum, R) => sum + R * R, 0))) / Math.sqrt(n);
  const attnBound = (B * Math.max(...norms)) / Math.sqrt(n);
  return {n, M, d, B, norms, ...measured, catBound, attnBound, backend: activeBackend(), seed};
}

/** The antipodal case at one n, from its own stream of the seed: cat (MC) and the free-α lower bound. */
async function antipodalPoint(seed: number, n: number, d: number, B: number, draws: number, signal?: AbortSignal): Promise<{cat: number; freeLower: number}> {
  const random = mulberry32(streamSeed(seed, 2 * n + 1));
  const {cat, freeLower} = await measure(random, (r) => antipodalModalities(r, n, d), n, 2, d, B, draws, {signal});
  return {cat, freeLower};
}

/** Runs SPEC.md 8 at one sample size n on the active backend; norms R_m default to all 1. */
export async function runRademacher(config: Partial<RademacherConfig> = {}, norms?: number[], {signal}: RunOptions = {}): Promise<RademacherPoint> {
  const {seed, n, M, d, B, draws, norms: R} = settle(config, norms);
  return point(seed, n, M, d, B, draws, R, signal);
}

/**
 * SPEC.md 8, statement 3, against M and d: how far a learned shared α lifts the complexity above the
 * given-α bound (equal norms R_m = 1, the free search skipped), at the config's n, B and draws, for
 * every width in ds (the config's d by default); each point carries its large-n limit.
 */
export async function runSharedExcess(config: Partial<RademacherConfig> = {}, {Ms = [2, 3, 4, 5, 6, 7, 8], ds, signal}: RunOptions & {Ms?: number[]; ds?: number[]} = {}): Promise<SharedExcessPoint[]> {
  const {seed, n, d: width, B, draws} = settle({...config, M: RADEMACHER_PARAMETERS.M.value}, undefined);
  const widths = ds ?? [width];
  const problems = [...Ms.map((M) => parameterProblem(RADEMACHER_PARAMETERS.M, M)), ...widths.map((d) => parameterProblem(RADEMACHER_PARAMETERS.d, d)), ...(widths.length ? [] : ["ds must list at least one width d"])].filter((problem) => problem !== undefined);
  if (problems.length) throw new ParameterError(problems);
  const points: SharedExcessPoint[] = [];
  for (const d of widths) {
    for (const M of Ms) {
      const random = mulberry32(streamSeed(seed, 2 * n));
      const {shared, se} = await measure(random, (r) => sampleModalities(r, n, Array(M).fill(1), d), n, M, d, B, draws, {free: false, signal});
      const attnBound = B / Math.sqrt(n);
      points.push({M, d, ratio: shared / attnBound, se: se.shared / attnBound, limit: sharedExcessLimit(M, d)});
      await nextTask(signal);
    }
  }
  return points;
}

/** The sample sizes of a sweep, checked: a ParameterError names any n out of range. */
function checkNs(ns: number[]): number[] {
  const problems = ns.map((n) => parameterProblem(RADEMACHER_PARAMETERS.n, n)).filter((problem) => problem !== undefined);
  if (problems.length) throw new ParameterError(problems);
  return ns;
}

/** The sweep's columns over the sample sizes measured so far, in the order of `points`. */
function sweepColumns(points: RademacherPoint[], common: Pick<RademacherSweep, "seed" | "M" | "d" | "B" | "norms">): SweepSoFar {
  const column = (key: "cat" | "catBound" | "fixed" | "shared" | "attnBound" | "freeLower" | "sharedLeCat") => points.map((p) => p[key]);
  return {
    ...common,
    norms: [...common.norms],
    backend: activeBackend(),
    ns: points.map((p) => p.n),
    cat: column("cat"),
    catBound: column("catBound"),
    fixed: column("fixed"),
    shared: column("shared"),
    attnBound: column("attnBound"),
    freeLower: column("freeLower"),
    se: {cat: points.map((p) => p.se.cat), fixed: points.map((p) => p.se.fixed), shared: points.map((p) => p.se.shared)},
    sharedLeCat: column("sharedLeCat")
  };
}

/**
 * Runs SPEC.md 8's table (every n in ns, then the antipodal example) on the active backend; the experiment's JSON.
 * `onPoint` hears the columns measured so far after each n, so a page can report each size as it is measured.
 */
export async function runRademacherSweep(config: Partial<RademacherConfig> & {ns?: number[]} = {}, norms?: number[], {signal, onPoint}: RunOptions & {onPoint?: (soFar: SweepSoFar) => void} = {}): Promise<RademacherSweep> {
  const {ns: requested, ...settings} = config;
  const {seed, M, d, B, draws, norms: R} = settle(settings, norms);
  const ns = checkNs(requested ?? DEFAULT_NS);
  const points: RademacherPoint[] = [];
  for (const n of ns) {
    points.push(await point(seed, n, M, d, B, draws, R, signal));
    onPoint?.(sweepColumns(points, {seed, M, d, B, norms: R}));
    await nextTask(signal);
  }
  const [catByN, freeLowerByN]: number[][] = [[], []];
  let atN: {cat: number; freeLower: number} | undefined;
  for (const n of ns) {
    const antipodal = await antipodalPoint(seed, n, d, B, draws, signal);
    catByN.push(antipodal.cat);
    freeLowerByN.push(antipodal.freeLower);
    if (n === ANTIPODAL_N) atN = antipodal;
    await nextTask(signal);
  }
  atN ??= await antipodalPoint(seed, ANTIPODAL_N, d, B, draws, signal);
  return {
    ...sweepColumns(points, {seed, M, d, B, norms: R}),
    antipodal: {n: ANTIPODAL_N, cat: atN.cat, catTheory: (2 * B) / Math.sqrt(Math.PI * ANTIPODAL_N), freeLower: atN.freeLower, ns: [...ns], catByN, freeLowerByN}
  };
}

/** The given-α estimate against n with some attention weights: what an edited attentionWeights computes. Arrays align with ns. */
export interface WeightsSweep {
  seed: number;
  backend: BackendName;
  ns: number[];
  estimate: number[]; // mean over draws of (B/n)‖Σ_i σ_i x̄_i‖, x̄_i = Σ_m α_{i,m} x_{i,m}
  se: number[]; // std over draws / √draws
  attnBound: number[]; // B·max_m R_m/√n, which holds for weights given in advance
}

/** The given-α column of runRademacherSweep (the same samples and signs at every n), with `weights` for α; the free search is skipped. */
export async function runWeightsSweep(config: Partial<RademacherConfig> & {ns?: number[]} = {}, norms?: number[], {signal, weights = attentionWeights}: RunOptions & {weights?: AttentionWeights} = {}): Promise<WeightsSweep> {
  const {ns: requested, ...settings} = config;
  const {seed, M, d, B, draws, norms: R} = settle(settings, norms);
  const ns = checkNs(requested ?? DEFAULT_NS);
  const [estimate, se]: number[][] = [[], []];
  for (const n of ns) {
    const random = mulberry32(streamSeed(seed, 2 * n)); // point()'s stream: the same samples and signs
    const measured = await measure(random, (r) => sampleModalities(r, n, R, d), n, M, d, B, draws, {free: false, signal, weights});
    estimate.push(measured.fixed);
    se.push(measured.se.fixed);
    await nextTask(signal);
  }
  return {seed, backend: activeBackend(), ns: [...ns], estimate, se, attnBound: ns.map((n) => (B * Math.max(...R)) / Math.sqrt(n))};
}

/** What is wrong with attention weights for the samples x [S, n, M, d] and signs σ [S, D, n], or undefined: [S, n, M] or [S, D, n, M], on the simplex. */
function weightsOutputProblem(output: unknown, _tfjs: unknown, {x, sigma}: {x: tf.Tensor4D; sigma: tf.Tensor3D}): string | undefined {
  const [S, n, M] = x.shape;
  const shapes = `[${S}, ${n}, ${M}] (the same weights in every draw) or [${S}, ${sigma.shape[1]}, ${n}, ${M}] (weights for each draw)`;
  if (!(output instanceof tf.Tensor)) return `${returnedText(output)}, not a tensor: α is a tensor of ${shapes}`;
  if (output.shape.join() !== [S, n, M].join() && output.shape.join() !== [S, sigma.shape[1], n, M].join()) return `${returnedText(output)}, not ${shapes}: one weight per modality of every point`;
  const [lowest, smallest, largest] = tf.tidy(() => {
    const alpha = tf.cast(output, "float32"); // [S, n, M] or [S, D, n, M]
    const sums = tf.sum(alpha, -1); // Σ_m α_{i,m}: [S, n] or [S, D, n]
    return [tf.min(alpha), tf.min(sums), tf.max(sums)].map((t) => t.dataSync()[0]); // the worker runs WASM or the CPU, where this is cheap
  });
  if (!(lowest >= -1e-6)) return `a weight of ${lowest}: attention weights are ≥ 0 and sum to 1 over the ${M} modalities`;
  const off = Math.abs(largest - 1) >= Math.abs(smallest - 1) ? largest : smallest;
  if (!(Math.abs(off - 1) <= 1e-4)) return `weights that sum to ${off.toFixed(3)} over the ${M} modalities of a point, not 1: attention averages, and larger weights would only stretch the read-out past its norm B`;
  return undefined;
}

/**
 * Chapter 8's editable cell, the attention weights of the given-α class
 * (components/chapters/08-rademacher/cells/attentionWeights.js): the complexity estimate against n with the reader's α,
 * from the same samples and signs as the page's sweep, on the worker's backend.
 */
export const ATTENTION_WEIGHTS_CELL: EditableCell = {
  title: "the attention weights",
  file: "attentionWeights.js",
  run(fn, config): Promise<WeightsSweep> {
    const weights = checkedCell<Parameters<AttentionWeights>, tf.Tensor>(fn, weightsOutputProblem);
    const {norms, ...settings} = config as Partial<RademacherConfig> & {ns?: number[]; norms?: number[]};
    return runWeightsSweep(settings, norms, {weights});
  }
};
