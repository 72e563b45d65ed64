/**
 * Chapter 6 (SPEC.md section 6c): token pruning vs grounding. An 8×8 grid of patch tokens holds a
 * large, loud distractor (a 3×4 block at 2·code₀) and a small target (2 adjacent patches at
 * 1·code₁); the text asks for code₁. Patches are pruned to the top ⌈κ·64⌉ by a query-agnostic
 * [CLS] proxy, by random scores or by the text, then the query grounds to the best kept patch.
 * Query-agnostic pruning keeps the loud distractor and drops the small target the text refers to.
 * Closed form, no training, batched over scenes as tensors; the page, the tests and the command
 * line all call this.
 */
import * as tf from "@tensorflow/tfjs-core";
import {byKey} from "../../runtime/byKey.js";
import {mulberry32, normalArray, type Random, streamSeed} from "../../runtime/prng.js";
import {ParameterError, requireParameters} from "../../runtime/parameters.js";
import {activeBackend, type BackendName} from "../../runtime/runtime.js";
import {nextTask} from "../../runtime/trainingLoop.js";
import {pruningScore} from "./cells/pruningScore.js";
import {checkedCell, type EditableCell} from "../../editing/editableCells.js";
import {PRUNING_PARAMETERS, type TokenPruningConfig, type PruningMethod, PRUNING_METHOD_KEYS, PRUNING_KEEPS, PRUNING_SCENE, type PruningRow, type TokenPruningExample, keepProblem, keptCount} from "./pruningSettings.js";
import {returnedText} from "../../editing/returnedText.js";

export * from "./pruningSettings.js"; // the settings and labels, which the page imports without tfjs
const P = PRUNING_SCENE.grid * PRUNING_SCENE.grid; // 64 patches
const D = PRUNING_SCENE.width; // 16

/** A batch of scenes as flat arrays, in the layout of the tensors. */
export interface PruningScenes {
  count: number;
  patches: Float32Array; // [S · P · D] x_p
  queries: Float32Array; // [S · D] q = code₁
  targetMask: Float32Array; // [S · P] 1 on the target's patches
  targets: number[][]; // [S][2] the target's patch indices
  distractors: number[][]; // [S][12] the distractor's patch indices
}

/** The whole run, as the page shows it, the command line prints it and the tests check it. */
export interface TokenPruningResult {
  seed: number;
  backend: BackendName;
  scenes: number;
  noise: number;
  pruning: PruningRow[];
  example: TokenPruningExample;
}

/** One value per method. */
const byMethod = <T>(make: (key: PruningMethod) => T): Record<PruningMethod, T> => byKey(PRUNING_METHOD_KEYS, make);

// #region pruning
/** A random unit vector of width D (a "code"). */
function unitCode(random: Random): Float32Array {
  const code = normalArray(random, D, 1);
  const norm = Math.hypot(...code);
  return code.map((v) => v / norm);
}

/**
 * `count` scenes. Per scene: two fresh random unit codes; a 3×4 distractor block at 2·code₀ at a
 * random position; a target of 2 adjacent patches (side by side or one above the other, at random)
 * at 1·code₁, anywhere it does not overlap the distractor; every other patch is background, zero;
 * then σ·N(0, 1) noise on every entry of every patch. The query is q = code₁.
 *
 * The background holds no code, only noise, so a scene has exactly two objects: the loud one and
 * the one the text names. Codes are fresh per scene: with one shared pair the overlap code₀·code₁
 * would be one number per run, and grounding without pruning would succeed in almost every scene
 * or in almost none: the distractor's q-score 2·code₀·code₁ beats the target's 1, noise included,
 * once code₀·code₁ ≳ 0.45.
 */
