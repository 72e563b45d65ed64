/**
 * Chapter 2 (SPEC.md section 2): multiplicative vs additive attention under a loud frame. A query
 * word attends over the six spectra of a clip; three scorers (dot / Luong general, Bahdanau
 * additive, dot on LayerNorm-ed keys) are trained on clean clips, then tested with one distractor
 * replaced by a loud partial match of the target (or a loud broadband frame) at a range of gains.
 */
import * as tf from "@tensorflow/tfjs-core";
import {byKey} from "../../runtime/byKey.js";
import {gaussian, mulberry32, normalArray, type Random, streamSeed} from "../../runtime/prng.js";
import {readScalars} from "../../runtime/readScalars.js";
import {requireParameters} from "../../runtime/parameters.js";
import {activeBackend, type BackendName} from "../../runtime/runtime.js";
import {trainToEnd, type Trainable} from "../../runtime/trainingLoop.js";
import {dotScore} from "./cells/dotScore.js";
import {CellError, checkedCell, type EditableCell, requireFiniteLosses} from "../../editing/editableCells.js";
import {LOUD_FRAME_PARAMETERS, type LoudFrameConfig, type LoudFrameModel, LOUD_FRAME_MODEL_KEYS, LOUD_FRAME_GAINS, CLIP_SIZES, type LoudFrameSnapshot, type LoudFrameSweep, type ClipAttention} from "./loudFrameSettings.js";
import {returnedText} from "../../editing/returnedText.js";

export * from "./loudFrameSettings.js"; // the settings and labels, which the page imports without tfjs

const NOISE = 0.05; // frame = g · (template + 0.05 |N(0, 1)|)
const HIDDEN = 16; // additive attention's hidden units H
const DOT_INIT = 0.1; // M, M′ ~ N(0, 0.1²)
const ADDITIVE_INIT = 0.3; // W_q, W_k, v ~ N(0, 0.3²); b starts at 0
const LN_EPSILON = 1e-5;

/** The whole run's summary, as the command line prints it and the tests check it. */
export interface LoudFrameResult {
  seed: number;
  backend: BackendName;
  config: LoudFrameConfig;
  gains: number[];
  dot: {mass: number[]; accuracy: number[]};
  additive: {mass: number[]; accuracy: number[]};
  layernorm: {mass: number[]; accuracy: number[]};
  broadband: {dot: {mass: number[]}; additive: {mass: number[]}; layernorm: {mass: number[]}};
  losses: Record<LoudFrameModel, number[]>;
}

/** Clips as flat arrays: spectra [N · T · D], query word [N], target frame [N]. */
interface Clips {
  count: number;
  frames: Float32Array; // [N clips · T frames · D bins]
  words: Int32Array; // [N]
  targets: Int32Array; // [N]
}

/** The test set: clean clips plus, per clip, where the loud frame goes and its two possible spectra at gain 1. */
interface TestSet extends Clips {
  loud: Int32Array; // [N] index of the distractor the loud frame replaces
  partial: Float32Array; // [N · D] one of the target's two bins (unit norm) + noise
  broadband: Float32Array; // [N · D] all bins equal + noise
}

type Weights = Record<string, tf.Variable>;

/** The dot model's scores e [N, T] from the one-hot queries [N, V], its weights M [V, D] and the spectra [N, T, D] (components/chapters/02-loud-frame/cells/dotScore.js, which a reader can edit). */
export type DotScore = (tensorflow: typeof tf, q: tf.Tensor2D, M: tf.Tensor, frames: tf.Tensor3D) => tf.Tensor2D;

/** What a trainer trains: the dot model's score (the course's by default), and which models (all three by default; the weights, batches and test clips are the same either way). */
export interface LoudFrameOptions {
  score?: DotScore;
  models?: readonly LoudFrameModel[];
}

/** One value per model. */
const byModel = <T>(make: (key: LoudFrameModel) => T): Record<LoudFrameModel, T> => byKey(LOUD_FRAME_MODEL_KEYS, make);

