/**
 * Chapter 11's settings, models' labels, atom types, contact energies, sizes and the shapes of what a run
 * reports, as plain data apart from the models' tfjs code (pocketLigand.ts), so the page can draw without
 * loading tfjs: the models train in the experiment worker.
 */
import {seedParameter, type ParameterValues} from "../../runtime/parameters.js";
import type {BackendName} from "../../runtime/backends.js";

/** The experiment's settings (SPEC.md 9d: Adam, lr 0.03, full batch of 128 complexes; 150 steps, seed 1). */
export const POCKET_PARAMETERS = {
  learningRate: {label: "learning rate", value: 0.03, min: 0.001, max: 0.3, step: 0.001, log: true, description: "Adam step size"},
  steps: {label: "steps", value: 150, min: 1, max: 2000, step: 1, integer: true, description: "full-batch Adam steps on the training complexes"},
  complexes: {label: "training complexes", value: 128, min: 32, max: 1024, step: 1, integer: true, description: "pocket–ligand complexes in the full training batch"},
  seed: seedParameter("seed of the complexes and of the weight initialisation")
};

/** The values of POCKET_PARAMETERS. */
export type PocketConfig = ParameterValues<typeof POCKET_PARAMETERS>;

/** The two models, by key, with their labels. */
export const POCKET_MODELS = {
  fusion: {label: "pocket EGNN + ligand GNN + distance-biased cross-attention"},
  ligandOnly: {label: "ligand only (GNN + sum)"}
} as const;

/** "fusion" or "ligandOnly". */
export type PocketModel = keyof typeof POCKET_MODELS;

/** The model keys in display order. */
export const POCKET_MODEL_KEYS = Object.keys(POCKET_MODELS) as PocketModel[];

/** Atom types: hydrophobic, hydrogen-bond donor, hydrogen-bond acceptor. */
export const POCKET_ATOM_TYPES = ["hydrophobic", "donor", "acceptor"] as const;

export type PocketAtomType = (typeof POCKET_ATOM_TYPES)[number];

/** ε(t_i, t_j) (SPEC.md 9d): H–H 1, D–A 1.5, D–D and A–A −.5, H–polar −.2; rows and columns in POCKET_ATOM_TYPES order. */
export const POCKET_EPSILON: readonly (readonly number[])[] = [
  [1, -0.2, -0.2],
  [-0.2, -0.5, 1.5],
  [-0.2, 1.5, -0.5]
];

/**
 * Fixed sizes: 10 pocket atoms in the shell 2 < ‖x‖ < 4 Å, a 5-atom chain with 1.5 Å bonds, 3 types,
 * 256 held-out test complexes, H = 8, an RBF_6 edge code, the contact width 4.5 Å² of y, test
 * evaluations every 10 steps.
 */
export const POCKET_SIZES = {pocket: 10, ligand: 5, types: 3, test: 256, hidden: 8, rbf: 6, shell: [2, 4], bond: 1.5, width: 4.5, evaluateEvery: 10} as const;

 // std of W_q and U: attention starts close to exp(−γd²) and the prediction near 0, not exp(4)-sized

/** One pocket–ligand complex: coordinates in Å, type indices into POCKET_ATOM_TYPES, and its affinity y. */
export interface PocketComplex {
  pocket: {x: number[][]; type: number[]}; // 10 atoms
  ligand: {x: number[][]; type: number[]}; // 5 atoms, bonded i–(i+1)
  y: number;
}

/** One evaluation on the test complexes. */
export interface PocketEvaluation {
  step: number;
  pearson: number; // fusion model's test Pearson r (0 when its predictions are constant)
  ligandOnlyPearson: number;
  constant: {fusion: boolean; ligandOnly: boolean}; // true where the predictions had no spread (or were not finite) and r was set to 0
}

/** The state of a run so far, for the figures. */
export interface PocketSnapshot {
  step: number;
  steps: number;
  backend: BackendName;
  losses: Record<PocketModel, number[]>; // per step: MSE on the standardised affinity, of the weights that step starts from
  evaluations: PocketEvaluation[]; // every 10 steps and at the end
  test: {truth: number[]} & Record<PocketModel, number[]>; // the latest evaluation's test predictions, in the units of y
}

/** One complex as the page draws it, with the fusion model's attention weights a_ij and prediction. */
export interface PocketExample {
  pocket: {x: number[][]; type: PocketAtomType[]};
  ligand: {x: number[][]; type: PocketAtomType[]; bonds: [number, number][]};
  attention: number[][]; // [5 ligand atoms][10 pocket atoms]: a_ij = exp(min(s_ij, 4)), unnormalised
  truth: number;
  prediction: number;
}

/** Pearson's r; predictions without spread (or not finite) give r = 0 and constant = true instead of NaN. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): {r: number; constant: boolean} {
  const n = a.length;
  let [ma, mb] = [0, 0];
  for (let i = 0; i < n; ++i) [ma, mb] = [ma + a[i] / n, mb + b[i] / n];
  let [sab, saa, sbb] = [0, 0, 0];
  for (let i = 0; i < n; ++i) {
    const [da, db] = [a[i] - ma, b[i] - mb];
    [sab, saa, sbb] = [sab + da * db, saa + da * da, sbb + db * db];
  }
  const r = sab / Math.sqrt(saa * sbb);
  if (!Number.isFinite(r) || saa <= 1e-12 * n || sbb <= 1e-12 * n) return {r: 0, constant: true};
  return {r: Math.max(-1, Math.min(1, r)), constant: false};
}