export function makePruningScenes(random: Random, count: number, noise: number = PRUNING_PARAMETERS.noise.value): PruningScenes {
  const {grid, distractor: block, target: pair} = PRUNING_SCENE;
  const patches = new Float32Array(count * P * D);
  const queries = new Float32Array(count * D);
  const targetMask = new Float32Array(count * P);
  const targets: number[][] = [];
  const distractors: number[][] = [];
  for (let s = 0; s < count; ++s) {
    const code0 = unitCode(random);
    const code1 = unitCode(random);
    const top = Math.floor(random() * (grid - block.rows + 1));
    const left = Math.floor(random() * (grid - block.columns + 1));
    const distractor: number[] = [];
    for (let r = top; r < top + block.rows; ++r) for (let c = left; c < left + block.columns; ++c) distractor.push(r * grid + c);
    let target: number[];
    do {
      const across = random() < 0.5;
      const r = Math.floor(random() * (across ? grid : grid - 1));
      const c = Math.floor(random() * (across ? grid - 1 : grid));
      target = across ? [r * grid + c, r * grid + c + 1] : [r * grid + c, (r + 1) * grid + c];
    } while (target.some((p) => distractor.includes(p)));
    const noiseDraws = normalArray(random, P * D, noise); // [P · D]
    for (let p = 0; p < P; ++p) {
      const inDistractor = distractor.includes(p);
      const gain = inDistractor ? block.gain : target.includes(p) ? pair.gain : 0; // background: 0
      const code = inDistractor ? code0 : code1;
      for (let d = 0; d < D; ++d) patches[(s * P + p) * D + d] = gain * code[d] + noiseDraws[p * D + d];
    }
    queries.set(code1, s * D);
    for (const p of target) targetMask[s * P + p] = 1;
    targets.push(target);
    distractors.push(distractor);
  }
  return {count, patches, queries, targetMask, targets, distractors};
}

/**
 * Seeded random pruning scores [S · P]: per scene, a random permutation π of the patches scaled to
 * u_p = (π(p) + ½) / 64. It keeps a uniformly random set of ⌈κ·64⌉ patches, as i.i.d. U[0, 1)
 * scores would, and is never tied.
 */
export function randomScores(random: Random, count: number): Float32Array {
  const out = new Float32Array(count * P);
  const order = Array.from({length: P}, (_, p) => p);
  for (let s = 0; s < count; ++s) {
    for (let i = P - 1; i > 0; --i) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let p = 0; p < P; ++p) out[s * P + p] = (order[p] + 0.5) / P;
  }
  return out;
}

/** The [CLS] method's score: one per patch [S, P] from the scenes' patches [S, P, D] and queries [S, D, 1] (components/chapters/06-cost/cells/pruningScore.js, which a reader can edit). */
export type PruningScore = (tfjs: typeof tf, scene: {patches: tf.Tensor3D; query: tf.Tensor3D}) => tf.Tensor;

/**
 * The three pruning scores of every patch, [method (cls, random, text), S, P]; `uniforms` [S · P] are
 * the random method's scores, and `score` is the [CLS] method's (pruningScore, x_p·x̄, by default).
 */
export function pruningScores(scenes: PruningScenes, uniforms: Float32Array, score: PruningScore = pruningScore): tf.Tensor3D {
  const S = scenes.count;
  return tf.tidy(() => {
    const x = tf.tensor3d(scenes.patches, [S, P, D]); // [S, P, D]: x_p
    const q = tf.tensor3d(scenes.queries, [S, D, 1]); // [S, D, 1]: q = code₁
    const cls = tf.cast(score(tf, {patches: x, query: q}), "float32") as tf.Tensor2D; // [S, P]: x_p·x̄, the [CLS] proxy
    const random = tf.tensor2d(uniforms, [S, P]); // [S, P]: u_p
    const text = tf.reshape(tf.matMul(x, q), [S, P]); // [S, P]: q·x_p
    return tf.stack([cls, random, text]) as tf.Tensor3D; // [M = 3, S, P]
  });
}

/**
 * Prunes every scene by every method at every keep ratio and grounds the query among the kept
 * patches. Returns [K keeps, 2 (survival, grounding), M methods]: the share of scenes where at least
 * one target patch is kept, and where argmax over kept patches of q·x_p is a target patch. A method
 * keeps the patches scoring at least its k-th largest score (a tie there would keep them all; the
 * scores here are never tied).
 */