/** Writes g · (template + 0.05|N(0,1)|) of `word` at `offset` (its D bins), word template (e_2w + e_2w+1)/√2. */
function writeWordFrame(out: Float32Array, offset: number, word: number, gain: number, random: Random): void {
  for (let d = 0; d < CLIP_SIZES.bins; ++d) {
    const template = d === 2 * word || d === 2 * word + 1 ? Math.SQRT1_2 : 0;
    out[offset + d] = gain * (template + NOISE * Math.abs(gaussian(random)));
  }
}

/** `count` clips of T frames: the query word at a random position, 5 distinct other words elsewhere, all at gain 1. */
function makeClips(random: Random, count: number): Clips {
  const {bins: D, words: V, frames: T} = CLIP_SIZES;
  const frames = new Float32Array(count * T * D);
  const words = new Int32Array(count);
  const targets = new Int32Array(count);
  for (let n = 0; n < count; ++n) {
    const word = Math.floor(random() * V);
    const target = Math.floor(random() * T);
    const others = [...Array(V).keys()].filter((w) => w !== word);
    for (let i = others.length - 1; i > 0; --i) {
      const j = Math.floor(random() * (i + 1));
      [others[i], others[j]] = [others[j], others[i]];
    }
    let next = 0;
    for (let t = 0; t < T; ++t) writeWordFrame(frames, (n * T + t) * D, t === target ? word : others[next++], 1, random);
    words[n] = word;
    targets[n] = target;
  }
  return {count, frames, words, targets};
}

/**
 * The fixed test set. The loud partial match is e_b for one of the target's two bins b ∈ {2w, 2w+1}
 * (picked at random): the one-bin template renormalised to unit norm like the word templates, so at
 * γ = 1 its bin is √2 louder than in the target frame. This normalisation reproduces SPEC.md's
 * table; (1/√2)·e_b, i.e. not renormalised, hijacks the dot model about one gain step later. The
 * broadband control has all D bins equal with unit norm, 1/√D = 0.25 each. Both get the same
 * 0.05|N(0,1)| noise, drawn once, and the whole frame (noise included) is multiplied by γ, so the
 * gain is the only thing that changes along the sweep and LN(γ·a) = LN(a) holds exactly (up to ε).
 */
function makeTestSet(random: Random): TestSet {
  const {bins: D, frames: T, testClips: N} = CLIP_SIZES;
  const clips = makeClips(random, N);
  const loud = new Int32Array(N);
  const partial = new Float32Array(N * D);
  const broadband = new Float32Array(N * D);
  for (let n = 0; n < N; ++n) {
    const position = Math.floor(random() * (T - 1)); // one of the T − 1 distractors
    loud[n] = position >= clips.targets[n] ? position + 1 : position;
    const bin = 2 * clips.words[n] + (random() < 0.5 ? 0 : 1);
    for (let d = 0; d < D; ++d) {
      const noise = NOISE * Math.abs(gaussian(random));
      partial[n * D + d] = (d === bin ? 1 : 0) + noise;
      broadband[n * D + d] = 1 / Math.sqrt(D) + noise;
    }
  }
  return {...clips, loud, partial, broadband};
}

/** The spectra of the test set with the loud frame (partial or broadband) at gain γ; γ = 0 leaves the clean clips. */
function loudFrames(test: TestSet, gain: number, broadband: boolean, clips = [...Array(test.count).keys()]): Float32Array {
  const {bins: D, frames: T} = CLIP_SIZES;
  const out = new Float32Array(clips.length * T * D);
  const source = broadband ? test.broadband : test.partial;
  clips.forEach((n, i) => {
    out.set(test.frames.subarray(n * T * D, (n + 1) * T * D), i * T * D);
    if (gain === 0) return;
    const offset = (i * T + test.loud[n]) * D;
    for (let d = 0; d < D; ++d) out[offset + d] = gain * source[n * D + d];
  });
  return out;
}

