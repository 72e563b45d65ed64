/**
 * Chapter 5 (SPEC.md section 5): hierarchical multi-scale attention for audio–video alignment. Is
 * this video the one that goes with this audio? A crash is shared for 1 s, a sentence for 10 s, so
 * the best window differs by type; crash clips also carry an ambient hum that makes long windows
 * look alike even for mismatched pairs. Four logistic models on pooled window similarities (short
 * only, long only, static fusion, and a mixture of experts whose gate reads audio-only statistics)
 * train together, full batch, with Adam; the page, the tests and the command line all call this.
 */
import * as tf from "@tensorflow/tfjs-core";
import {byKey} from "../../runtime/byKey.js";
import {gaussian, mulberry32, normalArray, type Random, streamSeed} from "../../runtime/prng.js";
import {readScalars} from "../../runtime/readScalars.js";
import {requireParameters} from "../../runtime/parameters.js";
import {activeBackend, type BackendName} from "../../runtime/runtime.js";
import {nextFrame, trainToEnd, type Trainable} from "../../runtime/trainingLoop.js";
import {windowGate} from "./cells/windowGate.js";
import {CellError, checkedCell, type EditableCell} from "../../editing/editableCells.js";
import {MULTISCALE_PARAMETERS, type MultiScaleConfig, type MultiScaleModel, MULTISCALE_MODEL_KEYS, CLIP, type EventType, type ClipInfo, type ClipTrace, type Split, type MultiScaleEvaluation, type MultiScaleSnapshot} from "./multiScaleSettings.js";
import {returnedText} from "../../editing/returnedText.js";

export * from "./multiScaleSettings.js"; // the settings and labels, which the page imports without tfjs

/** The whole run's summary, as the command line prints it and the tests check it. */
export interface MultiScaleResult {
  seed: number;
  backend: BackendName;
  config: MultiScaleConfig;
  accuracy: Record<MultiScaleModel, Record<Split, number>>;
  gateMean: {crash: number; sentence: number};
  losses: Record<MultiScaleModel, number[]>;
}

const EVENTS: Record<EventType, {length: number; variance: number}> = {
  crash: {length: 10, variance: 0.5}, // frames, per-dimension variance of the shared latent
  sentence: {length: 100, variance: 0.1}
};
// β of the attention pooling S_w = (1/β) log Σ_t exp(β m_w(t)) is our choice (SPEC leaves it open):
// β = 1000 puts S_w within log(291)/1000 ≈ 0.006 of max_t m_w(t), so Ŝ_short and S_long are SPEC's
// max features. A softer β = 100 (0.06 from the max) makes them noisier: seed 2's gated − static
// falls from 0.073 to 0.063, below SPEC's 0.07.
const POOL_BETA = 1000;
const FEATURES = 4; // [Ŝ_short, S_long, φ_peak, φ_mean], standardised with the training split's mean and (population) std
const SLICE = 100; // clips generated per task before yielding, so that a cancel is seen (the experiment worker's thread draws nothing): about 70 ms here
// Initialisation (our choice; SPEC leaves it open): slopes and static fusion's weights start at N(0, 0.1²),
// biases at 0. The gate starts undecided, u = 0 and c_0 = 0, so g = 1/2 for every clip and the experts
// shape it. With u ~ N(0, 0.1²) too, about 1 seed in 10 (seed 3 here) stalls in a mixture whose gate
// never separates the types (g ≈ 0.6 on both) and whose long expert is a constant "no".
const INIT_SCALE = 0.1;
const STD_EPSILON = 1e-12; // keeps the standardisation finite

type Weights = Record<string, tf.Variable>;

/** One value per model. */
const byModel = <T>(make: (key: MultiScaleModel) => T): Record<MultiScaleModel, T> => byKey(MULTISCALE_MODEL_KEYS, make);

/** Clip i of a split: the type alternates, the match flips every two clips, so any 4 consecutive clips are balanced. */
function clipInfo(index: number): ClipInfo {
  return {type: index % 2 === 0 ? "crash" : "sentence", match: index % 4 < 2};
}

