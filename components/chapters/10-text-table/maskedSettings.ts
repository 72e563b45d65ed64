/**
 * Chapter 10's settings, sizes and column names, the check of a reader's row, and the shapes of what a run
 * reports, as plain data and plain functions apart from the models' tfjs code (maskedTextTable.ts), so the page
 * can check and draw without loading tfjs: the models train in the experiment worker.
 */
import {seedParameter, type ParameterValues} from "../../runtime/parameters.js";
import type {BackendName} from "../../runtime/backends.js";

/** The experiment's settings (SPEC.md 9c: Adam, lr 0.03, batch 64, λ = 1, 150 steps, seed 1). */
export const MASKED_PARAMETERS = {
  learningRate: {label: "learning rate", value: 0.03, min: 0.001, max: 1, step: 0.001, log: true, description: "Adam step size"},
  steps: {label: "steps", value: 150, min: 1, max: 2000, step: 1, integer: true, description: "Adam steps, each on a fresh batch of rows"},
  batch: {label: "batch", value: 64, min: 8, max: 512, step: 1, integer: true, description: "rows per step"},
  lambda: {label: "cell-loss weight λ", value: 1, min: 0, max: 10, step: 0.1, description: "L = L_MLM + λ L_cell"},
  seed: seedParameter("seed of the weight initialisation, the training batches and the held-out rows")
};

/** The values of MASKED_PARAMETERS. */
export type MaskedConfig = ParameterValues<typeof MASKED_PARAMETERS>;

/**
 * Fixed sizes. The RBF width is the Gaussians' standard deviation in value units: 0.5, half the
 * spacing of the centres, so neighbouring bumps cross at e^(−1/2) ≈ 0.61 on each bin edge and the
 * largest feature is always the one centred in x's own bin (argmax φ(x) = ⌊x⌋): the bin is linearly
 * readable from φ, and x varies smoothly inside it.
 */
export const MASKED_SIZES = {cells: 4, bins: 10, width: 16, rbfWidth: 0.5, heldOut: 1000, evaluateEvery: 10};

/** The table's column names, in cell order. */
export const MASKED_COLUMNS = ["price", "rating", "weight", "age"] as const;

/** What is wrong with a row the reader wrote, or undefined: 4 numbers in [0, 10) and a column 0..3. */
export function maskedRowProblem({x, column}: MaskedRow): string | undefined {
  if (!Array.isArray(x) || x.length !== MASKED_SIZES.cells) return `a row has ${MASKED_SIZES.cells} cells, not ${Array.isArray(x) ? x.length : "none"}`;
  const bad = x.findIndex((v) => typeof v !== "number" || !Number.isFinite(v) || v < 0 || v >= 10);
  if (bad >= 0) return `${MASKED_COLUMNS[bad]} must be a number from 0 up to (not including) 10, not ${JSON.stringify(x[bad])}`;
  if (!Number.isInteger(column) || column < 0 || column >= MASKED_SIZES.cells) return `the text must describe one of the ${MASKED_SIZES.cells} columns, not ${JSON.stringify(column)}`;
  return undefined;
}

/** One held-out evaluation of the current weights. */
export interface MaskedEvaluation {
  step: number; // steps taken when it was measured
  tokenAccuracy: number; // (A): the masked VAL token named right, on the held-out rows
  cellMse: number; // (B): mean squared error of the masked cell, raw units (floor 1/12)
}

/** The state of a run so far, for the figures. */
export interface MaskedSnapshot {
  step: number;
  steps: number;
  backend: BackendName;
  crossModal: boolean;
  losses: {token: number[]; cell: number[]}; // per step, of the batch it trained on (weights before the update); cell in standardised units
  evaluations: MaskedEvaluation[]; // at step 0, every 10 steps and at the end
}

/** One row as the reader can write it: 4 cells in [0, 10) and the column c its text describes. */
export interface MaskedRow {
  x: number[]; // the 4 cells, in MASKED_COLUMNS order
  column: number; // 0..3
}

/** A row as the model sees it now: what each masked query attends to and what it predicts. */
export interface MaskedExample {
  row: number[]; // the 4 cells
  columns: string[]; // MASKED_COLUMNS
  column: number; // the column c the text describes
  value: number; // k = ⌊x_c⌋, the masked VAL token
  tokenAttention: number[]; // (A) the masked VAL query → the 4 cells (all 0 in the ablation: it attends to nothing)
  cellAttention: number[]; // (B) the masked cell query → the text tokens (all 0 in the ablation)
  textTokens: string[]; // ["[COL price]", "[VAL 7]"]
  predictedToken: number; // argmax of (A)'s softmax
  predictedCell: number; // (B)'s prediction of x_c, raw units
}
