/**
 * Chapter 10 (SPEC.md section 9c): learning by filling in the blanks. A table row of 4 numeric
 * cells x ~ U[0, 10) and the text "[COL c] [VAL k]", k = ⌊x_c⌋, describing one of them. Two
 * masked tasks train one model: (A) the text's VAL token is masked and its query cross-attends
 * over the 4 cells, then a 10-way softmax names k; (B) cell c is masked and its query
 * cross-attends over the 2 text tokens, then regresses the standardised x_c. L = L_MLM + λ L_cell,
 * Adam, fresh seeded batches every step, scored on a fixed held-out set. The ablation is the same
 * model whose queries attend to nothing (no cells for A, no text for B): chance and the variance.
 * The page, the tests and the command line all call this.
 */
import * as tf from "@tensorflow/tfjs-core";
import {mulberry32, normalArray, type Random, streamSeed} from "../../runtime/prng.js";
import {readScalars} from "../../runtime/readScalars.js";
import {requireParameters} from "../../runtime/parameters.js";
import {activeBackend, type BackendName} from "../../runtime/runtime.js";
import {nextTask, trainToEnd, type RunOptions, type Trainable} from "../../runtime/trainingLoop.js";
import {crossAttend} from "./cells/crossAttend.js";
import {CellError, checkedCell, type EditableCell} from "../../editing/editableCells.js";
import {MASKED_PARAMETERS, type MaskedConfig, MASKED_SIZES, MASKED_COLUMNS, maskedRowProblem, type MaskedEvaluation, type MaskedSnapshot, type MaskedRow, type MaskedExample} from "./maskedSettings.js";
import {returnedText} from "../../editing/returnedText.js";

export * from "./maskedSettings.js"; // the settings and labels, which the page imports without tfjs
const {cells: CELLS, bins: BINS, width: D} = MASKED_SIZES;
const MEAN = 5; // x ~ U[0, 10): mean 5, variance 100/12
const VARIANCE = 100 / 12; // the ablation's MSE floor, raw units
const SD = Math.sqrt(VARIANCE);

/** The i-th RBF feature of x: a Gaussian of width 0.5 centred at i + 0.5. */
const rbfFeature = (x: number, i: number) => Math.exp(-((x - (i + 0.5)) ** 2) / (2 * MASKED_SIZES.rbfWidth ** 2));

/** RBF features φ(x): 10 Gaussians of width 0.5 centred at 0.5, 1.5, …, 9.5. */
export function rbf(x: number): number[] {
  return Array.from({length: BINS}, (_, i) => rbfFeature(x, i));
}

/** `count` rows of 4 cells x ~ U[0, 10), each with the column c its text describes; value k = ⌊x_c⌋. */
export interface MaskedRows {
  x: Float32Array; // [count · 4]
  column: Int32Array; // [count]
}

/** Draws `count` rows from `random`: per row its 4 cells, then its column. */
export function makeMaskedRows(count: number, random: Random): MaskedRows {
  const x = new Float32Array(count * CELLS);
  const column = new Int32Array(count);
  for (let i = 0; i < count; ++i) {
    for (let j = 0; j < CELLS; ++j) x[i * CELLS + j] = 10 * random();
    column[i] = Math.floor(random() * CELLS);
  }
  return {x, column};
}

/** One run's summary, as the command line prints it and the tests check it. */
export interface MaskedResult {
  seed: number;
  backend: BackendName;
  steps: number;
  tokenAccuracy: number; // held-out, after the last step
  cellMse: number; // held-out, raw units, after the last step
  ablation: {tokenAccuracy: number; cellMse: number}; // the same model and data, no cross-modal context
  losses: {token: number[]; cell: number[]};
}