function checkGain(gain: number): void {
  if (!Number.isFinite(gain) || gain < 0) throw new RangeError(`a gain must be a finite number ≥ 0, not ${gain}`);
}

/** Trains the three scorers step by step and sweeps the loud frame; call dispose() when done (it frees every tensor it made). */
export class LoudFrameTrainer implements Trainable {
  step = 0;
  readonly steps: number;
  readonly backend: BackendName;
  readonly config: LoudFrameConfig;
  private readonly weights: Record<LoudFrameModel, Weights>;
  private readonly optimizers: Record<LoudFrameModel, tf.Optimizer>;
  private readonly losses = byModel((): number[] => []);
  private readonly batches: Random; // the training batches' stream
  private readonly test: TestSet;
  private readonly score: DotScore;
  private readonly models: readonly LoudFrameModel[];
  private disposed = false;

  constructor(config: Partial<LoudFrameConfig> = {}, {score = dotScore as DotScore, models = LOUD_FRAME_MODEL_KEYS}: LoudFrameOptions = {}) {
    this.config = requireParameters(LOUD_FRAME_PARAMETERS, config);
    this.score = score;
    this.models = LOUD_FRAME_MODEL_KEYS.filter((key) => models.includes(key));
    this.steps = this.config.steps;
    this.backend = activeBackend();
    const init = mulberry32(this.config.seed);
    this.batches = mulberry32(streamSeed(this.config.seed, 1));
    this.test = makeTestSet(mulberry32(streamSeed(this.config.seed, 2)));
    const {bins: D, words: V} = CLIP_SIZES;
    const normal = (shape: number[], std: number) => tf.tidy(() => tf.variable(tf.tensor(normalArray(init, shape.reduce((a, b) => a * b, 1), std), shape)));
    const constant = (shape: number[], value: number) => tf.tidy(() => tf.variable(tf.fill(shape, value)));
    this.weights = {
      dot: {M: normal([V, D], DOT_INIT)}, // [V words, D bins]
      additive: {
        Wq: normal([V, HIDDEN], ADDITIVE_INIT), // W_q, stored transposed: [V words, H]
        Wk: normal([D, HIDDEN], ADDITIVE_INIT), // W_k, stored transposed: [D bins, H]
        v: normal([HIDDEN, 1], ADDITIVE_INIT), // [H, 1]
        b: constant([HIDDEN], 0) // [H]
      },
      layernorm: {M: normal([V, D], DOT_INIT), tau: constant([], 1)} // M′: [V words, D bins], τ: []
    };
    this.optimizers = byModel(() => tf.train.adam(this.config.learningRate));
  }

  // #region models
  /** The model's score e_t for every frame: queries [N, V] one-hot, frames [N, T, D] → [N, T]. */
  scores(model: LoudFrameModel, queries: tf.Tensor2D, frames: tf.Tensor3D): tf.Tensor2D {
    const [N, T, D] = frames.shape;
    const w = this.weights[model];
    switch (model) {
      case "dot":
        return this.score(tf, queries, w.M, frames); // (qM)·a_t (components/chapters/02-loud-frame/cells/dotScore.js): [N, T]
      case "additive": {
        const fromQuery = tf.matMul(queries, w.Wq); // W_q q (W_q is stored transposed, [V, H]): [N, H]
        const fromFrames = tf.reshape(tf.matMul(tf.reshape(frames, [N * T, D]), w.Wk), [N, T, HIDDEN]); // W_k a_t (stored transposed, [D, H]): [N, T, H]
        const hidden = tf.tanh(tf.add(tf.add(fromFrames, tf.expandDims(fromQuery, 1)), w.b)); // [N, T, H]
        return tf.reshape(tf.matMul(tf.reshape(hidden, [N * T, HIDDEN]), w.v), [N, T]); // vᵀ tanh(…): [N, T]
      }
      case "layernorm": {
        const {mean, variance} = tf.moments(frames, 2, true); // [N, T, 1] each
        const normed = tf.div(tf.sub(frames, mean), tf.sqrt(tf.add(variance, LN_EPSILON))); // LN(a_t), no affine: [N, T, D]
        const u = tf.matMul(queries, w.M); // qM′ (this model's own M′): [N, D bins]
        return tf.mul(w.tau, tf.sum(tf.mul(normed, tf.expandDims(u, 1)), 2)); // τ (qM′)·LN(a_t): [N, T]
      }
    }
  }

