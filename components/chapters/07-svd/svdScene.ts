/**
 * Chapter 7's settings and planted scene as plain data apart from the SVD's tfjs code (coAttentionSVD.ts), so
 * the page can label its figures without loading tfjs: the affinity and its SVD are computed in the experiment
 * worker.
 */
import {seedParameter, type ParameterValues} from "../../runtime/parameters.js";

/** The experiment's settings (SPEC.md 7: σ = 0.05, a = 1, 100 iterations per vector, seed 1). */
export const SVD_PARAMETERS = {
  noise: {label: "noise σ", value: 0.05, min: 0, max: 0.5, step: 0.005, description: "every entry of X and of Y gets σ·N(0, 1)"},
  strength3: {
    label: "cat strength a₃",
    value: 1,
    min: 0.25,
    max: 3,
    step: 0.01,
    description: "gain of the cat's patches (a₁ = a₂ = 1 fixed); a₃ = √2 ≈ 1.41 ties σ₃ with σ₂, and then only the subspace is identifiable"
  },
  iterations: {label: "power iterations", value: 100, min: 1, max: 500, step: 1, integer: true, description: "steps v ← Gv/‖Gv‖ per singular vector"},
  seed: seedParameter("seed of the concept directions μ_k, the noise and the power iteration's start vectors")
};

/** The values of SVD_PARAMETERS. */
export type SVDConfig = ParameterValues<typeof SVD_PARAMETERS>;

/** One planted concept: its name, the patches S_k (index = row·8 + column) and the tokens T_k it covers. */
export interface SVDConcept {
  name: string;
  patches: number[];
  tokens: number[];
}

/** The patches of rows [top, bottom] × columns [left, right] of an 8-wide grid, row by row. */
function block(top: number, bottom: number, left: number, right: number): number[] {
  const out: number[] = [];
  for (let row = top; row <= bottom; ++row) for (let column = left; column <= right; ++column) out.push(row * 8 + column);
  return out;
}

/** The fixed scene (SPEC.md 7): an 8 × 8 grid, width 32, a 16-token caption and 3 concepts, strongest first at a = 1. */
export const SVD_SCENE: {grid: number; d: number; tokens: string[]; concepts: SVDConcept[]} = {
  grid: 8,
  d: 32,
  tokens: ["the", "big", "red", "barn", "roof", "near", "a", "white", "dog", "and", "a", "black", "cat", "in", "the", "morning"],
  concepts: [
    {name: "barn", patches: block(0, 3, 0, 3), tokens: [1, 2, 3, 4]}, // 16 patches, "big red barn roof"
    {name: "dog", patches: block(5, 6, 4, 7), tokens: [7, 8]}, // 8 patches, "white dog"
    {name: "cat", patches: block(5, 6, 1, 2), tokens: [11, 12]} // 4 patches, "black cat"
  ]
};