/** Rows as tensors. */
interface Batch {
  phi: tf.Tensor3D; // [B, 4 cells, 10]: φ of every cell (a constant of the data)
  column: tf.Tensor2D; // [B, 4]: c one-hot (a product with one-hot rows, not gather: gather's gradient has no WASM kernel in tfjs 4.22)
  value: tf.Tensor2D; // [B, 10]: k = ⌊x_c⌋ one-hot
  target: tf.Tensor1D; // [B]: (x_c − 5)/√(100/12), standardised
}

/** Rows as tensors, written straight into typed arrays (the held-out set is 1000 rows, built before the first step). */
function toBatch({x, column}: MaskedRows): Batch {
  const B = column.length;
  const phi = new Float32Array(B * CELLS * BINS); // [B, 4 cells, 10]
  for (let cell = 0; cell < B * CELLS; ++cell) for (let i = 0; i < BINS; ++i) phi[cell * BINS + i] = rbfFeature(x[cell], i);
  const columnOneHot = new Float32Array(B * CELLS); // [B, 4]
  const value = new Float32Array(B * BINS); // [B, 10]
  const target = new Float32Array(B); // [B]
  for (let row = 0; row < B; ++row) {
    const xc = x[row * CELLS + column[row]];
    const k = Math.floor(xc);
    columnOneHot[row * CELLS + column[row]] = 1;
    if (k < BINS) value[row * BINS + k] = 1; // 10·random() in float32 can round up to 10: no bin, as before
    target[row] = (xc - MEAN) / SD;
  }
  return {phi: tf.tensor3d(phi, [B, CELLS, BINS]), column: tf.tensor2d(columnOneHot, [B, CELLS]), value: tf.tensor2d(value, [B, BINS]), target: tf.tensor1d(target)};
}

const disposeBatch = (batch: Batch) => tf.dispose([batch.phi, batch.column, batch.value, batch.target]);

/** The cross-attention's signature: what one query per row reads from that row's m tokens, [B, 16], and its weights over them, [B, m] (components/chapters/10-text-table/cells/crossAttend.js, which a reader can edit). */
export type CrossAttend = (tfjs: typeof tf, query: tf.Tensor2D, context: tf.Tensor3D, w: {Wq: tf.Tensor; Wk: tf.Tensor; Wv: tf.Tensor}) => {read: tf.Tensor2D; weights: tf.Tensor2D};

type Weights = Record<string, tf.Variable>;
const CONTEXT_WEIGHTS = ["W", "values", "WqA", "WkA", "WvA", "WqB", "WkB", "WvB"]; // the context's own weights: unused (and not trained) in the ablation

/** What the model computes for a batch. */
interface Forward {
  logits: tf.Tensor2D; // [B, 10]: (A) the masked VAL token
  cell: tf.Tensor1D; // [B]: (B) the masked cell, standardised
  tokenAttention: tf.Tensor2D; // [B, 4 cells]
  cellAttention: tf.Tensor2D; // [B, 2 text tokens]
}

/** Trains the masked text ↔ table model step by step; call dispose() when done (it frees every tensor it made). */
export class MaskedTrainer implements Trainable {
  step = 0;
  readonly steps: number;
  readonly config: MaskedConfig;
  readonly crossModal: boolean;
  readonly backend: BackendName;
  readonly heldOutRows: MaskedRows;
  private readonly attend: CrossAttend; // the cross-attention, components/chapters/10-text-table/cells/crossAttend.js unless a reader's edit
  private readonly random: Random; // the training batches
  private readonly heldOut: Batch;
  private readonly weights: Weights;
  private readonly optimizer: tf.Optimizer;
  private readonly losses = {token: [] as number[], cell: [] as number[]};
  private readonly evaluations: MaskedEvaluation[] = [];
  private disposed = false;

