/**
 * Chapter 11 (SPEC.md section 9d): will this molecule bind? A protein pocket of 10 atoms read by an
 * "EGNN-lite" layer, a 5-atom ligand read by a one-layer graph network, and distance-biased
 * cross-attention with unnormalised weights between them, trained full batch with Adam to predict a
 * pairwise interaction energy; next to a ligand-only baseline that never sees the pocket. Every
 * geometric input is a distance, so the prediction is E(3)-invariant. The page, the tests and the
 * command line all call this.
 */
import * as tf from "@tensorflow/tfjs-core";
import {gaussian, mulberry32, normalArray, type Random} from "../../runtime/prng.js";
import {requireParameters} from "../../runtime/parameters.js";
import {activeBackend, type BackendName} from "../../runtime/runtime.js";
import {nextTask, trainToEnd, type RunOptions, type Trainable} from "../../runtime/trainingLoop.js";
import {contactAttention} from "./cells/contactAttention.js";
import {CellError, checkedCell, type EditableCell} from "../../editing/editableCells.js";
import {POCKET_PARAMETERS, type PocketConfig, type PocketModel, POCKET_MODEL_KEYS, POCKET_ATOM_TYPES, POCKET_EPSILON, POCKET_SIZES, type PocketComplex, type PocketEvaluation, type PocketSnapshot, type PocketExample, pearson} from "./pocketSettings.js";
import {returnedText} from "../../editing/returnedText.js";

export * from "./pocketSettings.js"; // the settings and labels, which the page imports without tfjs
const {pocket: P, ligand: L, types: T, hidden: H, rbf: R} = POCKET_SIZES;
const LIGAND_START_STD = 0.5; // Å: the chain's first atom is N(0, 0.5²) per coordinate, "near the origin"
const RBF_CENTRES = Array.from({length: R}, (_, k) => 1.5 * k); // Å: 0, 1.5, …, 7.5, covering the pocket's 0–8 Å internal distances
const RBF_WIDTH = 1.5; // Å: exp(−(d − μ_k)²/(2·1.5²))
const INIT_GAMMA = -1; // γ = softplus(−1) ≈ 0.31 Å⁻² at the start (the data's own contact term is 1/4.5 ≈ 0.22)
const SMALL_INIT = 0.1;

/** One run's summary, as the command line prints it and the tests check it. */
export interface PocketResult {
  seed: number;
  backend: BackendName;
  steps: number;
  pearson: number; // test r after the last step
  ligandOnlyPearson: number;
  constant: {fusion: boolean; ligandOnly: boolean};
  invarianceError: number; // max over the test set of |f(Rx + t) − f(x)|, in the units of y
  losses: Record<PocketModel, number[]>;
}

/** A uniformly random unit vector in R³ (a normalised Gaussian). */
function unitVector(random: Random): number[] {
  for (;;) {
    const v = [gaussian(random), gaussian(random), gaussian(random)];
    const length = Math.hypot(...v);
    if (length > 1e-9) return v.map((c) => c / length);
  }
}

const squaredDistance = (a: number[], b: number[]) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2;

/** y = Σ_ij ε(t_i, t_j)·exp(−d_ij²/4.5) over ligand atoms i and pocket atoms j (SPEC.md 9d). */
export function pocketAffinity(pocket: PocketComplex["pocket"], ligand: PocketComplex["ligand"]): number {
  let y = 0;
  for (let i = 0; i < ligand.x.length; ++i) {
    for (let j = 0; j < pocket.x.length; ++j) y += POCKET_EPSILON[ligand.type[i]][pocket.type[j]] * Math.exp(-squaredDistance(ligand.x[i], pocket.x[j]) / POCKET_SIZES.width);
  }
  return y;
}

/**
 * `count` complexes of SPEC.md 9d: pocket atoms at uniform directions and radii uniform in (2, 4) Å;
 * a chain starting at N(0, 0.5²) with 1.5 Å bonds in uniform directions; uniform types.
 */