  /** Softmax cross-entropy over frames, mean over the clips: −log α_target. */
  private loss(model: LoudFrameModel, queries: tf.Tensor2D, frames: tf.Tensor3D, targets: tf.Tensor2D): tf.Scalar {
    const logAlpha = tf.logSoftmax(this.scores(model, queries, frames)); // [N, T]
    return tf.neg(tf.mean(tf.sum(tf.mul(logAlpha, targets), 1))) as tf.Scalar;
  }
  // #endregion

  /** One-hot queries [N, V], spectra [N, T, D] and one-hot targets [N, T] as tensors (caller disposes or tidies). */
  private tensors(words: Int32Array, frames: Float32Array, targets: Int32Array): [tf.Tensor2D, tf.Tensor3D, tf.Tensor2D] {
    const {bins: D, words: V, frames: T} = CLIP_SIZES;
    const N = words.length;
    return tf.tidy(() => [
      tf.cast(tf.oneHot(tf.tensor1d(words, "int32"), V), "float32") as tf.Tensor2D, // [N, V words]
      tf.tensor3d(frames, [N, T, D]), // [N clips, T frames, D bins]
      tf.cast(tf.oneHot(tf.tensor1d(targets, "int32"), T), "float32") as tf.Tensor2D // [N, T frames]
    ]);
  }

  async advance(count: number): Promise<void> {
    if (this.disposed) throw new Error("this trainer was disposed");
    const todo = Math.max(0, Math.min(count, this.steps - this.step));
    const records: tf.Scalar[] = []; // per step, per model: the loss before that step's update
    try {
      for (let i = 0; i < todo; ++i) {
        const batch = makeClips(this.batches, CLIP_SIZES.batch); // fresh clean clips, gain 1
        const [queries, frames, targets] = this.tensors(batch.words, batch.frames, batch.targets); // [B, V], [B, T, D], [B, T]
        try {
          for (const model of this.models) {
            records.push(this.optimizers[model].minimize(() => this.loss(model, queries, frames, targets), true) as tf.Scalar);
          }
        } finally {
          tf.dispose([queries, frames, targets]);
        }
      }
    } catch (error) {
      tf.dispose(records); // a score that throws (an edited cell's) leaves nothing behind
      throw error;
    }
    if (!todo) return;
    const values = await readScalars(records); // [todo · models]
    if (this.disposed) return;
    let k = 0;
    for (let i = 0; i < todo; ++i) for (const model of this.models) this.losses[model].push(values[k++]);
    this.step += todo;
  }

  snapshot(): LoudFrameSnapshot {
    return {step: this.step, steps: this.steps, backend: this.backend, models: byModel((key) => ({losses: [...this.losses[key]]}))};
  }

  /** Each model's attention [N, T] on test clips `clips` with the loud frame at each gain (gains stacked along N). */
  private attention(gains: number[], broadband: boolean, clips?: number[], models: readonly LoudFrameModel[] = this.models): tf.Tensor2D[] {
    const test = this.test;
    const picked = clips ?? [...Array(test.count).keys()];
    const frames = new Float32Array(gains.length * picked.length * CLIP_SIZES.frames * CLIP_SIZES.bins);
    gains.forEach((gain, g) => frames.set(loudFrames(test, gain, broadband, picked), g * picked.length * CLIP_SIZES.frames * CLIP_SIZES.bins));
    const words = Int32Array.from(gains.flatMap(() => picked.map((n) => test.words[n])));
    const targets = Int32Array.from(gains.flatMap(() => picked.map((n) => test.targets[n])));
    const [queries, spectra] = this.tensors(words, frames, targets); // [G · N, V], [G · N, T, D]
    return models.map((model) => tf.softmax(this.scores(model, queries, spectra))); // models × [G · N, T]
  }

