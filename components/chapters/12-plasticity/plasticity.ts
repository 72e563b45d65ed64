/**
 * Chapter 12 (SPEC.md section 10): cross-modal plasticity as a rate model. Auditory input reaches
 * visual cortex (V1) through a latent A1→V1 weight w_VA that inhibition masks; when vision is lost,
 * inhibitory homeostasis unmasks it, BCM learning with a sliding threshold strengthens it, and
 * synaptic scaling keeps V1's mean rate near its target ρ.
 *
 *   r_A = s_a,  r_I = w_IL s_v + w_IA r_A,  r_V = [w_VL s_v + w_VA r_A − g_I w_VI r_I − θ_V]₊
 *   Δw_VA = η_H ⟨r_A r_V (r_V − θ_M)⟩,  θ_M ← θ_M + (⟨r_V²⟩/ρ − θ_M)/τ_θ
 *   scaling: w_VA, w_VL ← w (1 + η_s (ρ − ⟨r_V⟩)/ρ),  inhibition: g_I ← g_I (1 + η_g (⟨r_V⟩ − ρ)/ρ)
 *
 * Rates are at steady state within a trial; plasticity runs once per simulated hour as a mean field
 * over three equally likely trials {none, sound only, light only}, with s_v ≡ 0 from day 0. Every
 * update of an hour uses the rates of the state at the start of that hour (a simultaneous update):
 * updating in sequence instead gives a peak of 3.021, not SPEC's 3.047.
 *
 * The clock: day t holds the state after 24·t hourly updates (day 0 is the sighted equilibrium at the
 * moment vision is lost). SPEC.md's table reads one hour early: its day-t numbers are this model's
 * numbers at t + 1 h, to every printed digit (onset 1.25 d, half-maximum 8.7 d, day 10: 2.42), except
 * that its "3.000 for days 14–40" is 2.998 at day 14. On this clock the onset is at 31 h = 1.29 d,
 * half-maximum at 8.75 d, day 10 at 2.389.
 *
 * Nothing here is random: the rule is a deterministic mean field, so there is no seed.
 *
 * The rule is written once, over numbers or tensors (`RuleArithmetic`): the single simulation runs it in
 * plain JavaScript float64; the phase diagram runs it on a grid of (τ_θ, η_H), one tfjs op per term
 * over every lane per hour, in float32 on the active backend.
 */
import * as tf from "@tensorflow/tfjs-core";
import {ParameterError, parameterProblem} from "../../runtime/parameters.js";
import {activeBackend, compileAhead, type BackendName} from "../../runtime/runtime.js";
import {nextTask, type RunOptions} from "../../runtime/trainingLoop.js";
import {plasticityRule} from "./cells/plasticityRule.js";
import {checkedCell, type EditableCell} from "../../editing/editableCells.js";
import {PLASTICITY_PARAMETERS, type PlasticityConfig, type PlasticityAblation, FULL_PLASTICITY, PLASTICITY_ABLATIONS, type PlasticityAblationName, PLASTICITY_STIMULI, SOUND, type PlasticityRegime, type LaneValue, type RuleArithmetic, type PlasticityState, type PlasticityRates, v1Rate, type PlasticityRule, plasticityHour, folded, initialState, type PlasticitySummary, summarizePlasticity, type PlasticityFinal, type PlasticityRun, settle, simulatePlasticity, RESTORE_DAYS, restoreVision, restoredLight, plasticityGridAxes, SLOW_THRESHOLD_TAU} from "./plasticityModel.js";

export * from "./plasticityModel.js"; // the model in plain numbers, which the page runs itself

/** tfjs tensors, one op per call; numbers become scalars made once per run by `constant`. */
function tensors(constant: (x: number) => tf.Scalar): RuleArithmetic<tf.Tensor> {
  const t = (x: LaneValue<tf.Tensor>) => (typeof x === "number" ? constant(x) : x);
  return folded<tf.Tensor>(
    {
      add: (a, b) => tf.add(t(a), t(b)),
      sub: (a, b) => tf.sub(t(a), t(b)),
      mul: (a, b) => tf.mul(t(a), t(b)),
      div: (a, b) => tf.div(t(a), t(b)),
      relu: (a) => tf.relu(t(a)),
      clip: (a, low, high) => tf.clipByValue(t(a), low, high)
    },
    true
  );
}