/** The fixed hum direction u, N(0, 1) per dimension rescaled to ‖u‖²/d = 1. */
function humDirection(random: Random): Float32Array {
  const u = normalArray(random, CLIP.dims, 1);
  const norm = Math.hypot(...u);
  return u.map((x) => (x * Math.sqrt(CLIP.dims)) / norm);
}

/** Adds a fresh shared latent (N(0, variance) per dimension and frame) to frames start..start+length−1 of each target. */
function addEvent(targets: Float32Array[], offset: number, start: number, {length, variance}: {length: number; variance: number}, random: Random): void {
  const std = Math.sqrt(variance);
  for (let k = start * CLIP.dims; k < (start + length) * CLIP.dims; ++k) {
    const z = std * gaussian(random);
    for (const target of targets) target[offset + k] += z;
  }
}

/**
 * Writes clip `index` of a split (audio and video, [T · d] each) at `offset`; returns where the event
 * starts in the audio. Noise N(0, 1); a mismatched video gets an independent event of the same type
 * at its own place. Crash clips always draw λ_a, λ_v ~ U(0, 1), so clips are the same with the hum
 * on or off (confound 0 is the same data, hum removed).
 */
function writeClip(audio: Float32Array, video: Float32Array, offset: number, index: number, hum: Float32Array, confound: number, random: Random): number {
  const {frames: T, dims: D} = CLIP;
  const {type, match} = clipInfo(index);
  const event = EVENTS[type];
  for (let k = 0; k < T * D; ++k) audio[offset + k] = gaussian(random);
  for (let k = 0; k < T * D; ++k) video[offset + k] = gaussian(random);
  const start = Math.floor(random() * (T - event.length + 1));
  addEvent(match ? [audio, video] : [audio], offset, start, event, random);
  if (!match) addEvent([video], offset, Math.floor(random() * (T - event.length + 1)), event, random);
  if (type === "crash") {
    const [audioHum, videoHum] = [confound * random(), confound * random()]; // λ_a, λ_v
    for (let k = 0; k < T * D; ++k) {
      audio[offset + k] += audioHum * hum[k % D];
      video[offset + k] += videoHum * hum[k % D];
    }
  }
  return start;
}

/** A split's standardised features, as the models read them. */
interface Inputs {
  all: tf.Tensor2D; // [Ŝ_short, S_long, φ_peak, φ_mean]: [N, 4]
  shortScore: tf.Tensor1D; // Ŝ_short: [N]
  longScore: tf.Tensor1D; // S_long: [N]
  phi: tf.Tensor2D; // the gate's audio-only [φ_peak, φ_mean]: [N, 2]
}

// #region models
/** Window means m_w(t) = (1/w) Σ_{τ=t}^{t+w−1} x_τ for every start t, from cumulative sums: [N, T] → [N, T − w + 1]. */
function windowMeans(x: tf.Tensor2D, w: number): tf.Tensor2D {
  const [N, T] = x.shape;
  const through = tf.transpose(tf.cumsum(x, 1)); // Σ_{τ≤t} x_τ, time first so a run of frames is one block: [T, N]
  const before = tf.transpose(tf.cumsum(x, 1, true)); // Σ_{τ<t} x_τ: [T, N]
  const sums = tf.sub(tf.slice(through, [w - 1, 0], [T + 1 - w, N]), tf.slice(before, [0, 0], [T + 1 - w, N])); // Σ_{τ=t}^{t+w−1} x_τ: [T − w + 1, N]
  return tf.transpose(tf.div(sums, w)) as tf.Tensor2D; // [N, T − w + 1]
}

/** Attention pooling over windows, S = (1/β) log Σ_t exp(β m(t)), a soft max_t m(t): [N, windows] → [N]. */
function attentionPool(m: tf.Tensor2D): tf.Tensor1D {
  return tf.div(tf.logSumExp(tf.mul(m, POOL_BETA), 1), POOL_BETA); // [N]
}

/** A batch of clips' frame similarity, its window means at both scales, and the four features. */
interface ClipFeatures {
  similarity: tf.Tensor2D; // c_t: [N, T]
  shortMeans: tf.Tensor2D; // m_10(t): [N, T − 9]
  longMeans: tf.Tensor2D; // m_100(t): [N, T − 99]
  features: tf.Tensor2D; // [Ŝ_short, S_long, φ_peak, φ_mean]: [N, 4]
}

