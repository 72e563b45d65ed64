/**
 * Chapter 9a (SPEC.md section 9a): the binding problem. "Is there a red cube?" on scenes whose
 * pooled colour and shape counts are the same in both classes, so a pooled model is at chance,
 * while a model that attends to the matching object and then reads it solves the task. Both are
 * trained together, full batch, with Adam; the page, the tests and the command line all call this.
 */
import * as tf from "@tensorflow/tfjs-core";
import {mulberry32, normalArray, type Random} from "../../runtime/prng.js";
import {readScalars} from "../../runtime/readScalars.js";
import {requireParameters} from "../../runtime/parameters.js";
import {activeBackend, type BackendName} from "../../runtime/runtime.js";
import {trainToEnd, type Trainable} from "../../runtime/trainingLoop.js";
import {BINDING_PARAMETERS, type BindingConfig, type BindingModel, BINDING_MODEL_KEYS, BINDING_SIZES} from "./bindingSettings.js";

export * from "./bindingSettings.js"; // the settings and labels, which the page imports without tfjs
const FEATURES = BINDING_SIZES.colours + BINDING_SIZES.shapes; // 7: colour one-hot ⊕ shape one-hot
const INIT_SCALE = 0.1; // std of the N(0, σ²) initial weights; biases start at 0
// The attend model's read-out gain a starts at 1, not near 0: at a ≈ 0 the gradient on W_b is ∝ a,
// and the gradient on a is zero on average while attention is uniform (both classes hold the same
// mean number of matching attributes), so a small a of random sign often stalls at train 0.6–0.9.
const INIT_GAIN = 1;

/** One scene: 4 objects, the question "is there a ⟨colour, shape⟩?" and its answer. */
export interface BindingScene {
  objects: {colour: number; shape: number}[]; // N = 4, colour in 0..3, shape in 0..2
  question: {colour: number; shape: number}; // "is there a ⟨colour, shape⟩?"
  label: 0 | 1;
}

/** One model's record, per step: loss and accuracies of the weights that step starts from (before its update). */
export interface BindingTrace {
  losses: number[];
  trainAccuracy: number[]; // on the 256 training scenes, from the same forward pass as the loss
  testAccuracy: number[]; // on the 512 test scenes, computed every step
}

/** Accuracies of the weights as they are now (after the last step taken). */
export interface BindingAccuracy {
  trainAccuracy: number;
  testAccuracy: number;
}

/** The state of a run so far, for the figures. */
export interface BindingSnapshot {
  step: number;
  steps: number;
  backend: BackendName;
  models: Record<BindingModel, BindingTrace>;
  current: Record<BindingModel, BindingAccuracy>;
}

/** One run's summary, as the command line prints it and the tests check it. */
export interface BindingResult {
  seed: number;
  backend: BackendName;
  pooledTrain: number; // accuracies after the last step
  pooledTest: number;
  attendTrain: number;
  attendTest: number;
  losses: Record<BindingModel, number[]>;
}

/**
 * `count` scenes of SPEC.md 9a: a question (c, s); positives hold (c, s) and (c′, s′), negatives
 * (c, s′) and (c′, s), with c′ ≠ c and s′ ≠ s; plus 2 random objects that are never (c, s); shuffled.
 */
export function makeBindingScenes(count: number, random: Random): BindingScene[] {
  const {colours, shapes} = BINDING_SIZES;
  const int = (n: number) => Math.floor(random() * n);
  return Array.from({length: count}, (): BindingScene => {
    const c = int(colours);
    const s = int(shapes);
    const c2 = (c + 1 + int(colours - 1)) % colours;
    const s2 = (s + 1 + int(shapes - 1)) % shapes;
    const label: 0 | 1 = random() < 0.5 ? 1 : 0;
    const objects = label
      ? [{colour: c, shape: s}, {colour: c2, shape: s2}]
      : [{colour: c, shape: s2}, {colour: c2, shape: s}];
    while (objects.length < BINDING_SIZES.objects) {
      const o = {colour: int(colours), shape: int(shapes)};
      if (o.colour !== c || o.shape !== s) objects.push(o);
    }
    for (let i = objects.length - 1; i > 0; --i) {
      const j = int(i + 1);
      [objects[i], objects[j]] = [objects[j], objects[i]];
    }
    return {objects, question: {colour: c, shape: s}, label};
  });
}

/** colour one-hot ⊕ shape one-hot. */
function features(o: {colour: number; shape: number}): number[] {
  const out = new Array<number>(FEATURES).fill(0);
  out[o.colour] = 1;
  out[BINDING_SIZES.colours + o.shape] = 1;
  return out;
}

/** A batch of scenes as tensors. */
interface Batch {
  objects: tf.Tensor3D; // [B, 4, 7]
  questions: tf.Tensor2D; // [B, 7]
  pooled: tf.Tensor2D; // [B, 14]: mean of the objects ⊕ question (a constant of the data)
  labels: tf.Tensor1D; // [B]
}