/** The phase diagram: every (τ_θ, η_H) of the axes, other settings shared; nested arrays are [τ_θ index][η_H index]. */
export interface PlasticityGrid {
  backend: BackendName;
  ablation: PlasticityAblation;
  config: Omit<PlasticityConfig, "tauTheta" | "etaH">;
  tauThetas: number[];
  etaHs: number[];
  takeoverDay: (number | null)[][];
  regime: PlasticityRegime[][];
  peak: number[][];
  finalResponse: number[][];
  /** Hour-major traces of every lane, lane = i·etaHs.length + j: [(hours + 1) · lanes] each. */
  traces: {soundResponse: Float32Array; wVA: Float32Array};
  /** The state after the last hour, per lane. */
  final: {wVA: Float32Array; wVL: Float32Array; gI: Float32Array; thetaM: Float32Array};
}

export interface PlasticityGridOptions extends RunOptions {
  axes?: {tauThetas: number[]; etaHs: number[]};
  rule?: PlasticityRule; // the reader's edited rule, in a worker; the course's by default
  hoursPerChunk?: number; // at most this many hours between two read-backs and two turns of the page (default 24)
  chunkBudgetMs?: number; // and no more hours once a chunk has taken this long (default 8): on a phone's slower CPU a longer chunk would hold the page's thread past 50 ms
  onProgress?: (hoursDone: number, hours: number) => void;
}

/**
 * The same rule over a grid of (τ_θ, η_H) on the active backend: each hour is one tfjs op per term of
 * the equations over all lanes (28 element-wise ops for the full model, 18–24 for the ablations). After each chunk (at most `hoursPerChunk` hours, fewer once `chunkBudgetMs` has passed) it reads the chunk's sound responses and
 * weights back and gives the page a turn (nextTask), so an aborted signal stops it with its tensors freed.
 */