export function pruneAndGround(scores: tf.Tensor3D, text: tf.Tensor2D, targetMask: tf.Tensor2D, keeps: readonly number[]): tf.Tensor3D {
  const [M, S] = scores.shape;
  // The CPU backend broadcasts slowly, so every elementwise op below pairs tensors of one shape.
  return tf.tidy(() => {
    const flat = tf.reshape(scores, [M * S, P]); // [M·S, P]
    const sorted = tf.topk(flat, P).values; // [M·S, P]: each row's scores, falling
    const target = tf.concat(Array<tf.Tensor2D>(M).fill(targetMask)); // [M·S, P]: 1 on target patches
    const grounding = tf.concat(Array<tf.Tensor2D>(M).fill(text)); // [M·S, P]: q·x_p
    const ones = tf.ones([1, P]); // [1, P]
    const zeros = tf.zerosLike(target); // [M·S, P]
    const dropped = tf.fill([M * S, P], -Infinity); // [M·S, P]
    const rows = keeps.map((keep) => {
      const k = keptCount(keep);
      const threshold = tf.matMul(tf.slice(sorted, [0, k - 1], [M * S, 1]), ones); // [M·S, P]: the k-th largest score, on every patch
      const kept = tf.greaterEqual(flat, threshold); // [M·S, P]: the top k
      const survives = tf.max(tf.where(kept, target, zeros), 1); // [M·S]
      const choice = tf.argMax(tf.where(kept, grounding, dropped), 1); // [M·S]: grounding, argmax over kept of q·x_p
      const correct = tf.sum(tf.mul(tf.oneHot(choice, P), target), 1); // [M·S]
      return tf.stack([tf.mean(tf.reshape(survives, [M, S]), 1), tf.mean(tf.reshape(correct, [M, S]), 1)]); // [2, M]
    });
    return tf.stack(rows) as tf.Tensor3D; // [K, 2, M]
  });
}
// #endregion

// #region experiment
const SLICE = 250; // scenes generated per task: a browser tab stays responsive (~30 ms a slice)

/** makePruningScenes in slices, each in a task of its own; the same scenes as one call, since each slice draws on from the same stream. */
async function makeScenesInSlices(random: Random, count: number, noise: number): Promise<PruningScenes> {
  const slices: PruningScenes[] = [];
  for (let start = 0; start < count; start += SLICE) {
    if (start > 0) await nextTask();
    slices.push(makePruningScenes(random, Math.min(SLICE, count - start), noise));
  }
  const join = (part: (s: PruningScenes) => Float32Array) => {
    const out = new Float32Array(slices.reduce((n, s) => n + part(s).length, 0));
    let offset = 0;
    for (const slice of slices) {
      out.set(part(slice), offset);
      offset += part(slice).length;
    }
    return out;
  };
  return {
    count,
    patches: join((s) => s.patches),
    queries: join((s) => s.queries),
    targetMask: join((s) => s.targetMask),
    targets: slices.flatMap((s) => s.targets),
    distractors: slices.flatMap((s) => s.distractors)
  };
}

/** Runs the pruning table (survival and grounding per method and keep ratio) on the active backend, with one read-back. */
export async function runTokenPruning(config: Partial<TokenPruningConfig> & {keeps?: readonly number[]} = {}, {score}: {score?: PruningScore} = {}): Promise<TokenPruningResult> {
  const {keeps: keepInput = PRUNING_KEEPS, ...settings} = config;
  const {scenes: count, noise, seed} = requireParameters(PRUNING_PARAMETERS, settings);
  const keepError = Array.isArray(keepInput) ? keepProblem(keepInput) : `keep ratios must be a list, not ${JSON.stringify(keepInput)}`;
  if (keepError) throw new ParameterError([keepError]);
  const keeps = [...new Set(keepInput)].sort((a, b) => a - b);
  const backend = activeBackend();
  const scenes = await makeScenesInSlices(mulberry32(seed), count, noise);
  const uniforms = randomScores(mulberry32(streamSeed(seed, 1)), count);
  const M = PRUNING_METHOD_KEYS.length;
  const [scores, text, targetMask] = tf.tidy(() => {
    const scores = pruningScores(scenes, uniforms, score); // [M, S, P]
    const text = tf.reshape<tf.Rank.R2>(tf.slice(scores, [PRUNING_METHOD_KEYS.indexOf("text"), 0, 0], [1, count, P]), [count, P]); // [S, P]: q·x_p
    return [scores, text, tf.tensor2d(scenes.targetMask, [count, P])] as const; // [M, S, P], [S, P], [S, P]
  });
  const rows: tf.Tensor[] = [];
  let values: Float32Array;
  try {
    for (const keep of keeps) {
      await nextTask(); // one keep ratio per task: the browser tab stays responsive
      rows.push(pruneAndGround(scores, text, targetMask, [keep])); // [1, 2, M]
    }
    const state = tf.tidy(() => {
      const example = tf.slice(scores, [0, 0, 0], [M, 1, P]); // [M, 1, P]: scene 0
      return tf.concat([...rows.map((row) => tf.reshape(row, [-1])), tf.reshape(example, [-1])]); // [K·2·M + M·P]
    });
    values = (await state.data()) as Float32Array; // one read-back
    state.dispose();
  } finally {
    tf.dispose([scores, text, targetMask, ...rows]);
  }
  const pruning = keeps.map((keep, i): PruningRow => {
    const kept = keptCount(keep);
    const at = (measure: number, m: number) => values[(i * 2 + measure) * M + m];
    return {
      keep,
      kept,
      flops: (kept / P) ** 2,
      survival: byMethod((method) => at(0, PRUNING_METHOD_KEYS.indexOf(method))),
      grounding: byMethod((method) => at(1, PRUNING_METHOD_KEYS.indexOf(method)))
    };
  });
  const offset = keeps.length * 2 * M;
  const example: TokenPruningExample = {
    grid: PRUNING_SCENE.grid,
    patches: Array.from({length: P}, (_, p) => Array.from(scenes.patches.subarray(p * D, (p + 1) * D))),
    query: Array.from(scenes.queries.subarray(0, D)),
    target: scenes.targets[0],
    distractor: scenes.distractors[0],
    scores: byMethod((method) => {
      const m = PRUNING_METHOD_KEYS.indexOf(method);
      return Array.from(values.subarray(offset + m * P, offset + (m + 1) * P));
    })
  };
  return {seed, backend, scenes: count, noise, pruning, example};
}
// #endregion