function toBatch(scenes: BindingScene[]): Batch {
  const B = scenes.length;
  const N = BINDING_SIZES.objects;
  const objects = tf.tensor3d(scenes.flatMap((scene) => scene.objects.flatMap(features)), [B, N, FEATURES]); // [B, 4, 7]
  const questions = tf.tensor2d(scenes.flatMap((scene) => features(scene.question)), [B, FEATURES]); // [B, 7]
  const pooled = tf.tidy(() => tf.concat([tf.mean(objects, 1), questions], 1)) as tf.Tensor2D; // [B, 14]
  const labels = tf.tensor1d(scenes.map((scene) => scene.label)); // [B]
  return {objects, questions, pooled, labels};
}

type Weights = Record<string, tf.Variable>;

/** Trains the pooled and the attend-then-read models step by step; call dispose() when done (it frees every tensor it made). */
export class BindingTrainer implements Trainable {
  step = 0;
  readonly steps: number;
  readonly config: BindingConfig;
  readonly backend: BackendName;
  readonly trainScenes: BindingScene[];
  readonly testScenes: BindingScene[];
  private readonly train: Batch;
  private readonly test: Batch;
  private readonly weights: Record<BindingModel, Weights>;
  private readonly optimizers: Record<BindingModel, tf.Optimizer>;
  private readonly traces: Record<BindingModel, BindingTrace>;
  private current: Record<BindingModel, BindingAccuracy> = {pooled: {trainAccuracy: NaN, testAccuracy: NaN}, attend: {trainAccuracy: NaN, testAccuracy: NaN}};
  private disposed = false;

  constructor(config: Partial<BindingConfig> = {}) {
    this.config = requireParameters(BINDING_PARAMETERS, config);
    this.steps = this.config.steps;
    this.backend = activeBackend();
    const random = mulberry32(this.config.seed);
    this.trainScenes = makeBindingScenes(BINDING_SIZES.train, random);
    this.testScenes = makeBindingScenes(BINDING_SIZES.test, random);
    this.train = toBatch(this.trainScenes);
    this.test = toBatch(this.testScenes);
    const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
    const normal = (shape: number[]) => tf.tidy(() => tf.variable(tf.tensor(normalArray(random, size(shape), INIT_SCALE), shape)));
    const zeros = (shape: number[]) => tf.tidy(() => tf.variable(tf.zeros(shape)));
    const {hidden} = BINDING_SIZES;
    this.weights = {
      pooled: {W1: normal([2 * FEATURES, hidden]), b1: zeros([hidden]), w2: normal([hidden, 1]), b2: zeros([])},
      attend: {Wb: normal([FEATURES, FEATURES]), a: tf.tidy(() => tf.variable(tf.scalar(INIT_GAIN))), b: zeros([])}
    };
    this.optimizers = {pooled: tf.train.adam(this.config.learningRate), attend: tf.train.adam(this.config.learningRate)};
    this.traces = {pooled: {losses: [], trainAccuracy: [], testAccuracy: []}, attend: {losses: [], trainAccuracy: [], testAccuracy: []}};
  }

  // #region models
  /** The attend model's weights α over the objects: α = softmax(3 s), s_j = o_jᵀ W_b q; [B, 4]. */
  private attentionWeights(batch: Batch): tf.Tensor2D {
    const {Wb} = this.weights.attend;
    const B = batch.questions.shape[0];
    const projected = tf.reshape(tf.matMul(batch.questions, Wb, false, true), [B, FEATURES, 1]); // [B, 7, 1]: W_b q
    const scores = tf.reshape(tf.matMul(batch.objects, projected), [B, BINDING_SIZES.objects]); // [B, 4]: s_j = o_jᵀ W_b q
    return tf.softmax(tf.mul(BINDING_SIZES.sharpness, scores)) as tf.Tensor2D; // [B, 4]
  }

  /** The model's logit for each scene of the batch: [B]. */
  private logits(model: BindingModel, batch: Batch): tf.Tensor1D {
    const B = batch.questions.shape[0];
    if (model === "pooled") {
      const {W1, b1, w2, b2} = this.weights.pooled;
      const h = tf.relu(tf.add(tf.matMul(batch.pooled, W1), b1)); // [B, 32]
      return tf.add(tf.reshape(tf.matMul(h, w2), [B]), b2); // [B]
    }
    const {a, b} = this.weights.attend;
    const alpha = this.attentionWeights(batch); // [B, 4]
    const read = tf.reshape(tf.matMul(tf.reshape(alpha, [B, 1, BINDING_SIZES.objects]), batch.objects), [B, FEATURES]); // [B, 7]: v̂ = Σ α_j o_j
    return tf.add(tf.mul(a, tf.sum(tf.mul(read, batch.questions), 1)), b); // [B]: a 1ᵀ(v̂ ⊙ q) + b
  }