  /** Evaluates the current weights on the fixed test set at each gain, for the partial match and the broadband control. */
  async sweep(gains: number[] = LOUD_FRAME_GAINS): Promise<LoudFrameSweep> {
    if (this.disposed) throw new Error("this trainer was disposed");
    gains.forEach(checkGain);
    const {testClips: N, frames: T} = CLIP_SIZES;
    const G = gains.length;
    const rows: number[][] = []; // per set (partial, broadband), per model: mass [G], accuracy [G]
    for (const broadband of [false, true]) {
      for (const model of this.models) {
        // One model and one set at a time, each read back on its own, so no single task (or WebGPU shader compile) runs long.
        const state = tf.tidy(() => {
          const [alpha] = this.attention(gains, broadband, undefined, [model]); // [G · N, T]
          const targets = tf.tile(tf.oneHot(tf.tensor1d(this.test.targets, "int32"), T), [G, 1]); // [G · N, T]
          const mass = tf.mean(tf.reshape(tf.sum(tf.mul(alpha, targets), 1), [G, N]), 1); // [G]
          const hits = tf.cast(tf.equal(tf.argMax(alpha, 1), tf.tile(tf.tensor1d(this.test.targets, "int32"), [G])), "float32"); // [G · N]
          return tf.stack([mass, tf.mean(tf.reshape(hits, [G, N]), 1)]); // [2 metrics, G]
        });
        const values = await state.data();
        state.dispose();
        if (this.disposed) throw new Error("this trainer was disposed");
        rows.push(Array.from(values.subarray(0, G)), Array.from(values.subarray(G)));
      }
    }
    const set = (offset: number) => byModel((key) => {
      const m = offset + 2 * this.models.indexOf(key);
      return this.models.includes(key) ? {mass: rows[m], accuracy: rows[m + 1]} : {mass: [], accuracy: []}; // a model not trained here has none
    });
    return {gains: [...gains], models: set(0), broadband: set(2 * this.models.length)};
  }

  /** One test clip with the loud frame at gain γ (partial match, or broadband), and each model's attention on it. */
  async clip(index: number, gain: number, options: {broadband?: boolean} = {}): Promise<ClipAttention> {
    if (this.disposed) throw new Error("this trainer was disposed");
    if (!Number.isInteger(index) || index < 0 || index >= this.test.count) throw new RangeError(`a test clip index must be a whole number from 0 to ${this.test.count - 1}, not ${index}`);
    checkGain(gain);
    const broadband = options.broadband ?? false;
    const {frames: T, bins: D} = CLIP_SIZES;
    const state = tf.tidy(() => tf.concat(this.attention([gain], broadband, [index]), 0)); // [models, T]
    const values = await state.data(); // one read-back
    state.dispose();
    const spectra = loudFrames(this.test, gain, broadband, [index]); // [T · D]
    return {
      frames: [...Array(T).keys()].map((t) => Array.from(spectra.subarray(t * D, (t + 1) * D))),
      weights: byModel((key) => {
        const m = this.models.indexOf(key);
        return m < 0 ? [] : Array.from(values.subarray(m * T, (m + 1) * T));
      }),
      target: this.test.targets[index],
      loud: gain === 0 ? null : this.test.loud[index],
      word: this.test.words[index]
    };
  }