export async function simulatePlasticityGrid(config: Partial<PlasticityConfig> = {}, ablation: PlasticityAblation = FULL_PLASTICITY, {axes = plasticityGridAxes(), hoursPerChunk = 24, chunkBudgetMs = 8, onProgress, signal, rule = plasticityRule}: PlasticityGridOptions = {}): Promise<PlasticityGrid> {
  const values = settle(config, ablation);
  const problems = [
    ...axes.tauThetas.map((v) => parameterProblem(PLASTICITY_PARAMETERS.tauTheta, v)),
    ...axes.etaHs.map((v) => parameterProblem(PLASTICITY_PARAMETERS.etaH, v))
  ].filter((problem) => problem !== undefined);
  if (problems.length) throw new ParameterError(problems);
  const [T, E] = [axes.tauThetas.length, axes.etaHs.length];
  const lanes = T * E;
  const hours = values.days * 24;
  const start = initialState(values);
  const owned: tf.Tensor[] = []; // freed at the end, whatever happens
  const scalars = new Map<number, tf.Scalar>();
  const constant = (x: number) => {
    if (!scalars.has(x)) scalars.set(x, tf.keep(tf.scalar(x))); // []: made once per run, kept out of the hours' tidies
    return scalars.get(x)!;
  };
  const m = tensors(constant);
  const column = (pick: (i: number, j: number) => number) => Float32Array.from({length: lanes}, (_, lane) => pick(Math.floor(lane / E), lane % E));
  const tauTheta = tf.tensor1d(column((i) => axes.tauThetas[i])); // [lanes]
  const etaH = tf.tensor1d(column((_, j) => axes.etaHs[j])); // [lanes]
  owned.push(tauTheta, etaH);
  const rates: PlasticityRates<tf.Tensor | number> = {tauTheta, etaH, etaG: values.etaG, etaS: values.etaS, rho: values.rho};
  let state: PlasticityState<tf.Tensor> = {
    wVA: tf.fill([lanes], start.wVA), // [lanes]
    wVL: tf.fill([lanes], start.wVL), // [lanes]
    gI: tf.fill([lanes], start.gI), // [lanes]
    thetaM: tf.fill([lanes], start.thetaM) // [lanes]
  };
  const stateTensors = () => Object.values(state) as tf.Tensor[];
  const records: tf.Tensor[] = [];
  const soundTrace = new Float32Array((hours + 1) * lanes);
  const weightTrace = new Float32Array((hours + 1) * lanes);
  /** One hour: the next state (kept), and the hour's record [2, lanes]: sound response and w_VA at its start. */
  const hour = (s: PlasticityState<tf.Tensor>) => {
    const [wVA, wVL, gI, thetaM, record] = tf.tidy(() => {
      const {next, rates: r} = plasticityHour(m, s, rates, ablation, PLASTICITY_STIMULI.deprived, rule);
      const record = tf.stack([r[SOUND] as tf.Tensor, s.wVA]); // [2, lanes]
      return [next.wVA, next.wVL, next.gI, next.thetaM, record] as tf.Tensor[]; // [lanes] × 4, [2, lanes]
    });
    return {next: {wVA, wVL, gI, thetaM}, record};
  };
  try {
    await compileAhead(() => hour(state)); // on WebGPU: compile the shaders off the page's thread first
    for (let done = 0; done < hours; ) {
      const most = Math.min(hoursPerChunk, hours - done);
      const began = performance.now();
      let chunk = 0;
      while (chunk < most && (chunk === 0 || performance.now() - began < chunkBudgetMs)) {
        const {next, record} = hour(state);
        records.push(record);
        const kept = new Set<tf.Tensor>(Object.values(next));
        tf.dispose(stateTensors().filter((x) => !kept.has(x)));
        state = next;
        ++chunk;
      }
      const stacked = tf.stack(records); // [chunk, 2, lanes]
      tf.dispose(records.splice(0));
      const data = await stacked.data(); // one read-back per chunk
      stacked.dispose();
      for (let k = 0; k < chunk; ++k) {
        soundTrace.set(data.subarray(2 * k * lanes, (2 * k + 1) * lanes), (done + k) * lanes);
        weightTrace.set(data.subarray((2 * k + 1) * lanes, (2 * k + 2) * lanes), (done + k) * lanes);
      }
      done += chunk;
      onProgress?.(done, hours);
      await nextTask(signal); // the page gets a turn; rejects if the run was replaced
    }
    const last = tf.tidy(() => tf.stack([v1Rate(m, state, PLASTICITY_STIMULI.deprived[SOUND]) as tf.Tensor, state.wVA, state.wVL, state.gI, state.thetaM])); // [5, lanes]
    owned.push(last);
    const finalData = await last.data();
    const row = (r: number) => Float32Array.from(finalData.subarray(r * lanes, (r + 1) * lanes));
    soundTrace.set(row(0), hours * lanes);
    weightTrace.set(row(1), hours * lanes);
    const final = {wVA: row(1), wVL: row(2), gI: row(3), thetaM: row(4)};
    const [sound, weight] = [new Float32Array(hours + 1), new Float32Array(hours + 1)]; // one lane's traces
    const summaries: PlasticitySummary[] = [];
    for (let lane = 0; lane < lanes; ++lane) {
      for (let h = 0; h <= hours; ++h) {
        sound[h] = soundTrace[h * lanes + lane];
        weight[h] = weightTrace[h * lanes + lane];
      }
      summaries.push(summarizePlasticity(sound, weight, values.rho));
    }
    const nested = <K extends keyof PlasticitySummary>(key: K) => Array.from({length: T}, (_, i) => Array.from({length: E}, (_, j) => summaries[i * E + j][key]));
    const {tauTheta: _t, etaH: _e, ...shared} = values;
    return {
      backend: activeBackend(),
      ablation,
      config: shared,
      tauThetas: [...axes.tauThetas],
      etaHs: [...axes.etaHs],
      takeoverDay: nested("takeoverDay"),
      regime: nested("regime"),
      peak: nested("peak"),
      finalResponse: Array.from({length: T}, (_, i) => Array.from({length: E}, (_, j) => soundTrace[hours * lanes + i * E + j])),
      traces: {soundResponse: soundTrace, wVA: weightTrace},
      final
    };
  } finally {
    tf.dispose([...owned, ...records, ...stateTensors(), ...scalars.values()]);
  }
}

/** How one variant of the model ends: its summary and its last hour. */
export interface PlasticityOutcome extends PlasticitySummary {
  final: PlasticityFinal;
}