export function makePocketComplexes(count: number, random: Random): PocketComplex[] {
  const [inner, outer] = POCKET_SIZES.shell;
  const type = () => Math.floor(random() * T);
  return Array.from({length: count}, (): PocketComplex => {
    const pocket = {x: [] as number[][], type: [] as number[]};
    for (let j = 0; j < P; ++j) {
      const radius = inner + (outer - inner) * random();
      pocket.x.push(unitVector(random).map((c) => radius * c));
      pocket.type.push(type());
    }
    const ligand = {x: [[0, 0, 0].map(() => LIGAND_START_STD * gaussian(random))], type: [type()]};
    for (let i = 1; i < L; ++i) {
      const step = unitVector(random);
      ligand.x.push(ligand.x[i - 1].map((c, k) => c + POCKET_SIZES.bond * step[k]));
      ligand.type.push(type());
    }
    return {pocket, ligand, y: pocketAffinity(pocket, ligand)};
  });
}

/** The chain's bonds (i, i + 1). */
export const LIGAND_BONDS: [number, number][] = Array.from({length: L - 1}, (_, i) => [i, i + 1]);

/** A random orthogonal map with det −1 (a rotation with a reflection) and a translation of up to 5 Å per axis, from `random`. */
export function randomIsometry(random: Random): {rotation: number[][]; translation: number[]} {
  const a = unitVector(random);
  let b = unitVector(random);
  const dot = b.reduce((s, c, k) => s + c * a[k], 0);
  b = b.map((c, k) => c - dot * a[k]);
  const length = Math.hypot(...b);
  b = b.map((c) => c / length);
  const c = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]].map((v) => -v); // −(a × b): det −1
  const rotation = [0, 1, 2].map((row) => [a[row], b[row], c[row]]); // columns a, b, −a×b
  const translation = [0, 1, 2].map(() => 10 * random() - 5);
  return {rotation, translation};
}

/** The complex with x ↦ Rx + t applied to both molecules (the affinity y is kept as it is). */
export function transformComplex(complex: PocketComplex, {rotation, translation}: {rotation: number[][]; translation: number[]}): PocketComplex {
  const map = (x: number[]) => rotation.map((row, r) => row[0] * x[0] + row[1] * x[1] + row[2] * x[2] + translation[r]);
  return {pocket: {x: complex.pocket.x.map(map), type: [...complex.pocket.type]}, ligand: {x: complex.ligand.x.map(map), type: [...complex.ligand.type]}, y: complex.y};
}

/** A batch of complexes as tensors: every geometric input a distance, computed here from the coordinates. */
interface Batch {
  ligandTypes: tf.Tensor3D; // [B, 5 ligand atoms, 3]: one-hot t_i
  ligandNeighbours: tf.Tensor3D; // [B, 5, 3]: Σ over bonded neighbours of one-hot t
  pocketTypes: tf.Tensor3D; // [B, 10 pocket atoms, 3]
  pocketEdges: tf.Tensor3D; // [B, 10, 3 + 6]: [Σ_{j≠i} h_j, Σ_{j≠i} RBF_6(d_ij)]: φ_e's neighbour sums
  crossDistances: tf.Tensor3D; // [B, 5 ligand atoms, 10 pocket atoms]: ‖x^L_i − x^P_j‖²
  y: tf.Tensor1D; // [B]: standardised affinity
}

function toBatch(complexes: PocketComplex[], mean: number, std: number): Batch {
  const B = complexes.length;
  const oneHot = (types: number[]) => types.flatMap((t) => POCKET_ATOM_TYPES.map((_, k) => (k === t ? 1 : 0)));
  const ligandTypes = tf.tensor3d(complexes.flatMap((c) => oneHot(c.ligand.type)), [B, L, T]); // [B, 5, 3]
  const ligandNeighbours = tf.tensor3d(
    complexes.flatMap((c) => c.ligand.type.flatMap((_, i) => POCKET_ATOM_TYPES.map((__, k) => [i - 1, i + 1].filter((n) => n >= 0 && n < L && c.ligand.type[n] === k).length))),
    [B, L, T]
  ); // [B, 5, 3]
  const pocketTypes = tf.tensor3d(complexes.flatMap((c) => oneHot(c.pocket.type)), [B, P, T]); // [B, 10, 3]
  // The geometric inputs are constants of the data, computed here once in float64: no GPU work per batch.
  const edges = new Float32Array(B * P * (T + R)); // [B, 10, 3 + 6]: [Σ_{j≠i} h_j, Σ_{j≠i} RBF_6(d_ij)]
  const cross = new Float32Array(B * L * P); // [B, 5, 10]: ‖x^L_i − x^P_j‖²
  complexes.forEach(({pocket, ligand}, b) => {
    for (let i = 0; i < P; ++i) {
      const row = (b * P + i) * (T + R);
      for (let j = 0; j < P; ++j) {
        if (j === i) continue;
        edges[row + pocket.type[j]] += 1;
        const d = Math.sqrt(squaredDistance(pocket.x[i], pocket.x[j]));
        RBF_CENTRES.forEach((centre, k) => (edges[row + T + k] += Math.exp(-((d - centre) ** 2) / (2 * RBF_WIDTH ** 2))));
      }
    }
    for (let i = 0; i < L; ++i) for (let j = 0; j < P; ++j) cross[(b * L + i) * P + j] = squaredDistance(ligand.x[i], pocket.x[j]);
  });
  const pocketEdges = tf.tensor3d(edges, [B, P, T + R]); // [B, 10, 9]
  const crossDistances = tf.tensor3d(cross, [B, L, P]); // [B, 5, 10]
  const y = tf.tensor1d(complexes.map((c) => (c.y - mean) / std)); // [B]
  return {ligandTypes, ligandNeighbours, pocketTypes, pocketEdges, crossDistances, y};
}