  constructor(config: Partial<MaskedConfig> = {}, {crossModal = true, attend = crossAttend}: {crossModal?: boolean; attend?: CrossAttend} = {}) {
    this.config = requireParameters(MASKED_PARAMETERS, config);
    this.steps = this.config.steps;
    this.crossModal = crossModal;
    this.attend = attend;
    this.backend = activeBackend();
    const init = mulberry32(streamSeed(this.config.seed, 0));
    this.random = mulberry32(streamSeed(this.config.seed, 1));
    this.heldOutRows = makeMaskedRows(MASKED_SIZES.heldOut, mulberry32(streamSeed(this.config.seed, 2)));
    this.heldOut = toBatch(this.heldOutRows);
    const normal = (shape: number[], std: number) =>
      tf.tidy(() => tf.variable(tf.tensor(normalArray(init, shape.reduce((a, b) => a * b, 1), std), shape)));
    const projection = () => normal([D, D], 1 / Math.sqrt(D));
    this.weights = {
      columns: normal([CELLS, D], 1), // column embeddings, shared by the cells and the text's [COL c]
      W: normal([BINS, D], 1), // φ(x) → a cell's value part
      values: normal([BINS, D], 1), // the text's [VAL k] embeddings
      textMask: normal([D], 1), // replaces [VAL k] in (A)
      cellMask: normal([D], 1), // replaces W φ(x_c) in (B)
      WqA: projection(), WkA: projection(), WvA: projection(), // (A) text → table
      WqB: projection(), WkB: projection(), WvB: projection(), // (B) table → text
      Wo: normal([D, BINS], 1 / Math.sqrt(D)),
      bo: tf.tidy(() => tf.variable(tf.zeros([BINS]))),
      wr: normal([D, 1], 1 / Math.sqrt(D)),
      br: tf.tidy(() => tf.variable(tf.zeros([])))
    };
    this.optimizer = tf.train.adam(this.config.learningRate);
  }

  /** The variables this model trains (the ablation has no context, so neither cell values, VAL tokens nor attention). */
  private get trained(): tf.Variable[] {
    return Object.entries(this.weights).filter(([name]) => this.crossModal || !CONTEXT_WEIGHTS.includes(name)).map(([, v]) => v);
  }

  // #region model
  /** Both masked tasks on a batch, each query cross-attending over the other modality (components/chapters/10-text-table/cells/crossAttend.js); without cross-modal context each query reads nothing (read = 0). */
  private forward(batch: Batch): Forward {
    const w = this.weights;
    const B = batch.column.shape[0];
    const columnToken = tf.matMul(batch.column, w.columns); // [B, 16]: [COL c]
    const queryA = tf.add(columnToken, w.textMask) as tf.Tensor2D; // [B, 16]: (A) [COL c] + [MASK] at the VAL slot
    const queryB = tf.add(columnToken, w.cellMask) as tf.Tensor2D; // [B, 16]: (B) cell c with its value masked
    let fromTable = {read: tf.zerosLike(queryA), weights: tf.zeros([B, CELLS]) as tf.Tensor2D}; // [B, 16], [B, 4 cells]: attends to nothing
    let fromText = {read: tf.zerosLike(queryB), weights: tf.zeros([B, 2]) as tf.Tensor2D}; // [B, 16], [B, 2 tokens]: attends to nothing
    if (this.crossModal) {
      const valuePart = tf.reshape(tf.matMul(tf.reshape(batch.phi, [B * CELLS, BINS]), w.W), [B, CELLS, D]); // [B, 4 cells, 16]: W φ(x_j)
      const cells = tf.add(valuePart, w.columns) as tf.Tensor3D; // [B, 4 cells, 16]: column embedding + W φ(x_j)
      const text = tf.stack([columnToken, tf.matMul(batch.value, w.values)], 1) as tf.Tensor3D; // [B, 2 tokens, 16]: [COL c] [VAL k]
      fromTable = this.attend(tf, queryA, cells, {Wq: w.WqA, Wk: w.WkA, Wv: w.WvA}); // [B, 16], [B, 4 cells]: (A) text → table
      fromText = this.attend(tf, queryB, text, {Wq: w.WqB, Wk: w.WkB, Wv: w.WvB}); // [B, 16], [B, 2 tokens]: (B) table → text
    }
    const logits = tf.add(tf.matMul(tf.add(queryA, fromTable.read), w.Wo), w.bo) as tf.Tensor2D; // [B, 10]: the 10-way softmax's logits
    const cell = tf.add(tf.reshape(tf.matMul(tf.add(queryB, fromText.read), w.wr), [B]), w.br) as tf.Tensor1D; // [B]: x̂_c, standardised
    return {logits, cell, tokenAttention: fromTable.weights, cellAttention: fromText.weights};
  }

