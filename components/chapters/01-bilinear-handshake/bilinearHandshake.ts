/**
 * Chapter 1 (SPEC.md section 1): the shape-colour handshake. Red cube and blue sphere are True,
 * red sphere and blue cube are False (XNOR). Four one-layer models and a tanh-MLP control are
 * trained together, full batch, with Adam; the page, the tests and the command line all call this.
 */
import * as tf from "@tensorflow/tfjs-core";
import {byKey} from "../../runtime/byKey.js";
import {mulberry32, normalArray} from "../../runtime/prng.js";
import {requireParameters} from "../../runtime/parameters.js";
import {activeBackend, type BackendName} from "../../runtime/runtime.js";
import {trainToEnd, type Trainable} from "../../runtime/trainingLoop.js";
import {bilinearScore} from "./cells/bilinearScore.js";
import {checkedCell, type EditableCell, requireFiniteLosses} from "../../editing/editableCells.js";
import {HANDSHAKE_MODEL_KEYS, HANDSHAKE_PARAMETERS, PUZZLE, type HandshakeConfig, type HandshakeModel, type HandshakeSnapshot, type HandshakeTrace} from "./handshakePuzzle.js";
import {returnedText} from "../../editing/returnedText.js";

export * from "./handshakePuzzle.js"; // the puzzle and settings, which the page imports without tfjs

/** One model's summary at the end, as the command line prints it. */
export interface HandshakeModelResult {
  losses: number[];
  finalLoss: number;
  accuracy: number;
  maxAbsPMinusHalf: number;
  firstPerfectStep: number | null;
}

export interface HandshakeResult {
  seed: number;
  backend: BackendName;
  config: HandshakeConfig;
  models: Record<HandshakeModel, HandshakeModelResult>;
  bilinearW: number[][];
}

type Weights = Record<string, tf.Variable>;

/** The bilinear model's score f for the four objects from s [4, 2], c [4, 2], W [2, 2] and b [] (components/chapters/01-bilinear-handshake/cells/bilinearScore.js, which a reader can edit). */
export type BilinearScore = (tensorflow: typeof tf, s: tf.Tensor2D, c: tf.Tensor2D, W: tf.Tensor, b: tf.Tensor) => tf.Tensor1D;

/** What a trainer trains: the bilinear model's score (the course's by default), and which models (all five by default; the initial weights are the same either way). */
export interface HandshakeOptions {
  score?: BilinearScore;
  models?: readonly HandshakeModel[];
}

/** One value per model. */
const byModel = <T>(make: (key: HandshakeModel) => T): Record<HandshakeModel, T> => byKey(HANDSHAKE_MODEL_KEYS, make);

/** Trains the five models step by step; call dispose() when done (it frees every tensor it made). */
export class HandshakeTrainer implements Trainable {
  step = 0;
  readonly steps: number;
  readonly config: HandshakeConfig;
  private readonly s: tf.Tensor2D; // [4 examples, 2 shapes]
  private readonly c: tf.Tensor2D; // [4 examples, 2 colours]
  private readonly x: tf.Tensor2D; // [4 examples, 4] = [s; c]
  private readonly y: tf.Tensor1D; // [4 examples]
  private readonly weights: Record<HandshakeModel, Weights>;
  private readonly optimizers: Record<HandshakeModel, tf.Optimizer>;
  private readonly traces: Record<HandshakeModel, HandshakeTrace>;
  private readonly score: BilinearScore;
  private readonly models: readonly HandshakeModel[];
  private bilinear = {w: [[0, 0], [0, 0]], b: 0};
  private disposed = false;
  readonly backend: BackendName;