const disposeBatch = (batch: Batch) => tf.dispose(Object.values(batch));

/** x [B, n, f] times W [f, g] (+ b [g]): [B, n, g]. */
function dense(x: tf.Tensor3D, W: tf.Tensor2D, b?: tf.Tensor1D): tf.Tensor3D {
  const [B, n, f] = x.shape;
  const y = tf.reshape(tf.matMul(tf.reshape(x, [B * n, f]), W), [B, n, W.shape[1]]); // [B, n, g]
  return (b ? tf.add(y, b) : y) as tf.Tensor3D;
}

/** The fusion's attention weights a_ij [B, 5, 10] from q [B, 5, 8], k [B, 10, 8], d² [B, 5, 10] and γ [] (components/chapters/11-pocket-ligand/cells/contactAttention.js, which a reader can edit). */
export type ContactAttention = (tfjs: typeof tf, q: tf.Tensor3D, k: tf.Tensor3D, d2: tf.Tensor3D, gamma: tf.Scalar) => tf.Tensor;

type V2 = tf.Variable<tf.Rank.R2>;
type V1 = tf.Variable<tf.Rank.R1>;
type V0 = tf.Variable<tf.Rank.R0>;
/** φ_e, φ_h, the ligand GNN, the attention (q, k, γ = softplus(ρ)) and the read-out U, c. */
interface FusionWeights {We: V2; be: V1; W1: V2; b1: V1; W2: V2; b2: V1; Ws: V2; Wn: V2; bL: V1; Wq: V2; Wk: V2; rho: V0; U: V2; c: V0}
/** The ligand GNN and a linear sum read-out. */
interface LigandOnlyWeights {Ws: V2; Wn: V2; bL: V1; w: V2; c: V0}

/** Trains the fusion model and the ligand-only baseline step by step; call dispose() when done (it frees every tensor it made). */
export class PocketLigandTrainer implements Trainable {
  step = 0;
  readonly steps: number;
  readonly config: PocketConfig;
  readonly backend: BackendName;
  readonly trainComplexes: PocketComplex[];
  readonly testComplexes: PocketComplex[];
  private readonly mean: number; // of the training y: the models learn (y − mean)/std
  private readonly std: number;
  private readonly train: Batch;
  private readonly test: Batch;
  private readonly weights: {fusion: FusionWeights; ligandOnly: LigandOnlyWeights};
  private readonly optimizers: Record<PocketModel, tf.Optimizer>;
  private readonly signal?: AbortSignal;
  private readonly attend: ContactAttention; // the fusion's attention, components/chapters/11-pocket-ligand/cells/contactAttention.js unless a reader's edit
  private readonly models: readonly PocketModel[]; // the models it trains: both, or the fusion alone (a reader's edit of its attention)
  private readonly losses: Record<PocketModel, number[]> = {fusion: [], ligandOnly: []};
  private readonly evaluations: PocketEvaluation[] = [];
  private latest: Record<PocketModel, number[]> = {fusion: [], ligandOnly: []};
  private disposed = false;