  /** L = L_MLM + λ L_cell on a batch; keeps both parts in `parts`. */
  private loss(batch: Batch, parts: tf.Scalar[]): tf.Scalar {
    const {logits, cell} = this.forward(batch);
    const token = tf.neg(tf.mean(tf.sum(tf.mul(batch.value, tf.logSoftmax(logits)), 1))) as tf.Scalar; // []: −log p(k | text∖VAL, table)
    const cellLoss = tf.mean(tf.square(tf.sub(cell, batch.target))) as tf.Scalar; // []: ‖x̂_c − x_c‖², standardised
    parts.push(tf.keep(token), tf.keep(cellLoss));
    return tf.add(token, tf.mul(this.config.lambda, cellLoss)) as tf.Scalar; // []
  }
  // #endregion

  /** Token accuracy and cell MSE (raw units) on the held-out rows: [], []. */
  private evaluate(): tf.Scalar[] {
    return tf.tidy(() => {
      const {logits, cell} = this.forward(this.heldOut);
      const right = tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(this.heldOut.value, 1)), "float32"); // [1000]
      const mse = tf.mul(VARIANCE, tf.mean(tf.square(tf.sub(cell, this.heldOut.target)))); // []: raw units
      return [tf.mean(right) as tf.Scalar, mse as tf.Scalar];
    });
  }

  /** One row: token attention 4, cell attention 2, predicted token, predicted cell (raw): [8]. */
  private exampleRecord(row: MaskedRow): tf.Tensor1D {
    return tf.tidy(() => {
      const batch = toBatch({x: Float32Array.from(row.x), column: Int32Array.of(row.column)});
      const {logits, cell, tokenAttention, cellAttention} = this.forward(batch);
      const token = tf.cast(tf.argMax(logits, 1), "float32"); // [1]
      const raw = tf.add(tf.mul(cell, SD), MEAN); // [1]
      return tf.concat([tf.reshape(tokenAttention, [CELLS]), tf.reshape(cellAttention, [2]), token, raw], 0) as tf.Tensor1D; // [8]
    });
  }

  /** Takes `count` steps (fewer at the end), each on a fresh batch, reading the numbers back once. */
  async advance(count: number): Promise<void> {
    if (this.disposed) throw new Error("this trainer was disposed");
    const todo = Math.min(count, this.steps - this.step);
    if (todo <= 0) return;
    const records: tf.Scalar[] = []; // per step: token loss, cell loss; then [accuracy, mse] per evaluation
    const evaluated: number[] = [];
    if (this.step === 0) {
      records.push(...this.evaluate());
      evaluated.push(0);
    }
    for (let i = 0; i < todo; ++i) {
      const batch = toBatch(makeMaskedRows(this.config.batch, this.random));
      const parts: tf.Scalar[] = []; // token, cell: from the loss's forward pass
      try {
        this.optimizer.minimize(() => this.loss(batch, parts), false, this.trained);
      } finally {
        disposeBatch(batch);
      }
      records.push(parts[0], parts[1]);
      const done = this.step + i + 1;
      if (done % MASKED_SIZES.evaluateEvery === 0 || done === this.steps) {
        records.push(...this.evaluate());
        evaluated.push(done);
      }
    }
    const values = Array.from(await readScalars(records));
    if (this.disposed) return;
    let k = 0;
    if (evaluated[0] === 0) this.evaluations.push({step: evaluated.shift()!, tokenAccuracy: values[k++], cellMse: values[k++]});
    for (let i = 0; i < todo; ++i) {
      this.losses.token.push(values[k++]);
      this.losses.cell.push(values[k++]);
      if (evaluated[0] === this.step + i + 1) this.evaluations.push({step: evaluated.shift()!, tokenAccuracy: values[k++], cellMse: values[k++]});
    }
    this.step += todo;
  }

  /** A copy of the record so far. */
  snapshot(): MaskedSnapshot {
    return {
      step: this.step,
      steps: this.steps,
      backend: this.backend,
      crossModal: this.crossModal,
      losses: {token: [...this.losses.token], cell: [...this.losses.cell]},
      evaluations: this.evaluations.map((e) => ({...e}))
    };
  }

  /** Held-out row `index` as a MaskedRow (the page starts the reader's own row from it). */
  heldOutRow(index = 0): MaskedRow {
    if (!Number.isInteger(index) || index < 0 || index >= MASKED_SIZES.heldOut) throw new RangeError(`held-out row ${index} does not exist (0 to ${MASKED_SIZES.heldOut - 1})`);
    return {x: Array.from(this.heldOutRows.x.slice(index * CELLS, (index + 1) * CELLS)), column: this.heldOutRows.column[index]};
  }

  /** What the model, with its weights now, attends to and predicts for a row (held-out row 0 by default): one read-back. */
  async example(row: MaskedRow = this.heldOutRow(0)): Promise<MaskedExample> {
    if (this.disposed) throw new Error("this trainer was disposed");
    const problem = maskedRowProblem(row);
    if (problem) throw new RangeError(problem);
    const record = this.exampleRecord(row); // [8]
    let v: number[];
    try {
      v = Array.from(await record.data());
    } finally {
      record.dispose();
    }
    const value = Math.floor(row.x[row.column]);
    return {
      row: [...row.x],
      columns: [...MASKED_COLUMNS],
      column: row.column,
      value,
      tokenAttention: v.slice(0, CELLS),
      cellAttention: v.slice(CELLS, CELLS + 2),
      textTokens: [`[COL ${MASKED_COLUMNS[row.column]}]`, `[VAL ${value}]`],
      predictedToken: v[CELLS + 2],
      predictedCell: v[CELLS + 3]
    };
  }

  /** The last held-out evaluation (at the last step taken, once the run is done). */
  latest(): MaskedEvaluation | undefined {
    const last = this.evaluations.at(-1);
    return last && {...last};
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeBatch(this.heldOut);
    tf.dispose(Object.values(this.weights));
    this.optimizer.dispose();
  }
}

