/**
 * The top-k error experiment's settings and the shape of what it reports, as plain data apart from its tfjs code
 * (topKError.ts), so the page can draw without loading tfjs: the run is in the experiment worker.
 */
import {seedParameter, type ParameterValues} from "../../runtime/parameters.js";
import type {BackendName} from "../../runtime/backends.js";

/** The experiment's settings (SPEC.md 6b: N = M = 256, d = 32, seed 1). */
export const TOPK_ERROR_PARAMETERS = {
  n: {label: "tokens N = M", value: 256, min: 16, max: 512, step: 16, integer: true, description: "queries and keys, the same number of each"},
  d: {label: "width d", value: 32, min: 4, max: 128, step: 4, integer: true, description: "the width of queries, keys and values"},
  seed: seedParameter("seed of Q, K, V and the cluster centres")
};

/** The values of TOPK_ERROR_PARAMETERS. */
export type TopKErrorConfig = ParameterValues<typeof TOPK_ERROR_PARAMETERS>;

/** One k of the sweep: relative error, mean top-k mass, and the bound on the error, relative the same way. */
export interface TopKErrorPoint {
  k: number;
  error: number; // ‖o_k − o‖_F / ‖o‖_F
  mass: number; // mean over queries of m_k
  bound: number; // √(Σ_i (2(1 − m_k,i)·max_j‖v_j‖)²) / ‖o‖_F
}

/** SPEC.md 6b's table for one seed. */
export interface TopKErrorResult {
  seed: number;
  backend: BackendName;
  n: number;
  d: number;
  diffuse: TopKErrorPoint[];
  clustered: TopKErrorPoint[];
  effectiveSupport: {diffuse: number; clustered: number}; // mean over queries of e^H of the dense softmax row
}