  /**
   * With a signal, each chunk of steps first yields a turn (nextTask) and rejects once the signal was aborted. `attention`
   * replaces the fusion's a_ij (a reader's edit, in a worker); with `models: ["fusion"]` the ligand-only model is not
   * trained, and its losses, predictions and r stay empty (r = 0, flagged constant).
   */
  constructor(config: Partial<PocketConfig> = {}, {signal, attention = contactAttention, models = POCKET_MODEL_KEYS}: RunOptions & {attention?: ContactAttention; models?: readonly PocketModel[]} = {}) {
    this.config = requireParameters(POCKET_PARAMETERS, config);
    this.steps = this.config.steps;
    this.backend = activeBackend();
    this.signal = signal;
    this.attend = attention;
    this.models = POCKET_MODEL_KEYS.filter((model) => models.includes(model));
    const random = mulberry32(this.config.seed);
    this.trainComplexes = makePocketComplexes(this.config.complexes, random);
    this.testComplexes = makePocketComplexes(POCKET_SIZES.test, random);
    const ys = this.trainComplexes.map((c) => c.y);
    this.mean = ys.reduce((a, b) => a + b, 0) / ys.length;
    this.std = Math.sqrt(ys.reduce((a, b) => a + (b - this.mean) ** 2, 0) / ys.length) || 1;
    this.train = toBatch(this.trainComplexes, this.mean, this.std);
    this.test = toBatch(this.testComplexes, this.mean, this.std);
    // N(0, 1/fan_in) weights, zero biases; γ's pre-activation and the output offset c are scalars.
    const normal = (shape: [number, number], std = 1 / Math.sqrt(shape[0])): V2 => tf.tidy(() => tf.variable(tf.tensor2d(normalArray(random, shape[0] * shape[1], std), shape)));
    const zeros = (n: number): V1 => tf.tidy(() => tf.variable(tf.zeros<tf.Rank.R1>([n])));
    const scalar = (value: number): V0 => tf.tidy(() => tf.variable(tf.scalar(value)));
    this.weights = {
      fusion: {
        We: normal([T + T + R, H]), be: zeros(H), // φ_e: linear on [h_i, h_j, RBF_6(d_ij)], summed over j ≠ i
        W1: normal([T + H, H]), b1: zeros(H), W2: normal([H, H]), b2: zeros(H), // φ_h: SiLU MLP on [h_i, m_i]
        Ws: normal([T, H]), Wn: normal([T, H]), bL: zeros(H), // ligand GNN
        Wq: normal([H, H], SMALL_INIT), Wk: normal([H + T, H]), rho: scalar(INIT_GAMMA), // attention: q_i, k_j, γ = softplus(ρ)
        U: normal([H, H + T], SMALL_INIT), c: scalar(0) // read-out h^L_iᵀ U h^P_j, offset c
      },
      ligandOnly: {Ws: normal([T, H]), Wn: normal([T, H]), bL: zeros(H), w: normal([H, 1]), c: scalar(0)}
    };
    this.optimizers = {fusion: tf.train.adam(this.config.learningRate), ligandOnly: tf.train.adam(this.config.learningRate)};
  }

  // #region model
  /**
   * EGNN-lite (the invariant h path): m_i = (1/9) Σ_{j≠i} φ_e(h_i, h_j, RBF_6(d_ij)) with φ_e linear, so the neighbour sums are
   * precomputed; h^P_i = [φ_h(h_i, m_i), h_i]; [B, 10, 11]. Satorras et al. (2021) sum the messages; the 1/(N − 1) here keeps m_i
   * the size of one message at the start, and with N fixed it is a constant factor the weights can absorb.
   */
  private pocket(batch: Batch): tf.Tensor3D {
    const {We, be, W1, b1, W2, b2} = this.weights.fusion;
    const edges = tf.concat([batch.pocketTypes, tf.div(batch.pocketEdges, P - 1)], 2) as tf.Tensor3D; // [B, 10, 12]: mean over j ≠ i of [h_i, h_j, RBF_6(d_ij)]
    const m = dense(edges, We, be); // [B, 10, 8]: m_i = mean_{j≠i} m_ij
    const z = dense(tf.concat([batch.pocketTypes, m], 2) as tf.Tensor3D, W1, b1); // [B, 10, 8]: W_1 [h_i, m_i] + b_1
    const h = dense(tf.mul(z, tf.sigmoid(z)) as tf.Tensor3D, W2, b2); // [B, 10, 8]: φ_h = W_2 SiLU(·) + b_2
    return tf.concat([h, batch.pocketTypes], 2) as tf.Tensor3D; // [B, 10, 11]: the one-hot type kept as a skip
  }