/** The experiment's JSON (`npm run experiment -- plasticity`): the full model hour by hour, SPEC's ablations A–D, the slow threshold, and the phase diagram on the active backend. */
export interface PlasticityResult extends PlasticitySummary {
  backend: BackendName;
  config: PlasticityConfig;
  fixedPoint: number; // 3ρ
  days: number[]; // hourly, aligned with soundResponse
  soundResponse: number[];
  final: PlasticityFinal;
  restoredLight: {before: number; after: number};
  ablations: Record<PlasticityAblationName, PlasticityOutcome & {letter: string; label: string}>;
  slowThreshold: PlasticityOutcome & {tauTheta: number};
  grid: Pick<PlasticityGrid, "tauThetas" | "etaHs" | "takeoverDay" | "regime">;
}

/** A run's summary and last hour, without its traces. */
function outcome(run: PlasticityRun): PlasticityOutcome {
  const {onsetDay, halfDay, day95, takeoverDay, peak, peakDay, maxWeight, regime, final} = run;
  return {onsetDay, halfDay, day95, takeoverDay, peak, peakDay, maxWeight, regime, final};
}

/** Runs SPEC.md 10: the single simulation, its ablations and the slow threshold in plain JavaScript, then the phase diagram on the active backend. */
export async function runPlasticity(config: Partial<PlasticityConfig> = {}, {signal, axes}: RunOptions & {axes?: PlasticityGridOptions["axes"]} = {}): Promise<PlasticityResult> {
  const run = simulatePlasticity(config);
  const ablations = Object.fromEntries(
    Object.entries(PLASTICITY_ABLATIONS).map(([name, {letter, label, ablation}]) => [name, {letter, label, ...outcome(simulatePlasticity(config, ablation))}])
  ) as PlasticityResult["ablations"];
  const grid = await simulatePlasticityGrid(config, FULL_PLASTICITY, {signal, axes});
  return {
    backend: grid.backend,
    config: run.config,
    fixedPoint: run.fixedPoint,
    days: run.day,
    soundResponse: run.soundResponse,
    ...outcome(run),
    restoredLight: restoredLight(run),
    ablations,
    slowThreshold: {tauTheta: SLOW_THRESHOLD_TAU, ...outcome(simulatePlasticity({...config, tauTheta: SLOW_THRESHOLD_TAU}))},
    grid: {tauThetas: grid.tauThetas, etaHs: grid.etaHs, takeoverDay: grid.takeoverDay, regime: grid.regime}
  };
}

const STATE_KEYS = ["wVA", "wVL", "gI", "thetaM"] as const;

/** What is wrong with a rule's output, or undefined: the state {wVA, wVL, gI, thetaM}, each a finite number or a tensor of the grid's lanes. */
function ruleOutputProblem(output: unknown): string | undefined {
  if (typeof output !== "object" || output === null) return `${output === null ? "null" : typeof output}, not the next state {wVA, wVL, gI, thetaM}`;
  for (const key of STATE_KEYS) {
    const value = (output as Record<string, unknown>)[key];
    if (value === undefined) return `a state without ${key} (the rule must return wVA, wVL, gI and thetaM)`;
    if (typeof value === "number" && !Number.isFinite(value)) return `${key} = ${value}: every part of the state must stay a finite number`;
    if (typeof value !== "number" && !(value instanceof tf.Tensor)) return `${key} as a ${typeof value}: compute it from the state and the rates with m.add, m.mul, …`;
  }
  return undefined;
}

/**
 * Chapter 12's editable cell, the plasticity rule (components/chapters/12-plasticity/cells/plasticityRule.js): with the
 * reader's rule, the single simulation (float64, with restored vision if asked) and the phase diagram
 * (float32, on the worker's backend) are computed again. The grid's hourly traces stay in the worker.
 */
export const PLASTICITY_CELL: EditableCell = {
  title: "the plasticity rule",
  file: "plasticityRule.js",
  async run(fn, config) {
    const rule = checkedCell(fn, ruleOutputProblem) as unknown as PlasticityRule;
    const {ablation = FULL_PLASTICITY, restore = false, ...settings} = config as Partial<PlasticityConfig> & {ablation?: PlasticityAblation; restore?: boolean};
    const run = simulatePlasticity(settings, ablation, {rule});
    const restored = restore ? restoreVision(run, RESTORE_DAYS.value, {rule}) : null;
    const {traces: _traces, ...grid} = await simulatePlasticityGrid(settings, ablation, {rule});
    return {run, restored, grid};
  }
};