/**
 * The model and its ablation trained side by side on the same batches (each trainer draws them from
 * the same seeded stream): the page's loop and the command line both train this. With a signal, each
 * chunk first gives the page a turn (nextTask) and rejects with the signal's reason once it is aborted.
 */
export class MaskedComparison implements Trainable {
  readonly full: MaskedTrainer;
  readonly ablation: MaskedTrainer;
  private readonly signal?: AbortSignal;

  constructor(config: Partial<MaskedConfig> = {}, {signal}: RunOptions = {}) {
    this.full = new MaskedTrainer(config);
    this.ablation = new MaskedTrainer(config, {crossModal: false});
    this.signal = signal;
  }

  get step(): number {
    return this.full.step;
  }

  get steps(): number {
    return this.full.steps;
  }

  get backend(): BackendName {
    return this.full.backend;
  }

  async advance(count: number): Promise<void> {
    if (this.signal) await nextTask(this.signal); // a run the reader replaced stops here, before any tensor is made
    await this.full.advance(count);
    await this.ablation.advance(count);
  }

  /** Both records so far. */
  snapshot(): {full: MaskedSnapshot; ablation: MaskedSnapshot} {
    return {full: this.full.snapshot(), ablation: this.ablation.snapshot()};
  }

  dispose(): void {
    this.full.dispose();
    this.ablation.dispose();
  }
}

