/**
 * Chapter 12's rate model in plain JavaScript numbers (float64, or float32 rounded like a GPU's): its settings,
 * circuit, ablations, the hour-by-hour rule, a run of days and its summary. The page runs these itself (one run
 * takes milliseconds); the phase diagram, thousands of runs at once on the chosen backend, is plasticity.ts's
 * tfjs code and runs in the experiment worker.
 */
import {ParameterError, type ParameterValues, parameterProblem, requireParameters} from "../../runtime/parameters.js";
import {plasticityRule} from "./cells/plasticityRule.js";

/** The BCM rule's two rates: the single simulation's settings and the phase diagram's axes. */
export const PLASTICITY_RULE_PARAMETERS = {
  tauTheta: {label: "BCM time constant τθ (h)", value: 6, min: 1, max: 72, step: 0.1, log: true, description: "how many hours the sliding threshold θ_M takes to follow ⟨r_V²⟩/ρ"},
  etaH: {label: "Hebbian rate η_H", value: 0.05, min: 0.001, max: 1, step: 0.001, log: true, description: "the rate of the BCM (or plain Hebbian) change of the A1→V1 weight per hour"}
};

/** The other settings: the homeostatic rates, the target rate, the latent weight and the length of the deprivation. */
export const PLASTICITY_SETTING_PARAMETERS = {
  etaG: {label: "inhibitory homeostasis η_g", value: 0.02, min: 0, max: 0.1, step: 0.001, description: "how fast the inhibition gain g_I follows V1's mean rate, per hour"},
  etaS: {label: "synaptic scaling η_s", value: 0.002, min: 0, max: 0.02, step: 0.0005, description: "how fast excitatory weights scale towards the target rate, per hour"},
  rho: {label: "target rate ρ", value: 1, min: 0.25, max: 2, step: 0.05, description: "V1's homeostatic set point; the takeover fixed point is 3ρ (the sighted start is an equilibrium only at ρ = 1)"},
  latent: {label: "latent weight w_VA(0)", value: 0.5, min: 0, max: 2, step: 0.01, description: "the A1→V1 weight before deprivation, masked by inhibition while it is below g_I·w_VI·w_IA + θ_V"},
  days: {label: "days of deprivation", value: 40, min: 5, max: 100, step: 1, integer: true, description: "how long the simulation runs after vision is lost"}
};

/** Every setting of the chapter (SPEC.md 10: τθ = 6 h, η_H = .05, η_g = .02, η_s = .002, ρ = 1, w_VA = .5, 40 days). */
export const PLASTICITY_PARAMETERS = {...PLASTICITY_RULE_PARAMETERS, ...PLASTICITY_SETTING_PARAMETERS};

/** The values of PLASTICITY_PARAMETERS. */
export type PlasticityConfig = ParameterValues<typeof PLASTICITY_PARAMETERS>;

/** The fixed wiring and starting point (SPEC.md 10): at these values the sighted circuit answers light with 3 and sound with 0. */
export const PLASTICITY_CIRCUIT = {
  wVL: 4.2, // LGN (light) → V1, before deprivation
  wVI: 1, // inhibitory population → V1
  wIL: 1, // light → inhibitory population
  wIA: 0.6, // A1 → inhibitory population
  thetaV: 0.2, // V1's firing threshold
  gI: 1, // inhibition gain before deprivation
  thetaM: 3, // BCM threshold before deprivation: ⟨r_V²⟩/ρ = 9/3
  gIMin: 0.05,
  gIMax: 2,
  wVAMax: 10 // the cap of the A1→V1 weight
} as const;

/** What the plasticity rule may use; SPEC's ablations switch parts of it off. */
export interface PlasticityAblation {
  inhibitoryHomeostasis: boolean; // g_I follows the mean rate
  scaling: boolean; // w_VA and w_VL scale towards the target rate
  hebbian: "bcm" | "plain" | "none"; // Δw_VA = η⟨r_A r_V (r_V − θ_M)⟩, η⟨r_A r_V⟩, or 0
}

/** The whole model. */
export const FULL_PLASTICITY: PlasticityAblation = {inhibitoryHomeostasis: true, scaling: true, hebbian: "bcm"};