/** The features of a batch of clips, audio and video [N, T, d]: Ŝ_short, S_long and the gate's audio-only φ = [φ_peak, φ_mean]. */
function clipFeatures(audio: tf.Tensor3D, video: tf.Tensor3D): ClipFeatures {
  const d = CLIP.dims;
  const similarity = tf.div(tf.sum(tf.mul(audio, video), 2), d) as tf.Tensor2D; // c_t = ⟨a_t, v_t⟩ / d: [N, T]
  const energy = tf.div(tf.sum(tf.square(audio), 2), d) as tf.Tensor2D; // e_t = ‖a_t‖² / d, audio only: [N, T]
  const shortMeans = windowMeans(similarity, CLIP.shortWindow); // [N, T − 9]
  const longMeans = windowMeans(similarity, CLIP.longWindow); // [N, T − 99]
  const shortScore = tf.sub(attentionPool(shortMeans), tf.mean(similarity, 1)); // Ŝ_short = S_10 − c̄: [N]
  const longScore = attentionPool(longMeans); // S_long = S_100: [N]
  const peak = tf.sub(attentionPool(windowMeans(energy, CLIP.shortWindow)), attentionPool(windowMeans(energy, CLIP.longWindow))); // φ_peak = S^e_10 − S^e_100: [N]
  const level = tf.mean(energy, 1); // φ_mean = ē: [N]
  return {similarity, shortMeans, longMeans, features: tf.stack([shortScore, longScore, peak, level], 1) as tf.Tensor2D}; // features: [N, 4]
}

/** The gate's signature: g [N] towards the short expert from its weights and the audio-only φ [N, 2] (components/chapters/05-multi-scale/cells/windowGate.js, which a reader can edit). */
export type WindowGate = (tfjs: typeof tf, w: {u: tf.Tensor; c0: tf.Tensor}, phi: tf.Tensor2D) => tf.Tensor;

/** The model's match logit for each clip, from a split's standardised features; the gated model's gate is `gate`: [N]. */
function logits(model: MultiScaleModel, w: Weights, x: Inputs, gate: WindowGate): tf.Tensor1D {
  switch (model) {
    case "short":
      return tf.add(tf.mul(w.a, x.shortScore), w.b); // a Ŝ_short + b: [N]
    case "long":
      return tf.add(tf.mul(w.a, x.longScore), w.b); // a S_long + b: [N]
    case "static":
      return tf.add(tf.reshape(tf.matMul(x.all, w.w), [-1]), w.b); // logistic on all four features: [N]
    case "gated": {
      const g = gate(tf, {u: w.u, c0: w.c0}, x.phi); // [N]
      const shortExpert = tf.add(tf.mul(w.aS, x.shortScore), w.bS); // a_s Ŝ_short + b_s: [N]
      const longExpert = tf.add(tf.mul(w.aL, x.longScore), w.bL); // a_l S_long + b_l: [N]
      return tf.add(tf.mul(g, shortExpert), tf.mul(tf.sub(1, g), longExpert)); // g·short + (1 − g)·long: [N]
    }
  }
}

/** Binary cross-entropy from logits, mean over the clips: softplus(f) − y·f. */
function loss(model: MultiScaleModel, w: Weights, x: Inputs, y: tf.Tensor1D, gate: WindowGate): tf.Scalar {
  const f = logits(model, w, x, gate); // [N]
  return tf.mean(tf.sub(tf.softplus(f), tf.mul(y, f))) as tf.Scalar;
}
// #endregion

/** One split's features [N · 4] (raw), and for the test split what the trace shows. */
interface SplitData {
  features: Float32Array; // [N · 4]
  starts: Int32Array; // [N] where the audio's event starts
  similarity?: Float32Array; // [N · T] c_t, test split only
  windows?: Float32Array; // [N · 4] best short start, its m_10, best long start, its m_100; test split only
}

/** A split's model inputs from its standardised features [N, 4]; the columns are split off once, not at every step. */
function inputs(all: tf.Tensor2D): Inputs {
  const [shortScore, longScore] = tf.tidy(() => tf.unstack(tf.slice(all, [0, 0], [-1, 2]), 1)) as tf.Tensor1D[]; // [N] each
  return {all, shortScore, longScore, phi: tf.slice(all, [0, 2], [-1, 2])}; // phi: [N, 2]
}