  /** Ligand GNN: h^L_i = SiLU(W_s t_i + W_n Σ_{j bonded to i} t_j + b); [B, 5, 8]. */
  private ligand(model: PocketModel, batch: Batch): tf.Tensor3D {
    const {Ws, Wn, bL} = this.weights[model];
    const z = tf.add(dense(batch.ligandTypes, Ws, bL), dense(batch.ligandNeighbours, Wn)); // [B, 5, 8]
    return tf.mul(z, tf.sigmoid(z)) as tf.Tensor3D; // [B, 5, 8]: SiLU
  }

  /** Fusion: a_ij = exp(min(q_iᵀk_j/√H − γ‖x^L_i − x^P_j‖², 4)) (components/chapters/11-pocket-ligand/cells/contactAttention.js) and ŷ = Σ_ij a_ij h^L_iᵀ U h^P_j + c. */
  private fusion(batch: Batch): {prediction: tf.Tensor1D; attention: tf.Tensor3D} {
    const {Wq, Wk, rho, U, c} = this.weights.fusion;
    const hL = this.ligand("fusion", batch); // [B, 5, 8]
    const hP = this.pocket(batch); // [B, 10, 11]
    const q = dense(hL, Wq); // [B, 5, 8]
    const k = dense(hP, Wk); // [B, 10, 8]
    const attention = this.attend(tf, q, k, batch.crossDistances, tf.softplus(rho)) as tf.Tensor3D; // [B, 5 ligand atoms, 10 pocket atoms]: a_ij, unnormalised (energies add up)
    const pair = tf.matMul(dense(hL, U), hP, false, true); // [B, 5, 10]: h^L_iᵀ U h^P_j
    const prediction = tf.add(tf.sum(tf.mul(attention, pair), [1, 2]), c) as tf.Tensor1D; // [B]
    return {prediction, attention};
  }

  /** The model's standardised prediction for each complex of the batch: [B]. */
  private predict(model: PocketModel, batch: Batch): tf.Tensor1D {
    if (model === "fusion") return this.fusion(batch).prediction; // [B]
    const {w, c} = this.weights.ligandOnly;
    const hL = this.ligand("ligandOnly", batch); // [B, 5, 8]
    return tf.add(tf.sum(dense(hL, w), [1, 2]), c) as tf.Tensor1D; // [B]: Σ_i wᵀh^L_i + c, no pocket
  }

  /** Mean squared error on the standardised training affinities: []. */
  private loss(model: PocketModel): tf.Scalar {
    return tf.mean(tf.square(tf.sub(this.predict(model, this.train), this.train.y))) as tf.Scalar;
  }
  // #endregion

  private check(): void {
    if (this.disposed) throw new Error("this trainer was disposed");
  }

  /** Takes `count` steps of its models (fewer at the end), evaluating on the test set every 10 steps and at the end; one read-back. */
  async advance(count: number): Promise<void> {
    this.check();
    if (this.signal) await nextTask(this.signal); // a run the reader replaced stops here, before any tensor is made
    this.check();
    const todo = Math.min(count, this.steps - this.step);
    if (todo <= 0) return;
    const records: tf.Tensor[] = []; // per step: a loss per model; per evaluation: a [256] prediction per model
    const evaluated: number[] = [];
    for (let i = 1; i <= todo; ++i) {
      for (const model of this.models) {
        const loss = this.optimizers[model].minimize(() => this.loss(model), true, Object.values(this.weights[model]) as tf.Variable[]) as tf.Scalar; // []
        records.push(tf.reshape(loss, [1])); // [1]
        loss.dispose();
      }
      const step = this.step + i;
      if (step % POCKET_SIZES.evaluateEvery === 0 || step === this.steps) {
        evaluated.push(step);
        for (const model of this.models) records.push(tf.tidy(() => this.predict(model, this.test))); // [256]
      }
    }
    const stacked = tf.concat(records); // [todo · models + evaluations · models · 256]
    tf.dispose(records);
    let values: Float32Array;
    try {
      values = (await stacked.data()) as Float32Array; // one read-back per chunk
    } finally {
      stacked.dispose();
    }
    if (this.disposed) return;
    const truth = this.testComplexes.map((c) => c.y);
    const raw = (from: number) => Array.from(values.subarray(from, from + POCKET_SIZES.test), (v) => v * this.std + this.mean);
    let k = 0;
    for (let i = 1; i <= todo; ++i) {
      for (const model of this.models) this.losses[model].push(values[k++]);
      if (evaluated[0] === this.step + i) {
        evaluated.shift();
        const predicted = (model: PocketModel) => {
          if (!this.models.includes(model)) return []; // not trained
          k += POCKET_SIZES.test;
          return raw(k - POCKET_SIZES.test); // [256], in this.models order
        };
        const [fusion, ligandOnly] = [predicted("fusion"), predicted("ligandOnly")];
        const [f, l] = [pearson(fusion, truth), pearson(ligandOnly, truth)];
        this.evaluations.push({step: this.step + i, pearson: f.r, ligandOnlyPearson: l.r, constant: {fusion: f.constant, ligandOnly: l.constant}});
        this.latest = {fusion, ligandOnly};
      }
    }
    this.step += todo;
  }

