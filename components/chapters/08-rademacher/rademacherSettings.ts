/**
 * Chapter 8's settings, sizes, the parsing of a reader's norms, the shared-α excess's closed-form limit and the
 * shapes of what a run reports, as plain data and plain functions apart from the Monte-Carlo's tfjs code
 * (rademacher.ts): the page computes the limit itself, instantly, and asks the experiment worker for the
 * estimates.
 */
import {ParameterError, type ParameterValues, requireParameters, seedParameter} from "../../runtime/parameters.js";
import type {BackendName} from "../../runtime/backends.js";

/** The experiment's settings (SPEC.md 8: n = 100, M = 4, d = 8, B = 1, 500 sign draws, seed 1). */
export const RADEMACHER_PARAMETERS = {
  n: {label: "sample size n", value: 100, min: 5, max: 2000, step: 1, integer: true, log: true, description: "samples in S"},
  M: {label: "modalities M", value: 4, min: 2, max: 8, step: 1, integer: true, description: "modality vectors per sample"},
  d: {label: "width d", value: 8, min: 1, max: 64, step: 1, integer: true, description: "the width of each modality vector"},
  B: {label: "read-out norm B", value: 1, min: 0.1, max: 10, step: 0.1, description: "the bound on ‖w‖"},
  draws: {label: "sign draws", value: 500, min: 50, max: 5000, step: 50, integer: true, description: "Rademacher sign vectors σ averaged over"},
  seed: seedParameter("seed of the directions, the signs and the free-α starts")
};

/** The values of RADEMACHER_PARAMETERS. */
export type RademacherConfig = ParameterValues<typeof RADEMACHER_PARAMETERS>;

/**
 * The free-α lower bound's search (SPEC.md 8): alternating maximisation, at most 20 iterations, on
 * 100 sign draws. After every `check` iterations one number is read back and the page gets a turn;
 * the search stops once no draw improved (a fixed point: further iterations would repeat the same
 * choices and values, so the result equals that of all 20).
 */
export const FREE_SEARCH = {draws: 100, iterations: 20, check: 4} as const;

/**
 * Independent samples S per n: the estimates average over them, the sign draws split evenly (50 per
 * sample at 500). One sample's fixed-α estimate carries the data-dependent factor √(Σ_i‖x̄_i‖²),
 * which at n = 25 moves by about ±4% from sample to sample; ten samples bring that to about ±1.4%.
 */
export const SAMPLES = 10;

/** The range of each per-modality norm R_m. */
export const NORM_RANGE = {min: 0.01, max: 100} as const;

/** The sizes the sweep runs by default (SPEC.md 8's table needs 25, 100 and 400). */
export const DEFAULT_NS = [10, 25, 50, 100, 200, 400, 1000];

/** The antipodal counter-example is reported at this n (SPEC.md 8: cat = .112 at n = 100). */
export const ANTIPODAL_N = 100;

/** One number for each of the three closed-form suprema. */
export interface Estimates {
  cat: number;
  fixed: number;
  shared: number;
}

/** One sample size: the Monte-Carlo estimates, their standard errors, the free-α lower bound and the two bounds. */
export interface RademacherPoint {
  n: number;
  M: number;
  d: number;
  B: number;
  norms: number[];
  cat: number; // mean over draws of (B/n)‖σᵀZ‖
  fixed: number; // mean over draws of (B/n)‖σᵀX̄‖, uniform α
  shared: number; // mean over draws of (B/n) max_m ‖σᵀX_m‖
  se: Estimates; // std over draws / √draws
  sharedLeCat: number; // max over draws of (shared − cat); ≤ 0 up to rounding (exact inclusion)
  freeLower: number; // mean over 100 draws of the best alternating-maximisation value
  catBound: number; // B·√(Σ_m R_m²)/√n
  attnBound: number; // B·max_m R_m/√n
  backend: BackendName;
  seed: number;
}

/** The antipodal counter-example (M = 2, x_{i,1} = u, x_{i,2} = −u): cat decays, free α does not. */
export interface AntipodalResult {
  n: number; // ANTIPODAL_N
  cat: number; // MC at n
  catTheory: number; // 2B/√(πn)
  freeLower: number; // at n
  ns: number[];
  catByN: number[]; // aligned with ns
  freeLowerByN: number[]; // aligned with ns
}

/** SPEC.md 8's table for one seed and one set of norms: arrays align with ns. */
export interface RademacherSweep {
  seed: number;
  backend: BackendName;
  M: number;
  d: number;
  B: number;
  norms: number[];
  ns: number[];
  cat: number[];
  catBound: number[];
  fixed: number[];
  shared: number[];
  attnBound: number[];
  freeLower: number[];
  se: {cat: number[]; fixed: number[]; shared: number[]};
  sharedLeCat: number[];
  antipodal: AntipodalResult;
}