/** SPEC.md 10's four ablations, A–D. A switches off both forms of homeostasis (with scaling on, scaling alone would unmask w_VA after about 10 days). */
export const PLASTICITY_ABLATIONS = {
  noHomeostasis: {letter: "A", label: "no homeostasis", ablation: {inhibitoryHomeostasis: false, scaling: false, hebbian: "bcm"}},
  noHebbian: {letter: "B", label: "homeostasis, no Hebbian learning", ablation: {inhibitoryHomeostasis: true, scaling: true, hebbian: "none"}},
  plainHebb: {letter: "C", label: "plain Hebb, no BCM threshold", ablation: {inhibitoryHomeostasis: true, scaling: true, hebbian: "plain"}},
  noScaling: {letter: "D", label: "BCM + inhibitory homeostasis, no scaling", ablation: {inhibitoryHomeostasis: true, scaling: false, hebbian: "bcm"}}
} as const satisfies Record<string, {letter: string; label: string; ablation: PlasticityAblation}>;

export type PlasticityAblationName = keyof typeof PLASTICITY_ABLATIONS;

/** One trial type: sound and light inputs. */
export interface PlasticityStimulus {
  sa: number;
  sv: number;
}

/** The mean field's trials, each with probability 1/3: none, sound only, light only (light is 0 while deprived). */
export const PLASTICITY_STIMULI = {
  deprived: [{sa: 0, sv: 0}, {sa: 1, sv: 0}, {sa: 0, sv: 0}],
  sighted: [{sa: 0, sv: 0}, {sa: 1, sv: 0}, {sa: 0, sv: 1}]
} as const satisfies Record<string, readonly PlasticityStimulus[]>;

export const SOUND = 1;

 // the index of the sound-only trial
const LIGHT_PROBE: PlasticityStimulus = {sa: 0, sv: 1};

 // the response to light if vision were restored

/** The stability of a run, judged on its last quarter (the last 10 of 40 days); see `classifyPlasticityRegime`. */
export type PlasticityRegime = "converged" | "oscillating" | "runaway" | "slow";

export const PLASTICITY_REGIMES: readonly PlasticityRegime[] = ["converged", "oscillating", "runaway", "slow"];

/** Fractions behind the derived numbers: onset at a response above 0.01; half and 95% of the final response; takeover at 95% of 3ρ; converged within 1% of 3ρ (at least 0.01). */
export const PLASTICITY_THRESHOLDS = {onset: 0.01, takeover: 0.95, converged: 0.01} as const;

/** A number (the single simulation, float64) or a tensor over the grid's lanes (float32). */
export type LaneValue<T> = T | number;

/** The arithmetic the rule needs; the rule is written once over it, so the two paths cannot drift apart. */
export interface RuleArithmetic<T> {
  add(a: LaneValue<T>, b: LaneValue<T>): LaneValue<T>;
  sub(a: LaneValue<T>, b: LaneValue<T>): LaneValue<T>;
  mul(a: LaneValue<T>, b: LaneValue<T>): LaneValue<T>;
  div(a: LaneValue<T>, b: LaneValue<T>): LaneValue<T>;
  relu(a: LaneValue<T>): LaneValue<T>; // [a]₊
  clip(a: LaneValue<T>, low: number, high: number): LaneValue<T>;
}

/** The plastic variables. */
export interface PlasticityState<V> {
  wVA: V; // A1 → V1
  wVL: V; // light → V1
  gI: V; // inhibition gain
  thetaM: V; // BCM sliding threshold
}

/** The rule's rates: τ_θ and η_H may differ per lane. */
export interface PlasticityRates<V> {
  tauTheta: V; // hours
  etaH: V;
  etaG: number;
  etaS: number;
  rho: number;
}