  constructor(config: Partial<HandshakeConfig> = {}, {score = bilinearScore as BilinearScore, models = HANDSHAKE_MODEL_KEYS}: HandshakeOptions = {}) {
    this.config = requireParameters(HANDSHAKE_PARAMETERS, config);
    this.score = score;
    this.models = HANDSHAKE_MODEL_KEYS.filter((key) => models.includes(key));
    this.steps = this.config.steps;
    this.backend = activeBackend();
    const random = mulberry32(this.config.seed);
    const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
    const normal = (shape: number[]) => tf.tidy(() => tf.variable(tf.tensor(normalArray(random, size(shape), this.config.initScale), shape)));
    const zeros = (shape: number[]) => tf.tidy(() => tf.variable(tf.zeros(shape)));
    this.s = tf.tensor2d(PUZZLE.map((e) => [...e.s])); // [4, 2]
    this.c = tf.tensor2d(PUZZLE.map((e) => [...e.c])); // [4, 2]
    this.x = tf.concat([this.s, this.c], 1); // [4, 4]
    this.y = tf.tensor1d(PUZZLE.map((e) => e.y)); // [4]
    this.weights = {
      shape: {a: normal([2, 1]), b: zeros([])},
      color: {a: normal([2, 1]), b: zeros([])},
      concat: {a: normal([4, 1]), b: zeros([])},
      bilinear: {W: normal([2, 2]), b: zeros([])},
      mlp: {W1: normal([4, 4]), b1: zeros([4]), w2: normal([4, 1]), b2: zeros([])}
    };
    this.optimizers = byModel(() => tf.train.adam(this.config.learningRate));
    this.traces = byModel(() => ({losses: [], accuracies: [], probabilities: [0.5, 0.5, 0.5, 0.5]}));
  }

  // #region models
  /** The model's logit for each example: [4]. */
  logits(model: HandshakeModel): tf.Tensor1D {
    const w = this.weights[model];
    switch (model) {
      case "shape":
        return tf.add(tf.reshape(tf.matMul(this.s, w.a), [4]), w.b); // [4]
      case "color":
        return tf.add(tf.reshape(tf.matMul(this.c, w.a), [4]), w.b); // [4]
      case "concat":
        return tf.add(tf.reshape(tf.matMul(this.x, w.a), [4]), w.b); // [4]
      case "bilinear":
        return this.score(tf, this.s, this.c, w.W, w.b); // sᵀWc + b (components/chapters/01-bilinear-handshake/cells/bilinearScore.js): [4]
      case "mlp": {
        const hidden = tf.tanh(tf.add(tf.matMul(this.x, w.W1), w.b1)); // [4, 4 units]
        return tf.add(tf.reshape(tf.matMul(hidden, w.w2), [4]), w.b2); // [4]
      }
    }
  }

  /** Binary cross-entropy from logits, mean over the 4 examples: softplus(f) − y·f. */
  private loss(model: HandshakeModel): tf.Scalar {
    const f = this.logits(model); // [4]
    return tf.mean(tf.sub(tf.softplus(f), tf.mul(this.y, f))) as tf.Scalar;
  }
  // #endregion

  /** Fraction of the 4 examples on the right side of p = 0.5. */
  private accuracy(model: HandshakeModel): tf.Scalar {
    const predicted = tf.cast(tf.greater(this.logits(model), 0), "float32"); // [4]
    return tf.mean(tf.cast(tf.equal(predicted, this.y), "float32")) as tf.Scalar;
  }

  async advance(count: number): Promise<void> {
    if (this.disposed) throw new Error("this trainer was disposed");
    const todo = Math.min(count, this.steps - this.step);
    const records: tf.Scalar[] = []; // per step, per model: loss, accuracy
    try {
      for (let i = 0; i < todo; ++i) {
        for (const model of this.models) {
          records.push(tf.tidy(() => this.accuracy(model)));
          records.push(this.optimizers[model].minimize(() => this.loss(model), true) as tf.Scalar);
        }
      }
    } catch (error) {
      tf.dispose(records); // a score that throws (an edited cell's) leaves nothing behind
      throw error;
    }
    const state = tf.tidy(() =>
      tf.concat([
        ...(records.length ? [tf.stack(records)] : []), // [todo · models · 2]
        ...this.models.map((model) => tf.sigmoid(this.logits(model))), // models × [4]
        tf.reshape(this.weights.bilinear.W, [4]), // [4]
        tf.reshape(this.weights.bilinear.b, [1]) // [1]
      ])
    );
    tf.dispose(records);
    const values = await state.data(); // one read-back per chunk
    state.dispose();
    if (this.disposed) return;
    let k = 0;
    for (let i = 0; i < todo; ++i) {
      for (const model of this.models) {
        this.traces[model].accuracies.push(values[k++]);
        this.traces[model].losses.push(values[k++]);
      }
    }
    for (const model of this.models) this.traces[model].probabilities = Array.from(values.slice(k, (k += 4)));
    this.bilinear = {w: [[values[k], values[k + 1]], [values[k + 2], values[k + 3]]], b: values[k + 4]};
    this.step += todo;
  }