/** A sweep's columns over the sample sizes measured so far (runRademacherSweep's `onPoint`): the sweep without its antipodal case. */
export type SweepSoFar = Omit<RademacherSweep, "antipodal">;

/** Reads the page's norm box ("2, 1, 0.5, 0.5", or one value for all M), throwing a ParameterError a reader understands. */
export function parseNorms(text: string, M: number): number[] {
  requireParameters({M: RADEMACHER_PARAMETERS.M}, {M});
  const tokens = text.split(/[\s,;]+/).filter((token) => token !== "");
  if (tokens.length !== 1 && tokens.length !== M) {
    throw new ParameterError([`R needs ${M} values, one per modality, or one for all; got ${tokens.length}: ${JSON.stringify(text.trim())}`]);
  }
  const values = tokens.map((token, i) => {
    const value = Number(token);
    const name = tokens.length === 1 ? "R" : `R_${i + 1}`;
    if (!Number.isFinite(value) || value < NORM_RANGE.min || value > NORM_RANGE.max) {
      throw new ParameterError([`${name} must be a number between ${NORM_RANGE.min} and ${NORM_RANGE.max}, not ${JSON.stringify(token)}`]);
    }
    return value;
  });
  return values.length === 1 ? new Array<number>(M).fill(values[0]) : values;
}

/** The sweep's numbers at one of its sample sizes: what runRademacher gives for that n (each n draws from its own stream). */
export function sweepPoint(sweep: SweepSoFar, n: number): RademacherPoint {
  const i = sweep.ns.indexOf(n);
  if (i < 0) throw new RangeError(`the sweep has no n = ${n} (it has ${sweep.ns.join(", ")})`);
  const {M, d, B, norms, backend, seed} = sweep;
  const se = {cat: sweep.se.cat[i], fixed: sweep.se.fixed[i], shared: sweep.se.shared[i]};
  return {n, M, d, B, norms, cat: sweep.cat[i], fixed: sweep.fixed[i], shared: sweep.shared[i], se, sharedLeCat: sweep.sharedLeCat[i], freeLower: sweep.freeLower[i], catBound: sweep.catBound[i], attnBound: sweep.attnBound[i], backend, seed};
}

/** One (M, d): shared-α complexity relative to the given-α bound B·maxR/√n, its standard error, and its large-n limit. */
export interface SharedExcessPoint {
  M: number;
  d: number;
  ratio: number; // shared / attnBound
  se: number; // se.shared / attnBound
  limit: number; // sharedExcessLimit(M, d): the n → ∞ value of ratio
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; about 15 significant digits). */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = c[0];
  for (let k = 1; k < 9; ++k) sum += c[k] / (z + k);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The regularised lower incomplete gamma function P(a, x) (series below a + 1, Lentz's continued fraction above). */
export function regularisedGammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const front = Math.exp(a * Math.log(x) - x - logGamma(a));
  if (x < a + 1) {
    let [term, sum] = [1 / a, 1 / a];
    for (let k = 1; k < 1000 && Math.abs(term) > 1e-16 * Math.abs(sum); ++k) sum += term *= x / (a + k);
    return Math.min(1, front * sum);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let [c, d] = [1 / tiny, 1 / b];
  let h = d;
  for (let k = 1; k < 1000; ++k) {
    const an = -k * (k - a);
    b += 2;
    d = an * d + b;
    d = Math.abs(d) < tiny ? tiny : d;
    c = b + an / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-16) break;
  }
  return Math.max(0, 1 - front * h);
}

/**
 * The large-n limit of the shared-α excess with equal norms: E max_{m ≤ M} ‖g_m‖/√d for independent
 * g_m ~ N(0, I_d). Each (1/√n)Σ_i σ_i x_{i,m} is a sum of n independent vectors with covariance I/d
 * (a uniform unit direction has E xxᵀ = I/d), so it tends to g_m/√d, independently over m. As
 * ‖g‖²/d·d is χ²_d, P(‖g‖/√d ≤ t) = P(d/2, d t²/2), and E max = ∫₀^∞ 1 − P(d/2, d t²/2)^M dt
 * (Simpson's rule on [0, 10], where the tail is below 1e-20 for every d ≥ 1).
 */
export function sharedExcessLimit(M: number, d: number): number {
  const steps = 4000;
  const h = 10 / steps;
  const f = (t: number) => 1 - regularisedGammaP(d / 2, (d * t * t) / 2) ** M;
  let sum = f(0) + f(10);
  for (let k = 1; k < steps; ++k) sum += (k % 2 ? 4 : 2) * f(k * h);
  return (sum * h) / 3;
}

/** The widths of the page's excess figure besides the reader's d. */
export const EXCESS_WIDTHS = [1, 8, 64];