/** Thrown by create when isCancelled() turns true. */
function abortError(): Error {
  return Object.assign(new Error("generating the clips was cancelled"), {name: "AbortError"});
}

/**
 * Generates one split in slices of SLICE clips, computing each slice's features with tfjs and
 * reading them back once, and yields between slices. The features do not depend on SLICE: every op is per clip.
 */
async function generateSplit(count: number, random: Random, hum: Float32Array, confound: number, keepTrace: boolean, tick: (clips: number) => boolean): Promise<SplitData> {
  const {frames: T, dims: D} = CLIP;
  const features = new Float32Array(count * FEATURES);
  const starts = new Int32Array(count);
  const similarity = keepTrace ? new Float32Array(count * T) : undefined;
  const windows = keepTrace ? new Float32Array(count * 4) : undefined;
  for (let first = 0; first < count; first += SLICE) {
    const n = Math.min(SLICE, count - first);
    const audio = new Float32Array(n * T * D);
    const video = new Float32Array(n * T * D);
    for (let i = 0; i < n; ++i) starts[first + i] = writeClip(audio, video, i * T * D, first + i, hum, confound, random);
    const state = tf.tidy(() => {
      const a = tf.tensor3d(audio, [n, T, D]); // [n clips, T frames, d]
      const v = tf.tensor3d(video, [n, T, D]); // [n clips, T frames, d]
      const clips = clipFeatures(a, v);
      const parts = [tf.reshape(clips.features, [-1])]; // [n · 4]
      if (keepTrace) {
        const {shortMeans, longMeans} = clips; // [n, T − 9], [n, T − 99]
        const best = [tf.argMax(shortMeans, 1), tf.max(shortMeans, 1), tf.argMax(longMeans, 1), tf.max(longMeans, 1)].map((t) => tf.cast(t, "float32")); // 4 × [n]
        parts.push(tf.reshape(tf.stack(best, 1), [-1]), tf.reshape(clips.similarity, [-1])); // [n · 4], [n · T]
      }
      return tf.concat(parts); // [n · 4 (+ n · 4 + n · T)]
    });
    let values: Float32Array;
    try {
      values = (await state.data()) as Float32Array; // one read-back per slice
    } finally {
      state.dispose();
    }
    features.set(values.subarray(0, n * FEATURES), first * FEATURES);
    windows?.set(values.subarray(n * FEATURES, 2 * n * FEATURES), first * 4);
    similarity?.set(values.subarray(2 * n * FEATURES), first * T);
    if (!tick(n)) throw abortError();
    await nextFrame();
  }
  return {features, starts, similarity, windows};
}

/** How MultiScaleTrainer.create works: its progress and cancelling, and for an edited gate, the gate and the models to train. */
export interface MultiScaleOptions {
  onProgress?: (fraction: number) => void;
  isCancelled?: () => boolean;
  gate?: WindowGate; // the gated model's gate: windowGate by default
  models?: readonly MultiScaleModel[]; // the models advance() trains, all four by default; the others keep their initial weights
}

/** The test split's inputs, standardised with the training split's mean and std, and what its traces show. */
interface TestSet {
  x: Inputs;
  data: SplitData;
}

/**
 * Trains the four models step by step on clips generated once; call dispose() when done (it frees every tensor it made).
 * The training clips are generated by create, the test clips when first evaluated or traced: training needs only the
 * first, so a page's first step does not wait for the second. Each split has its own seeded stream, so the clips are the
 * same either way.
 */
export class MultiScaleTrainer implements Trainable {
  step = 0;
  readonly steps: number;
  readonly backend: BackendName;
  readonly config: MultiScaleConfig;
  readonly testClips: ClipInfo[];
  readonly models: readonly MultiScaleModel[]; // the models advance() trains
  private readonly gate: WindowGate;
  private readonly xTrain: Inputs; // standardised features of the training clips
  private readonly yTrain: tf.Tensor1D; // [N train] 1 = matched
  private readonly standardise: {mean: tf.Tensor1D; std: tf.Tensor1D}; // the training split's, per feature: [4] each
  private readonly makeTestSet: () => Promise<SplitData>;
  private testSet?: Promise<TestSet>; // made on first use
  private testInputsMade?: Inputs; // its tensors, once made, for dispose()
  private readonly weights: Record<MultiScaleModel, Weights>;
  private readonly optimizers: Record<MultiScaleModel, tf.Optimizer>;
  private readonly losses = byModel((): number[] => []);
  private disposed = false;