/** What is wrong with a pruning score's output for S scenes of P patches, or undefined: [S, P] finite numbers, none tied at the place where keeping `kept` patches cuts. */
function scoreOutputProblem(output: unknown, scene: {patches: tf.Tensor3D}, kept: readonly number[]): string | undefined {
  const [S, N] = scene.patches.shape;
  if (!(output instanceof tf.Tensor)) return `${returnedText(output)}, not a tensor: the score is one number per patch, a [${S}, ${N}] tensor`;
  if (output.rank !== 2 || output.shape[0] !== S || output.shape[1] !== N) return `${returnedText(output)}, not [${S}, ${N}]: one score per patch of every scene`;
  const values = output.dataSync(); // the worker runs WASM or the CPU, where this is cheap
  for (let s = 0; s < S; ++s) {
    const row = Float64Array.from(values.subarray(s * N, (s + 1) * N)).sort().reverse(); // highest first
    const bad = row.find((value) => !Number.isFinite(value));
    if (bad !== undefined) return `a score of ${bad} in scene ${s + 1}: every score must be a finite number`;
    const tie = kept.find((k) => k < N && row[k - 1] === row[k]);
    if (tie !== undefined) return `tied scores in scene ${s + 1}: patches ${tie} and ${tie + 1} (in score order) both score ${row[tie]}, so which ${tie} patches to keep is not defined; give every patch a score of its own (add a little noise, say)`;
  }
  return undefined;
}

/** What an edited pruning score computes: its survival and grounding rates at every keep ratio the page shows. */
export interface PruningScoreOutcome {
  backend: BackendName;
  scenes: number;
  rows: {keep: number; kept: number; survival: number; grounding: number}[];
}

/**
 * Chapter 6's editable cell, the pruning score (components/chapters/06-cost/cells/pruningScore.js): with the reader's
 * score in place of the [CLS] proxy, the scenes are pruned and grounded again (the page's scenes,
 * noise, seed and keep ratios, on the worker's backend).
 */
export const PRUNING_SCORE_CELL: EditableCell = {
  title: "the pruning score",
  file: "pruningScore.js",
  async run(fn, config): Promise<PruningScoreOutcome> {
    const settings = config as Partial<TokenPruningConfig> & {keeps?: number[]};
    const kept = (Array.isArray(settings.keeps) ? settings.keeps : PRUNING_KEEPS).map((keep) => keptCount(keep));
    const score = checkedCell<Parameters<PruningScore>, tf.Tensor>(fn, (output, _tfjs, scene) => scoreOutputProblem(output, scene, kept));
    const {backend, scenes, pruning} = await runTokenPruning(settings, {score});
    return {backend, scenes, rows: pruning.map(({keep, kept, survival, grounding}) => ({keep, kept, survival: survival.cls, grounding: grounding.cls}))};
  }
};