  snapshot(): HandshakeSnapshot {
    const models = byModel((key) => {
      const {losses, accuracies, probabilities} = this.traces[key];
      return {losses: [...losses], accuracies: [...accuracies], probabilities: [...probabilities]};
    });
    return {step: this.step, steps: this.steps, backend: this.backend, models, bilinearW: this.bilinear.w.map((row) => [...row]), bilinearBias: this.bilinear.b};
  }

  /** The summary the command line prints and the tests check. */
  result(): HandshakeResult {
    const models = byModel((key): HandshakeModelResult => {
      const {losses, accuracies, probabilities} = this.traces[key];
      const correct = probabilities.filter((p, i) => p > 0.5 === (PUZZLE[i].y === 1)).length;
      const first = accuracies.findIndex((a) => a === 1);
      return {
        losses: [...losses],
        finalLoss: losses[losses.length - 1] ?? NaN,
        accuracy: correct / PUZZLE.length,
        maxAbsPMinusHalf: Math.max(...probabilities.map((p) => Math.abs(p - 0.5))),
        firstPerfectStep: first < 0 ? null : first + 1
      };
    });
    return {seed: this.config.seed, backend: this.backend, config: {...this.config}, models, bilinearW: this.bilinear.w.map((row) => [...row])};
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    tf.dispose([this.s, this.c, this.x, this.y]);
    for (const model of HANDSHAKE_MODEL_KEYS) {
      tf.dispose(Object.values(this.weights[model]));
      this.optimizers[model].dispose();
    }
  }
}

/** Runs the whole experiment on the active backend and returns its summary; onStep sees every chunk. */
export async function runBilinearHandshake(config: Partial<HandshakeConfig> = {}, onStep?: (snapshot: HandshakeSnapshot) => void): Promise<HandshakeResult> {
  return trainToEnd(new HandshakeTrainer(config), (trainer) => trainer.result(), onStep && ((trainer) => onStep(trainer.snapshot())));
}

/** What is wrong with a bilinear score's output, or undefined: it must be a tensor of shape [4], one score per object. */
function scoreProblem(output: unknown): string | undefined {
  if (!(output instanceof tf.Tensor)) return `${returnedText(output)}, not a tensor of shape [4]: one score per object, computed with tf.… operations`;
  if (output.shape.length !== 1 || output.shape[0] !== PUZZLE.length) return `${returnedText(output)}, not [4]: one score per object (sum over the colours, e.g. tf.sum(…, 1))`;
  return undefined;
}

/** The bilinear model trained with a reader's score: its record, as plain data. */
export interface HandshakeCellResult {
  steps: number;
  losses: number[];
  accuracies: number[];
  probabilities: number[]; // p for the 4 examples at the end
  W: number[][]; // [2 shapes, 2 colours]
  bias: number;
  firstPerfectStep: number | null;
}

/**
 * Chapter 1's editable cell, the bilinear score (components/chapters/01-bilinear-handshake/cells/bilinearScore.js): the bilinear model
 * alone is trained again with the reader's score, from the same initial weights and with the page's
 * settings, on the worker's backend.
 */
export const HANDSHAKE_CELL: EditableCell = {
  title: "the bilinear score",
  file: "bilinearScore.js",
  async run(fn, config) {
    const score = checkedCell(fn, scoreProblem) as unknown as BilinearScore;
    const trainer = new HandshakeTrainer(config as Partial<HandshakeConfig>, {score, models: ["bilinear"]});
    try {
      await trainer.advance(trainer.steps);
      const {models, bilinearW, bilinearBias} = trainer.snapshot();
      const {losses, accuracies, probabilities} = models.bilinear;
      requireFiniteLosses(losses, "scores");
      const first = accuracies.findIndex((a) => a === 1);
      return {steps: trainer.steps, losses, accuracies, probabilities, W: bilinearW, bias: bilinearBias, firstPerfectStep: first < 0 ? null : first + 1} satisfies HandshakeCellResult;
    } finally {
      trainer.dispose();
    }
  }
};