// #region hour
/** r_V of one trial at steady state: [w_VL s_v + w_VA r_A − g_I w_VI r_I − θ_V]₊ with r_A = s_a, r_I = w_IL s_v + w_IA r_A. */
export function v1Rate<T>(m: RuleArithmetic<T>, s: PlasticityState<LaneValue<T>>, {sa, sv}: PlasticityStimulus): LaneValue<T> {
  const {wVI, wIL, wIA, thetaV} = PLASTICITY_CIRCUIT;
  const [rA, rI] = [sa, wIL * sv + wIA * sa];
  const excitation = m.add(m.mul(s.wVL, sv), m.mul(s.wVA, rA));
  return m.relu(m.sub(excitation, m.add(m.mul(s.gI, wVI * rI), thetaV)));
}

/** The plasticity rule's signature: the state an hour later from the state now and V1's rate in each trial (components/chapters/12-plasticity/cells/plasticityRule.js, which a reader can edit). */
export type PlasticityRule = <T>(
  m: RuleArithmetic<T>,
  s: PlasticityState<LaneValue<T>>,
  trials: {sa: number; rV: LaneValue<T>}[],
  p: PlasticityRates<LaneValue<T>>,
  ablation: PlasticityAblation,
  limits: {gIMin: number; gIMax: number; wVAMax: number}
) => PlasticityState<LaneValue<T>>;

/**
 * One hour: the rates of every trial from the state at the start of the hour, then every update of
 * the rule at once. Returns the next state and the trials' rates. Shapes: in the grid every value
 * here is a [lanes] tensor (or a number, where the folding left one); in the single simulation, a number.
 */
export function plasticityHour<T>(m: RuleArithmetic<T>, s: PlasticityState<LaneValue<T>>, p: PlasticityRates<LaneValue<T>>, ablation: PlasticityAblation, stimuli: readonly PlasticityStimulus[], rule: PlasticityRule = plasticityRule) {
  const rates = stimuli.map((stimulus) => v1Rate(m, s, stimulus)); // per trial: [lanes]
  const next = rule(m, s, stimuli.map(({sa}, i) => ({sa, rV: rates[i]})), p, ablation, PLASTICITY_CIRCUIT); // [lanes] each
  return {next, rates};
}

// #endregion

/**
 * Folds what needs no arithmetic before `inner` sees it: x + 0, x·1 and x·0 (exact in any precision),
 * and, where plain numbers are constants (the grid, float64), any op on two of them. The grid then
 * spends ops only on the lanes' values.
 */
export function folded<T>(inner: RuleArithmetic<T>, numbersAreConstants: boolean): RuleArithmetic<T> {
  const both = (a: LaneValue<T>, b: LaneValue<T>) => numbersAreConstants && typeof a === "number" && typeof b === "number";
  return {
    add: (a, b) => (both(a, b) ? (a as number) + (b as number) : a === 0 ? b : b === 0 ? a : inner.add(a, b)),
    sub: (a, b) => (both(a, b) ? (a as number) - (b as number) : b === 0 ? a : inner.sub(a, b)),
    mul: (a, b) => (both(a, b) ? (a as number) * (b as number) : a === 0 || b === 0 ? 0 : a === 1 ? b : b === 1 ? a : inner.mul(a, b)),
    div: (a, b) => (both(a, b) ? (a as number) / (b as number) : b === 1 ? a : inner.div(a, b)),
    relu: (a) => (numbersAreConstants && typeof a === "number" ? Math.max(a, 0) : inner.relu(a)),
    clip: (a, low, high) => (numbersAreConstants && typeof a === "number" ? Math.min(high, Math.max(low, a)) : inner.clip(a, low, high))
  };
}

/** Plain JavaScript numbers (float64): the single simulation. */
const float64: RuleArithmetic<number> = folded<number>(
  {
    add: (a, b) => a + b,
    sub: (a, b) => a - b,
    mul: (a, b) => a * b,
    div: (a, b) => a / b,
    relu: (a) => Math.max(a, 0),
    clip: (a, low, high) => Math.min(high, Math.max(low, a))
  },
  true
);

/** Plain JavaScript numbers rounded to float32 after every op, as a float32 tensor op rounds: the grid's arithmetic, lane by lane. */
const fround = Math.fround;