  /** Binary cross-entropy from logits, mean over the training scenes: softplus(f) − y·f; keeps the training accuracy of the same pass in `accuracy`. */
  private loss(model: BindingModel, accuracy: tf.Scalar[]): tf.Scalar {
    const f = this.logits(model, this.train); // [256]
    accuracy.push(tf.keep(this.accuracyOf(f, this.train.labels)));
    return tf.mean(tf.sub(tf.softplus(f), tf.mul(this.train.labels, f))) as tf.Scalar;
  }

  /** Fraction of logits on the right side of 0 (p = 0.5). */
  private accuracyOf(f: tf.Tensor1D, labels: tf.Tensor1D): tf.Scalar {
    const predicted = tf.cast(tf.greater(f, 0), "float32"); // [B]
    return tf.mean(tf.cast(tf.equal(predicted, labels), "float32")) as tf.Scalar;
  }

  private accuracy(model: BindingModel, batch: Batch): tf.Scalar {
    return tf.tidy(() => this.accuracyOf(this.logits(model, batch), batch.labels));
  }
  // #endregion

  /** Takes `count` steps of both models (fewer at the end), reading the numbers back once. */
  async advance(count: number): Promise<void> {
    if (this.disposed) throw new Error("this trainer was disposed");
    const todo = Math.min(count, this.steps - this.step);
    if (todo <= 0) return;
    const records: tf.Scalar[] = []; // per step, per model: loss, train accuracy, test accuracy (weights before the update)
    for (let i = 0; i < todo; ++i) {
      for (const model of BINDING_MODEL_KEYS) {
        const test = this.accuracy(model, this.test); // []: before the update
        const train: tf.Scalar[] = []; // 1 × []: from the loss's forward pass
        const loss = this.optimizers[model].minimize(() => this.loss(model, train), true, Object.values(this.weights[model])) as tf.Scalar; // []
        records.push(loss, train[0], test);
      }
    }
    for (const model of BINDING_MODEL_KEYS) records.push(this.accuracy(model, this.train), this.accuracy(model, this.test)); // after the chunk
    const values = await readScalars(records); // [todo · 2 · 3 + 4]
    if (this.disposed) return;
    let k = 0;
    for (let i = 0; i < todo; ++i) {
      for (const model of BINDING_MODEL_KEYS) {
        this.traces[model].losses.push(values[k++]);
        this.traces[model].trainAccuracy.push(values[k++]);
        this.traces[model].testAccuracy.push(values[k++]);
      }
    }
    for (const model of BINDING_MODEL_KEYS) this.current[model] = {trainAccuracy: values[k++], testAccuracy: values[k++]};
    this.step += todo;
  }

  /** A copy of the record so far. */
  snapshot(): BindingSnapshot {
    const copy = ({losses, trainAccuracy, testAccuracy}: BindingTrace): BindingTrace => ({losses: [...losses], trainAccuracy: [...trainAccuracy], testAccuracy: [...testAccuracy]});
    const models = {pooled: copy(this.traces.pooled), attend: copy(this.traces.attend)};
    return {step: this.step, steps: this.steps, backend: this.backend, models, current: {pooled: {...this.current.pooled}, attend: {...this.current.attend}}};
  }

  /** The attend model's current weights α over the objects of one test scene. */
  async attention(testIndex: number): Promise<{scene: BindingScene; weights: number[]}> {
    if (this.disposed) throw new Error("this trainer was disposed");
    const scene = this.testScenes[testIndex];
    if (!scene) throw new RangeError(`test scene ${testIndex} does not exist (0 to ${this.testScenes.length - 1})`);
    const alpha = tf.tidy(() => {
      const batch = toBatch([scene]);
      return this.attentionWeights(batch); // [1, 4]
    });
    const weights = Array.from(await alpha.data());
    alpha.dispose();
    return {scene, weights};
  }

  /** The summary the command line prints and the tests check (accuracies after the last step taken). */
  result(): BindingResult {
    const {pooled, attend} = this.current;
    return {
      seed: this.config.seed,
      backend: this.backend,
      pooledTrain: pooled.trainAccuracy,
      pooledTest: pooled.testAccuracy,
      attendTrain: attend.trainAccuracy,
      attendTest: attend.testAccuracy,
      losses: {pooled: [...this.traces.pooled.losses], attend: [...this.traces.attend.losses]}
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const batch of [this.train, this.test]) tf.dispose([batch.objects, batch.questions, batch.pooled, batch.labels]);
    for (const model of BINDING_MODEL_KEYS) {
      tf.dispose(Object.values(this.weights[model]));
      this.optimizers[model].dispose();
    }
  }
}

/** Runs the whole experiment on the active backend and returns its summary; onStep sees every chunk. */
export async function runBinding(config: Partial<BindingConfig> = {}, onStep?: (snapshot: BindingSnapshot) => void): Promise<BindingResult> {
  return trainToEnd(new BindingTrainer(config), (trainer) => trainer.result(), onStep && ((trainer) => onStep(trainer.snapshot())));
}