  /** The summary the command line prints and the tests check: the sweep over LOUD_FRAME_GAINS with the current weights. */
  async result(): Promise<LoudFrameResult> {
    const {gains, models, broadband} = await this.sweep(LOUD_FRAME_GAINS);
    return {
      seed: this.config.seed,
      backend: this.backend,
      config: {...this.config},
      gains,
      dot: models.dot,
      additive: models.additive,
      layernorm: models.layernorm,
      broadband: {dot: {mass: broadband.dot.mass}, additive: {mass: broadband.additive.mass}, layernorm: {mass: broadband.layernorm.mass}},
      losses: byModel((key) => [...this.losses[key]])
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const model of LOUD_FRAME_MODEL_KEYS) {
      tf.dispose(Object.values(this.weights[model]));
      this.optimizers[model].dispose();
    }
  }
}

/** Trains to the end on the active backend, sweeps LOUD_FRAME_GAINS, disposes, and returns the summary; onStep sees every chunk. */
export async function runLoudFrame(config: Partial<LoudFrameConfig> = {}, onStep?: (snapshot: LoudFrameSnapshot) => void): Promise<LoudFrameResult> {
  return trainToEnd(new LoudFrameTrainer(config), (trainer) => trainer.result(), onStep && ((trainer) => onStep(trainer.snapshot())));
}

/** What is wrong with a dot score's output for spectra [N, T, D], or undefined: it must be a tensor [N, T], one score per frame of each clip. */
function scoreProblem(output: unknown, _tf: unknown, _q: unknown, _M: unknown, frames: tf.Tensor3D): string | undefined {
  const [N, T] = frames.shape;
  if (!(output instanceof tf.Tensor)) return `${returnedText(output)}, not a tensor of shape [${N}, ${T}]: one score per frame of each clip, computed with tf.… operations`;
  if (output.shape.length !== 2 || output.shape[0] !== N || output.shape[1] !== T) return `${returnedText(output)}, not [${N}, ${T}]: one score per frame of each clip (${N} clips × ${T} frames; sum over the ${frames.shape[2]} bins, e.g. tf.sum(…, 2))`;
  return undefined;
}

/** The dot model trained with a reader's score and swept over the gains, as plain data. */
export interface LoudFrameCellResult {
  steps: number;
  gains: number[];
  mass: number[]; // mean attention on the target per gain, loud partial match
  accuracy: number[]; // top-1 accuracy per gain
  broadbandMass: number[]; // mean attention on the target per gain, loud broadband frame
  losses: number[];
}

/**
 * Chapter 2's editable cell, the dot model's score (components/chapters/02-loud-frame/cells/dotScore.js): the dot model alone
 * is trained again with the reader's score, from the same weights and on the same batches, with the
 * page's settings, then swept over LOUD_FRAME_GAINS on the worker's backend.
 */
export const LOUD_FRAME_CELL: EditableCell = {
  title: "the dot model's score",
  file: "dotScore.js",
  async run(fn, config) {
    const score = checkedCell(fn, scoreProblem) as unknown as DotScore;
    const trainer = new LoudFrameTrainer(config as Partial<LoudFrameConfig>, {score, models: ["dot"]});
    try {
      await trainer.sweep([1]); // a first look at the test clips, outside training: a score that throws or has the wrong shape fails here, where tfjs frees all it made
      await trainer.advance(trainer.steps);
      const {models, broadband, gains} = await trainer.sweep(LOUD_FRAME_GAINS);
      const losses = trainer.snapshot().models.dot.losses;
      requireFiniteLosses(losses, "scores");
      const masses = [...models.dot.mass, ...broadband.dot.mass];
      if (masses.some((mass) => !Number.isFinite(mass))) throw new CellError("shape", `Your code's scores are not finite numbers for some test clips (the attention mass on the target is ${masses.find((mass) => !Number.isFinite(mass))}).`);
      return {steps: trainer.steps, gains, mass: models.dot.mass, accuracy: models.dot.accuracy, broadbandMass: broadband.dot.mass, losses} satisfies LoudFrameCellResult;
    } finally {
      trainer.dispose();
    }
  }
};