const float32: RuleArithmetic<number> = folded<number>(
  {
    add: (a, b) => fround(fround(a) + fround(b)),
    sub: (a, b) => fround(fround(a) - fround(b)),
    mul: (a, b) => fround(fround(a) * fround(b)),
    div: (a, b) => fround(fround(a) / fround(b)),
    relu: (a) => Math.max(fround(a), 0),
    clip: (a, low, high) => Math.min(fround(high), Math.max(fround(low), fround(a)))
  },
  false
);

/** The starting state: the sighted equilibrium, with the latent weight given. */
export function initialState(config: PlasticityConfig): PlasticityState<number> {
  const {wVL, gI, thetaM} = PLASTICITY_CIRCUIT;
  return {wVA: config.latent, wVL, gI, thetaM};
}

/** The numbers a run is judged by, from its hourly sound response and A1→V1 weight (the single simulation and each grid lane alike). */
export interface PlasticitySummary {
  onsetDay: number | null; // first day the sound response exceeds 0.01
  halfDay: number | null; // first day it reaches half of its final value (SPEC's half-maximum)
  day95: number | null; // first day it reaches 95% of its final value
  takeoverDay: number | null; // first day it reaches 95% of the analytic fixed point 3ρ (the phase diagram's map)
  peak: number; // the largest sound response
  peakDay: number;
  maxWeight: number; // the largest w_VA
  regime: PlasticityRegime;
}

/** The first day (hour / 24) at which the response satisfies `reached`, or null. */
function firstDay(response: ArrayLike<number>, reached: (value: number) => boolean): number | null {
  for (let h = 0; h < response.length; ++h) if (reached(response[h])) return h / 24;
  return null;
}

/**
 * The regime of a run, judged on its last quarter (days 30–40 of 40):
 * - runaway: w_VA ran into one of its bounds (w_max, or 0 once depression silenced V1) at any hour;
 * - converged: the sound response moved by at most 1% of 3ρ (at least 0.01) over the last quarter;
 * - oscillating: it moved more, and turned (a local maximum or minimum) within the last quarter;
 * - slow: it moved more, in one direction only: still approaching at the last day.
 */
export function classifyPlasticityRegime(response: ArrayLike<number>, weight: ArrayLike<number>, rho: number): PlasticityRegime {
  const hours = response.length;
  for (let h = 0; h < hours; ++h) if (weight[h] >= PLASTICITY_CIRCUIT.wVAMax || weight[h] <= 0) return "runaway";
  const start = hours - 1 - Math.floor((hours - 1) / 4);
  let [low, high, turns, direction] = [Infinity, -Infinity, 0, 0];
  for (let h = start; h < hours; ++h) {
    [low, high] = [Math.min(low, response[h]), Math.max(high, response[h])];
    if (h === start) continue;
    const step = response[h] - response[h - 1];
    const sign = Math.abs(step) < 1e-6 ? 0 : Math.sign(step);
    if (sign !== 0 && direction !== 0 && sign !== direction) ++turns;
    if (sign !== 0) direction = sign;
  }
  if (high - low <= Math.max(0.01, PLASTICITY_THRESHOLDS.converged * 3 * rho)) return "converged";
  return turns > 0 ? "oscillating" : "slow";
}

/** Onset, half-maximum, 95%, takeover, peak and regime of one run from its hourly traces. */
export function summarizePlasticity(response: ArrayLike<number>, weight: ArrayLike<number>, rho: number): PlasticitySummary {
  const final = response[response.length - 1];
  let [peak, peakHour, maxWeight] = [-Infinity, 0, -Infinity];
  for (let h = 0; h < response.length; ++h) {
    if (response[h] > peak) [peak, peakHour] = [response[h], h];
    maxWeight = Math.max(maxWeight, weight[h]);
  }
  return {
    onsetDay: firstDay(response, (r) => r > PLASTICITY_THRESHOLDS.onset),
    halfDay: final > PLASTICITY_THRESHOLDS.onset ? firstDay(response, (r) => r >= final / 2) : null,
    day95: final > PLASTICITY_THRESHOLDS.onset ? firstDay(response, (r) => r >= PLASTICITY_THRESHOLDS.takeover * final) : null,
    takeoverDay: firstDay(response, (r) => r >= PLASTICITY_THRESHOLDS.takeover * 3 * rho),
    peak,
    peakDay: peakHour / 24,
    maxWeight,
    regime: classifyPlasticityRegime(response, weight, rho)
  };
}