  private constructor(config: MultiScaleConfig, train: SplitData, makeTestSet: (tick: (clips: number) => boolean) => Promise<SplitData>, gate: WindowGate, models: readonly MultiScaleModel[]) {
    this.config = config;
    this.gate = gate;
    this.models = MULTISCALE_MODEL_KEYS.filter((key) => models.includes(key));
    this.steps = config.steps;
    this.backend = activeBackend();
    const N = config.clips;
    this.testClips = [...Array(N).keys()].map(clipInfo);
    this.makeTestSet = () => makeTestSet(() => !this.disposed);
    const [trainAll, mean, std] = tf.tidy(() => {
      const raw = tf.tensor2d(train.features, [N, FEATURES]); // [N, 4]
      const {mean, variance} = tf.moments(raw, 0); // [4] each, training split only
      const std = tf.sqrt(tf.add(variance, STD_EPSILON)); // [4]
      return [tf.div(tf.sub(raw, mean), std), mean, std] as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D]; // [N, 4], [4], [4]
    });
    this.xTrain = inputs(trainAll);
    this.standardise = {mean, std};
    this.yTrain = tf.tensor1d([...Array(N).keys()].map((i) => (clipInfo(i).match ? 1 : 0))); // [N]
    const init = mulberry32(streamSeed(config.seed, 0));
    const normal = (shape: number[]) => tf.tidy(() => tf.variable(tf.tensor(normalArray(init, shape.reduce((a, b) => a * b, 1), INIT_SCALE), shape)));
    const zero = (shape: number[] = []) => tf.tidy(() => tf.variable(tf.zeros(shape)));
    this.weights = {
      short: {a: normal([]), b: zero()},
      long: {a: normal([]), b: zero()},
      static: {w: normal([FEATURES, 1]), b: zero()}, // w: [4, 1]
      gated: {aS: normal([]), bS: zero(), aL: normal([]), bL: zero(), u: zero([2, 1]), c0: zero()} // u: [2, 1]
    };
    this.optimizers = byModel(() => tf.train.adam(config.learningRate));
  }

  /** Generates the clips (seeded) and their features without blocking for long, then returns a trainer ready to train. */
  static async create(config: Partial<MultiScaleConfig> = {}, options: MultiScaleOptions = {}): Promise<MultiScaleTrainer> {
    const values = requireParameters(MULTISCALE_PARAMETERS, config);
    const {onProgress, isCancelled = () => false, gate = windowGate, models = MULTISCALE_MODEL_KEYS} = options;
    const total = values.clips; // the training clips: the test clips come after (testInputs)
    let done = 0;
    const tick = (clips: number) => {
      done += clips;
      onProgress?.(done / total);
      return !isCancelled();
    };
    if (isCancelled()) throw abortError();
    const hum = humDirection(mulberry32(streamSeed(values.seed, 3)));
    const train = await generateSplit(values.clips, mulberry32(streamSeed(values.seed, 1)), hum, values.confound, false, tick);
    if (isCancelled()) throw abortError(); // cancelled during the last yield: no tensor exists yet
    const makeTestSet = (tick: (clips: number) => boolean) => generateSplit(values.clips, mulberry32(streamSeed(values.seed, 2)), hum, values.confound, true, tick);
    return new MultiScaleTrainer(values, train, makeTestSet, gate, models);
  }

  /** The test split, generated on first use (in slices, like the training split) and standardised with the training statistics; refused once disposed. */
  private async testInputs(): Promise<TestSet> {
    this.testSet ??= this.makeTestSet().then((data) => {
      if (this.disposed) throw new Error("this trainer was disposed");
      const {mean, std} = this.standardise;
      const all = tf.tidy(() => tf.div(tf.sub(tf.tensor2d(data.features, [this.testClips.length, FEATURES]), mean), std) as tf.Tensor2D); // [N, 4]
      this.testInputsMade = inputs(all);
      return {x: this.testInputsMade, data};
    });
    const test = await this.testSet;
    if (this.disposed) throw new Error("this trainer was disposed"); // while waiting for it
    return test;
  }

  async advance(count: number): Promise<void> {
    if (this.disposed) throw new Error("this trainer was disposed");
    const todo = Math.max(0, Math.min(count, this.steps - this.step));
    if (!todo) return;
    const records: tf.Scalar[] = []; // per step, per model: the loss before that step's update
    for (let i = 0; i < todo; ++i) {
      for (const model of this.models) {
        const w = this.weights[model];
        records.push(this.optimizers[model].minimize(() => loss(model, w, this.xTrain, this.yTrain, this.gate), true) as tf.Scalar);
      }
    }
    const values = await readScalars(records); // [todo · models]
    if (this.disposed) return;
    let k = 0;
    for (let i = 0; i < todo; ++i) for (const model of this.models) this.losses[model].push(values[k++]);
    this.step += todo;
  }

  snapshot(): MultiScaleSnapshot {
    return {step: this.step, steps: this.steps, backend: this.backend, models: byModel((key) => ({losses: [...this.losses[key]]}))};
  }

  /** Test accuracy of every model on all clips, crashes and sentences, and the gated model's gate on every test clip. */
  async evaluate(): Promise<MultiScaleEvaluation> {
    if (this.disposed) throw new Error("this trainer was disposed");
    const N = this.testClips.length;
    const {x} = await this.testInputs();
    const state = tf.tidy(() =>
      tf.concat([...MULTISCALE_MODEL_KEYS.map((model) => logits(model, this.weights[model], x, this.gate)), this.gateOf(x.phi)]) // [5 · N]
    );
    const values = await state.data(); // one read-back
    state.dispose();
    if (this.disposed) throw new Error("this trainer was disposed");
    const inSplit = (split: Split, i: number) => split === "all" || this.testClips[i].type === split;
    const mean = (pick: (i: number) => boolean, value: (i: number) => number) => {
      let [sum, n] = [0, 0];
      for (let i = 0; i < N; ++i) if (pick(i)) [sum, n] = [sum + value(i), n + 1];
      return n ? sum / n : NaN;
    };
    const accuracy = byModel((model) => {
      const offset = MULTISCALE_MODEL_KEYS.indexOf(model) * N;
      const correct = (i: number) => (values[offset + i] > 0 === this.testClips[i].match ? 1 : 0);
      return byKey<Split, number>(["all", "crash", "sentence"], (split) => mean((i) => inSplit(split, i), correct));
    });
    const gates = this.testClips.map(({type, match}, i) => ({type, match, gate: values[MULTISCALE_MODEL_KEYS.length * N + i]}));
    const gateMean = {
      crash: mean((i) => this.testClips[i].type === "crash", (i) => gates[i].gate),
      sentence: mean((i) => this.testClips[i].type === "sentence", (i) => gates[i].gate)
    };
    return {accuracy, gateMean, gates};
  }

  /** Test clip `testIndex`: its frame similarity, best 1-s and 10-s windows, the gate with the current weights, and its event if matched. */
  async trace(testIndex: number): Promise<ClipTrace> {
    if (this.disposed) throw new Error("this trainer was disposed");
    const N = this.testClips.length;
    if (!Number.isInteger(testIndex) || testIndex < 0 || testIndex >= N) throw new RangeError(`a test clip index must be a whole number from 0 to ${N - 1}, not ${testIndex}`);
    const {x, data} = await this.testInputs();
    const state = tf.tidy(() => this.gateOf(tf.slice(x.phi, [testIndex, 0], [1, 2]))); // [1]
    const [g] = await state.data(); // one read-back
    state.dispose();
    const T = CLIP.frames;
    const {type, match} = this.testClips[testIndex];
    const windows = data.windows!.subarray(testIndex * 4, testIndex * 4 + 4);
    return {
      type,
      match,
      similarity: Array.from(data.similarity!.subarray(testIndex * T, (testIndex + 1) * T)),
      short: {start: windows[0], value: windows[1]},
      long: {start: windows[2], value: windows[3]},
      gate: g,
      ...(match ? {event: {start: data.starts[testIndex], length: EVENTS[type].length}} : {})
    };
  }

  /** The gated model's gate for the clips of φ [n, 2], with the current weights: [n]. */
  private gateOf(phi: tf.Tensor2D): tf.Tensor1D {
    const {u, c0} = this.weights.gated;
    return tf.reshape(this.gate(tf, {u, c0}, phi), [-1]) as tf.Tensor1D; // [n]
  }

  /** The summary the command line prints and the tests check: test accuracies and mean gates with the current weights. */
  async result(): Promise<MultiScaleResult> {
    const {accuracy, gateMean} = await this.evaluate();
    return {seed: this.config.seed, backend: this.backend, config: {...this.config}, accuracy, gateMean, losses: byModel((key) => [...this.losses[key]])};
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    tf.dispose([...Object.values(this.xTrain), this.yTrain, this.standardise.mean, this.standardise.std, ...Object.values(this.testInputsMade ?? {})]); // test clips still being generated stop at their next slice, and make no tensor
    for (const model of MULTISCALE_MODEL_KEYS) {
      tf.dispose(Object.values(this.weights[model]));
      this.optimizers[model].dispose();
    }
  }
}