  /** A copy of the record so far. */
  snapshot(): PocketSnapshot {
    return {
      step: this.step,
      steps: this.steps,
      backend: this.backend,
      losses: {fusion: [...this.losses.fusion], ligandOnly: [...this.losses.ligandOnly]},
      evaluations: this.evaluations.map((e) => ({...e, constant: {...e.constant}})),
      test: {truth: this.testComplexes.map((c) => c.y), fusion: [...this.latest.fusion], ligandOnly: [...this.latest.ligandOnly]}
    };
  }

  private testComplex(index: number): PocketComplex {
    const complex = this.testComplexes[index];
    if (!complex) throw new RangeError(`test complex ${index} does not exist (0 to ${this.testComplexes.length - 1})`);
    return complex;
  }

  /** The fusion model's predictions (units of y) and attention weights for some complexes: one read-back. */
  private async fusionOn(complexes: PocketComplex[]): Promise<{predictions: Float32Array; attention: Float32Array}> {
    this.check();
    const [prediction, attention] = tf.tidy(() => {
      const batch = toBatch(complexes, this.mean, this.std);
      const out = this.fusion(batch);
      return [tf.add(tf.mul(out.prediction, this.std), this.mean), tf.reshape(out.attention, [-1])]; // [n], [n · 5 · 10]
    });
    const both = tf.concat([prediction, attention]); // [n + n · 5 · 10]
    tf.dispose([prediction, attention]);
    try {
      const values = (await both.data()) as Float32Array; // one read-back
      return {predictions: values.slice(0, complexes.length), attention: values.slice(complexes.length)};
    } finally {
      both.dispose();
    }
  }

  /** Some complexes with the fusion model's current attention a_ij [5][10] and predictions: one read-back. */
  private async examplesOf(complexes: PocketComplex[]): Promise<PocketExample[]> {
    const {predictions, attention} = await this.fusionOn(complexes);
    const names = (types: number[]) => types.map((t) => POCKET_ATOM_TYPES[t]);
    return complexes.map((complex, n) => ({
      pocket: {x: complex.pocket.x.map((x) => [...x]), type: names(complex.pocket.type)},
      ligand: {x: complex.ligand.x.map((x) => [...x]), type: names(complex.ligand.type), bonds: LIGAND_BONDS.map(([a, b]) => [a, b] as [number, number])},
      attention: Array.from({length: L}, (_, i) => Array.from(attention.subarray((n * L + i) * P, (n * L + i + 1) * P))),
      truth: complex.y,
      prediction: predictions[n]
    }));
  }

  /** One test complex with the fusion model's current attention a_ij [5][10] and prediction, for drawing. */
  async example(index = 0): Promise<PocketExample> {
    const [example] = await this.examplesOf([this.testComplex(index)]);
    return example;
  }

  /** A test complex and the same complex under a random rotation with reflection plus translation (from `seed`), both as the fusion model sees them now. */
  async moved(index: number, seed: number): Promise<{original: PocketExample; moved: PocketExample}> {
    const complex = this.testComplex(index);
    const [original, moved] = await this.examplesOf([complex, transformComplex(complex, randomIsometry(mulberry32(seed)))]);
    return {original, moved};
  }

  /** max over the test set of |f(Rx + t) − f(x)|, one random isometry per complex (from `seed`), in the units of y. */
  async invarianceError(seed = this.config.seed): Promise<number> {
    const random = mulberry32(seed ^ 0x5eed);
    const moved = this.testComplexes.map((c) => transformComplex(c, randomIsometry(random)));
    const {predictions} = await this.fusionOn([...this.testComplexes, ...moved]);
    const n = this.testComplexes.length;
    let worst = 0;
    for (let i = 0; i < n; ++i) worst = Math.max(worst, Math.abs(predictions[n + i] - predictions[i]));
    return Number.isFinite(worst) ? worst : Infinity;
  }