/** Runs SPEC.md 9c on the active backend: the model and its ablation without cross-modal context, on the same batches. */
export async function runMaskedTextTable(config: Partial<MaskedConfig> = {}, {signal}: RunOptions = {}): Promise<MaskedResult> {
  const {seed, steps} = requireParameters(MASKED_PARAMETERS, config);
  return trainToEnd(new MaskedComparison(config, {signal}), ({full, ablation}) => {
    const [last, ablated] = [full.latest()!, ablation.latest()!];
    return {
      seed,
      backend: full.backend,
      steps,
      tokenAccuracy: last.tokenAccuracy,
      cellMse: last.cellMse,
      ablation: {tokenAccuracy: ablated.tokenAccuracy, cellMse: ablated.cellMse},
      losses: full.snapshot().losses
    };
  });
}

/** What is wrong with a cross-attention's output, or undefined: {read: [B, 16], weights: [B, m]} for a query [B, 16] over tokens [B, m, 16]. */
function crossAttendProblem(output: unknown, _tf: unknown, query: tf.Tensor2D, context: tf.Tensor3D): string | undefined {
  const [B, m] = context.shape;
  const tokens = m === CELLS ? "cell" : "word";
  if (typeof output !== "object" || output === null || output instanceof tf.Tensor || Array.isArray(output)) {
    const what = output === null ? "null" : output instanceof tf.Tensor ? `a [${output.shape.join(", ")}] tensor` : Array.isArray(output) ? "an array" : `a ${typeof output}`;
    return `${what}, not {read, weights}: what each query reads, [${B}, ${D}], and its weights over the ${m} ${tokens}s, [${B}, ${m}]`;
  }
  const parts = [
    ["read", [B, query.shape[1]], `one vector of ${query.shape[1]} per row: what its query reads`],
    ["weights", [B, m], `one weight per ${tokens} of each row`]
  ] as const;
  for (const [key, shape, meaning] of parts) {
    const value = (output as Record<string, unknown>)[key];
    const wanted = `[${shape.join(", ")}]`;
    if (value === undefined) return `no ${key}: return {read, weights}, with ${key} a ${wanted} tensor, ${meaning}`;
    if (!(value instanceof tf.Tensor)) return `${key} as ${returnedText(value)}, not a tensor: ${key} must be a ${wanted} tensor, ${meaning}`;
    if (`[${value.shape.join(", ")}]` !== wanted) return `${key} as ${returnedText(value)}, not ${wanted}: ${meaning}`;
  }
  return undefined;
}

/**
 * Chapter 10's editable cell, the cross-attention (components/chapters/10-text-table/cells/crossAttend.js): the
 * cross-modal model alone is trained again with the reader's version, on the page's settings and
 * the worker's backend (the ablation never attends, so it does not change). Returns its record:
 * the training losses and the held-out evaluations.
 */
export const MASKED_CELL: EditableCell = {
  title: "the cross-attention",
  file: "crossAttend.js",
  async run(fn, config) {
    const attend = checkedCell(fn, crossAttendProblem) as unknown as CrossAttend;
    const snapshot = await trainToEnd(new MaskedTrainer(config as Partial<MaskedConfig>, {attend}), (trainer) => trainer.snapshot());
    const {token, cell} = snapshot.losses;
    const bad = token.findIndex((loss, i) => !Number.isFinite(loss) || !Number.isFinite(cell[i]));
    if (bad >= 0) throw new CellError("shape", `With your code the training loss became ${Number.isFinite(token[bad]) ? cell[bad] : token[bad]} at step ${bad + 1}, so there is nothing to draw: does it divide by zero, or grow without bound?`);
    return snapshot;
  }
};