/** The single simulation's arithmetic: float64, or float32 rounding after every op (the grid's). */
export type PlasticityPrecision = "float64" | "float32";

/** The state and rates at one hour. */
export interface PlasticityFinal {
  soundResponse: number; // r_V in a sound-only trial
  lightResponse: number; // r_V in a light-only trial if vision were restored at that hour
  meanRate: number; // ⟨r_V⟩ over the trials
  gI: number;
  wVA: number;
  wVL: number;
  thetaM: number;
}

/** One simulation, hour by hour; every array has one entry per hour, day[h] = h / 24 (+ the start day). */
export interface PlasticityRun extends PlasticitySummary {
  config: PlasticityConfig;
  ablation: PlasticityAblation;
  stimuli: "deprived" | "sighted";
  precision: PlasticityPrecision;
  fixedPoint: number; // the analytic takeover response 3ρ
  day: number[];
  soundResponse: number[];
  lightResponse: number[];
  meanRate: number[];
  gI: number[];
  wVA: number[];
  wVL: number[];
  thetaM: number[];
  final: PlasticityFinal;
}

/** Settings checked (a bad one throws a ParameterError naming it) and the ablation checked. */
export function settle(config: Partial<PlasticityConfig>, ablation: PlasticityAblation): PlasticityConfig {
  const values = requireParameters(PLASTICITY_PARAMETERS, config);
  if (typeof ablation?.inhibitoryHomeostasis !== "boolean" || typeof ablation.scaling !== "boolean" || !["bcm", "plain", "none"].includes(ablation.hebbian)) {
    throw new ParameterError([`the ablation must be {inhibitoryHomeostasis: boolean, scaling: boolean, hebbian: "bcm" | "plain" | "none"}, not ${JSON.stringify(ablation)}`]);
  }
  return values;
}

/** Runs the rule for `hours` hours from `start` in plain JavaScript, recording every hour (the start included). */
function integrate(start: PlasticityState<number>, config: PlasticityConfig, ablation: PlasticityAblation, stimuli: "deprived" | "sighted", hours: number, startDay: number, precision: PlasticityPrecision, rule: PlasticityRule): PlasticityRun {
  const numbers = precision === "float32" ? float32 : float64;
  const rates: PlasticityRates<number> = {tauTheta: config.tauTheta, etaH: config.etaH, etaG: config.etaG, etaS: config.etaS, rho: config.rho};
  const trials = PLASTICITY_STIMULI[stimuli];
  const run = {day: [] as number[], soundResponse: [] as number[], lightResponse: [] as number[], meanRate: [] as number[], gI: [] as number[], wVA: [] as number[], wVL: [] as number[], thetaM: [] as number[]};
  let state = start;
  for (let h = 0; ; ++h) {
    const hour = plasticityHour(numbers, state, rates, ablation, trials, rule);
    run.day.push(startDay + h / 24);
    run.soundResponse.push(hour.rates[SOUND] as number);
    run.lightResponse.push(v1Rate(numbers, state, LIGHT_PROBE) as number);
    run.meanRate.push(numbers.mul(hour.rates.reduce((sum, r) => numbers.add(sum, r), 0), 1 / trials.length) as number); // ⟨r_V⟩
    run.gI.push(state.gI);
    run.wVA.push(state.wVA);
    run.wVL.push(state.wVL);
    run.thetaM.push(state.thetaM);
    if (h === hours) break;
    state = hour.next as PlasticityState<number>;
  }
  const final = Object.fromEntries(Object.entries(run).filter(([key]) => key !== "day").map(([key, values]) => [key, values[hours]])) as unknown as PlasticityFinal;
  return {config, ablation, stimuli, precision, fixedPoint: 3 * config.rho, ...run, final, ...summarizePlasticity(run.soundResponse, run.wVA, config.rho)};
}

/**
 * SPEC.md 10's simulation after deprivation, hourly for `days` days, in plain JavaScript: float64 (2–4 ms
 * for 40 days), or with every op rounded to float32 as the grid's tensors round (`precision: "float32"`).
 */