/** Generates the clips, trains to the end on the active backend, evaluates, disposes, and returns the summary; onStep sees every chunk. */
export async function runMultiScale(config: Partial<MultiScaleConfig> = {}, onStep?: (snapshot: MultiScaleSnapshot) => void): Promise<MultiScaleResult> {
  return trainToEnd(await MultiScaleTrainer.create(config), (trainer) => trainer.result(), onStep && ((trainer) => onStep(trainer.snapshot())));
}

/** What is wrong with a gate's output for the clips of φ [N, 2], or undefined: one float32 per clip, [N]. */
function gateOutputProblem(output: unknown, _tfjs: unknown, _w: unknown, phi: tf.Tensor2D): string | undefined {
  const N = phi.shape[0];
  if (!(output instanceof tf.Tensor)) return `${returnedText(output)}, not a tensor: the gate is one number per clip, a [${N}] tensor`;
  if (output.rank !== 1 || output.shape[0] !== N) return `${returnedText(output)}, not [${N}]: one gate per clip`;
  if (output.dtype !== "float32") return `a tensor of ${output.dtype}: a gate is a number between 0 and 1 (float32)`;
  return undefined;
}

/** What an edited gate computes: the gated model trained with it, its test accuracy by event type and its gate on every test clip. */
export interface WindowGateOutcome {
  backend: BackendName;
  steps: number;
  clips: number; // test clips
  accuracy: Record<Split, number>;
  gateMean: {crash: number; sentence: number};
  gates: {type: EventType; match: boolean; gate: number}[];
  losses: number[];
}