  /** The summary the command line prints and the tests check (after the last step taken). */
  async result(): Promise<PocketResult> {
    const last = this.evaluations.at(-1);
    return {
      seed: this.config.seed,
      backend: this.backend,
      steps: this.step,
      pearson: last?.pearson ?? 0,
      ligandOnlyPearson: last?.ligandOnlyPearson ?? 0,
      constant: last ? {...last.constant} : {fusion: true, ligandOnly: true},
      invarianceError: await this.invarianceError(),
      losses: {fusion: [...this.losses.fusion], ligandOnly: [...this.losses.ligandOnly]}
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeBatch(this.train);
    disposeBatch(this.test);
    for (const model of POCKET_MODEL_KEYS) {
      tf.dispose(Object.values(this.weights[model]) as tf.Variable[]);
      this.optimizers[model].dispose();
    }
  }
}

/** max |f(Rx + t) − f(x)| over the trainer's test set (SPEC.md 9d: ≤ 1.1e-6 measured; asserted < 1e-4). */
export function invarianceError(trainer: PocketLigandTrainer): Promise<number> {
  return trainer.invarianceError();
}

/** Runs the whole experiment on the active backend and returns its summary; an aborted signal stops it at its next chunk, its tensors freed. */
export async function runPocketLigand(config: Partial<PocketConfig> = {}, {signal, onStep}: RunOptions & {onStep?: (snapshot: PocketSnapshot) => void} = {}): Promise<PocketResult> {
  const trainer = new PocketLigandTrainer(config, {signal});
  return trainToEnd(
    trainer,
    async (t) => {
      await nextTask(signal);
      return t.result();
    },
    onStep && ((t) => onStep(t.snapshot()))
  );
}

/** What is wrong with the fusion attention's output, or undefined: one weight per ligand–pocket pair, [B, 5, 10]. */
function contactAttentionProblem(output: unknown, _tf: unknown, q: tf.Tensor3D, k: tf.Tensor3D): string | undefined {
  const shape = [q.shape[0], q.shape[1], k.shape[1]];
  const wanted = `[${shape.join(", ")}]`;
  const meaning = `one weight a_ij per ligand atom (${shape[1]}) and pocket atom (${shape[2]}) of each complex (B = ${shape[0]})`;
  if (!(output instanceof tf.Tensor)) return `${returnedText(output)}, not a tensor: a_ij must be a ${wanted} tensor, ${meaning}`;
  if (`[${output.shape.join(", ")}]` !== wanted) return `${returnedText(output)}, not ${wanted}: ${meaning}`;
  return undefined;
}

/**
 * Chapter 11's editable cell, the fusion's attention weights a_ij (components/chapters/11-pocket-ligand/cells/contactAttention.js):
 * the fusion model alone is trained again with the reader's version, on the page's settings and the
 * worker's backend (the ligand-only baseline never attends, so it does not change). Returns its test r
 * at every evaluation, its last test predictions, its losses and the E(3) invariance error.
 */
export const POCKET_CELL: EditableCell = {
  title: "the fusion's attention",
  file: "contactAttention.js",
  async run(fn, config) {
    const attention = checkedCell(fn, contactAttentionProblem) as unknown as ContactAttention;
    const trainer = new PocketLigandTrainer(config as Partial<PocketConfig>, {attention, models: ["fusion"]});
    try {
      await trainer.example(0); // the reader's code once on one complex, outside the gradient tape: a failure there leaks no tensor
    } catch (error) {
      trainer.dispose();
      throw error;
    }
    return trainToEnd(trainer, async () => {
      const {steps, backend, losses, evaluations, test} = trainer.snapshot();
      const bad = losses.fusion.findIndex((loss) => !Number.isFinite(loss));
      if (bad >= 0) throw new CellError("shape", `With your code the training loss became ${losses.fusion[bad]} at step ${bad + 1}, so there is nothing to draw: does an exp overflow without its cap, or a division by zero creep in?`);
      return {
        steps,
        backend,
        losses: losses.fusion,
        evaluations: evaluations.map(({step, pearson, constant}) => ({step, pearson, constant: constant.fusion})),
        test: {truth: test.truth, predicted: test.fusion},
        invarianceError: await trainer.invarianceError()
      };
    });
  }
};