export function simulatePlasticity(config: Partial<PlasticityConfig> = {}, ablation: PlasticityAblation = FULL_PLASTICITY, {precision = "float64", rule = plasticityRule}: {precision?: PlasticityPrecision; rule?: PlasticityRule} = {}): PlasticityRun {
  const values = settle(config, ablation);
  return integrate(initialState(values), values, ablation, "deprived", values.days * 24, 0, precision, rule);
}

/** The settings of restoreVision. */
export const RESTORE_DAYS = {value: 20, min: 1, max: 100} as const;

/**
 * Vision restored at the end of a run: the same rule continues from the run's last state with light
 * trials back (s_v = 1). Its first hour is the hyperexcitable light response (SPEC: 3.0 → 5.88); what
 * follows is this model's prediction, beyond what SPEC.md verified.
 */
export function restoreVision(run: PlasticityRun, days: number = RESTORE_DAYS.value, {rule = plasticityRule}: {rule?: PlasticityRule} = {}): PlasticityRun {
  const problem = parameterProblem({label: "days after restoring vision", ...RESTORE_DAYS, integer: true}, days);
  if (problem) throw new ParameterError([problem]);
  const {final} = run;
  const start = {wVA: final.wVA, wVL: final.wVL, gI: final.gI, thetaM: final.thetaM};
  return integrate(start, run.config, run.ablation, "sighted", days * 24, run.day[run.day.length - 1], run.precision, rule);
}

/** A run followed by its continuation (restoreVision's), as one run: the continuation's first hour, a repeat of the run's last, is dropped. */
export function joinPlasticityRuns(first: PlasticityRun, then: PlasticityRun): PlasticityRun {
  const keys = ["day", "soundResponse", "lightResponse", "meanRate", "gI", "wVA", "wVL", "thetaM"] as const;
  const joined = Object.fromEntries(keys.map((key) => [key, [...first[key], ...then[key].slice(1)]])) as Pick<PlasticityRun, (typeof keys)[number]>;
  return {...then, ...joined, ...summarizePlasticity(joined.soundResponse, joined.wVA, first.config.rho)};
}

/** The circuit at one hour of a run: what the circuit diagram draws. */
export interface PlasticitySnapshot {
  day: number;
  wVA: number;
  wVL: number;
  gI: number;
  soundResponse: number;
  lightResponse: number;
  sighted: boolean; // light reaches the eye (false while deprived)
}

/** The run's hour nearest to `day` (clamped to the run). */
export function plasticitySnapshot(run: PlasticityRun, day: number, restoreDay = Infinity): PlasticitySnapshot {
  const h = Math.min(run.day.length - 1, Math.max(0, Math.round((day - run.day[0]) * 24)));
  return {day: run.day[h], wVA: run.wVA[h], wVL: run.wVL[h], gI: run.gI[h], soundResponse: run.soundResponse[h], lightResponse: run.lightResponse[h], sighted: run.day[h] > restoreDay};
}

/** The light response of the sighted circuit before deprivation (3.0) and at the end of the run, if vision were restored then. */
export function restoredLight(run: PlasticityRun): {before: number; after: number} {
  return {before: run.lightResponse[0], after: run.final.lightResponse};
}

/** The phase diagram's axes, log-spaced and rounded to 3 digits: 32 values of τ_θ from 1 to 71.7 h (6 at index 13, 23.8 at 23) and of η_H from .005 to .58 (.05 at index 15). */
export function plasticityGridAxes(size = 32): {tauThetas: number[]; etaHs: number[]} {
  const round = (x: number) => Number(x.toPrecision(3));
  const spread = (size - 1) / 31; // the span stays the same at any size
  return {
    tauThetas: Array.from({length: size}, (_, i) => round(6 ** (i / spread / 13))),
    etaHs: Array.from({length: size}, (_, j) => round(0.05 * 10 ** ((j / spread - 15) / 15)))
  };
}

/** The τ_θ at which SPEC.md 10 reports the oscillation (peak 5.5 at day 11.5). */
export const SLOW_THRESHOLD_TAU = 24;