/**
 * Chapter 5's editable cell, the gate between the windows (components/chapters/05-multi-scale/cells/windowGate.js): with the
 * reader's gate the clips are generated again and only the gated model is trained, with the page's
 * settings on the worker's backend; the other three models do not use the gate.
 */
export const WINDOW_GATE_CELL: EditableCell = {
  title: "the gate between the two windows",
  file: "windowGate.js",
  async run(fn, config): Promise<WindowGateOutcome> {
    const gate = checkedCell<Parameters<WindowGate>, tf.Tensor>(fn, gateOutputProblem);
    const trainer = await MultiScaleTrainer.create(config as Partial<MultiScaleConfig>, {gate, models: ["gated"]});
    try {
      await trainer.advance(trainer.steps);
      const {accuracy, gateMean, gates} = await trainer.evaluate();
      const outside = gates.find(({gate}) => !(gate >= 0 && gate <= 1));
      if (outside) throw new CellError("shape", `Your code returned a gate of ${outside.gate} for a test clip: g weighs the short expert against the long one, so it must lie in [0, 1] (σ keeps it there).`);
      return {backend: trainer.backend, steps: trainer.step, clips: trainer.testClips.length, accuracy: accuracy.gated, gateMean, gates, losses: trainer.snapshot().models.gated.losses};
    } finally {
      trainer.dispose();
    }
  }
};
