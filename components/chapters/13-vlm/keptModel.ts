/**
 * Chapter 13's trained models as tfjs model artifacts (tf.io's format: a JSON topology, weight specs and one
 * buffer of float32 weights), so a trained run can be kept in the browser's IndexedDB through tfjs's own
 * `indexeddb://` storage, downloaded as `model.json` + `weights.bin`, and loaded back. The topology holds the
 * run's settings and its record (losses, held-out evaluations), so a restored run draws every figure as it
 * was trained. Framework-free: the worker and the tests call it.
 */
import * as tf from "@tensorflow/tfjs-core";
import {parameterProblem} from "../../runtime/parameters.js";
import {vlmWeightLayout, type VlmWeights} from "./vlmModel.js";
import {VLM_MODEL_KEYS, VLM_PARAMETERS, type VlmConfig, type VlmModel} from "./vlmSettings.js";
import type {VlmSnapshot} from "./vlmTrainer.js";

/** What a kept model's topology says it is; anything else is refused. */
export const VLM_MODEL_FORMAT = "cross-modal-attention/chapter-13-vlm@1";

/** The topology of a kept model: the format, the settings it was trained with, and its record. */
export interface VlmKeptTopology {
  format: typeof VLM_MODEL_FORMAT;
  config: VlmConfig;
  snapshot: VlmSnapshot;
  savedAt: string; // ISO date and time
}

/** Where tfjs's IndexedDB storage keeps the run of these settings: one model per settings, so a link's settings find their own. */
export function vlmStoreUrl(config: VlmConfig): string {
  const settings = (Object.keys(VLM_PARAMETERS) as (keyof VlmConfig)[]).map((key) => `${key}=${config[key]}`).join("&");
  return `indexeddb://cross-modal-attention/13-vlm?${settings}`;
}

/** The three models' weights, settings and record as tfjs model artifacts (weights named `model/weight`, in layout order). */
export async function vlmArtifacts(weights: Record<VlmModel, VlmWeights>, config: VlmConfig, snapshot: VlmSnapshot): Promise<tf.io.ModelArtifacts> {
  const named = VLM_MODEL_KEYS.flatMap((model) => vlmWeightLayout(model).map(({name}) => ({name: `${model}/${name}`, tensor: weights[model][name] as tf.Tensor})));
  const {data, specs} = await tf.io.encodeWeights(named);
  const modelTopology: VlmKeptTopology = {format: VLM_MODEL_FORMAT, config: {...config}, snapshot, savedAt: new Date().toISOString()};
  return {modelTopology, weightSpecs: specs, weightData: data, format: VLM_MODEL_FORMAT, generatedBy: "Cross-Modal Attention, live: chapter 13"};
}

/** What is wrong with artifacts offered as a kept chapter-13 model, in words a reader can act on; undefined if nothing. */
export function vlmArtifactsProblem(artifacts: tf.io.ModelArtifacts): string | undefined {
  const topology = artifacts.modelTopology as Partial<VlmKeptTopology> | undefined;
  if (!topology || typeof topology !== "object" || topology.format !== VLM_MODEL_FORMAT) return `it is not a model this chapter saved (its format is ${JSON.stringify((topology as {format?: unknown} | undefined)?.format ?? artifacts.format ?? "missing")}, not "${VLM_MODEL_FORMAT}")`;
  const config = topology.config as Record<string, unknown> | undefined;
  for (const [key, spec] of Object.entries(VLM_PARAMETERS)) {
    const problem = parameterProblem(spec, String(config?.[key]));
    if (problem) return `its settings are not ones this page can train: ${problem}`;
  }
  const snapshot = topology.snapshot;
  if (!snapshot || snapshot.step !== config!.steps || !Array.isArray(snapshot.evaluations) || snapshot.evaluations.length === 0) return "it holds no finished run (a model is kept once all its steps are taken)";
  const specs = new Map((artifacts.weightSpecs ?? []).map((spec) => [spec.name, spec]));
  const expected = VLM_MODEL_KEYS.reduce((sum, model) => sum + vlmWeightLayout(model).length, 0);
  if (specs.size !== expected) return `it lists ${specs.size} weights, where the three models have ${expected}`;
  let bytes = 0;
  for (const model of VLM_MODEL_KEYS) {
    for (const {name, shape} of vlmWeightLayout(model)) {
      const spec = specs.get(`${model}/${name}`);
      if (!spec) return `its weights lack ${model}/${name}`;
      if (spec.dtype !== "float32" || spec.shape.join("×") !== shape.join("×")) return `its weight ${model}/${name} is ${spec.dtype ?? "float32"} [${spec.shape.join(", ")}], not float32 [${shape.join(", ")}]`;
      bytes += 4 * shape.reduce((a, b) => a * b, 1);
    }
  }
  const data = artifacts.weightData;
  const length = data === undefined ? 0 : Array.isArray(data) ? data.reduce((sum, part) => sum + part.byteLength, 0) : data.byteLength;
  if (length !== bytes) return `its weights hold ${length} bytes, where the model needs ${bytes}`;
  return undefined;
}

/** The weights of kept artifacts (checked by vlmArtifactsProblem first), per model and name: tensors the caller disposes. */
export function decodeVlmWeights(artifacts: tf.io.ModelArtifacts): Record<VlmModel, Record<string, tf.Tensor>> {
  const decoded = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
  return Object.fromEntries(VLM_MODEL_KEYS.map((model) => [model, Object.fromEntries(vlmWeightLayout(model).map(({name}) => [name, decoded[`${model}/${name}`]]))])) as Record<VlmModel, Record<string, tf.Tensor>>;
}
