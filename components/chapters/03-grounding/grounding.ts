/**
 * Chapter 3 (SPEC.md section 3): QKV cross-attention grounding of "the red ball left of / closest to
 * the blue cube". Keys are colour ⊕ shape one-hots, values are positions; a two-step attention finds
 * the anchor, then scores content plus relation. Everything is closed form (no training), batched
 * over scenes as tensors; the page, the tests and the command line all call this.
 */
import * as tf from "@tensorflow/tfjs-core";
import {mulberry32, type Random} from "../../runtime/prng.js";
import {requireParameters} from "../../runtime/parameters.js";
import {activeBackend, type BackendName} from "../../runtime/runtime.js";
import {compositeQuery as courseCompositeQuery} from "./cells/compositeQuery.js";
import {checkedCell, type EditableCell} from "../../editing/editableCells.js";
import {type Task, KEY_SIZE, type Scene, type Kind, GROUNDING_PARAMETERS, type GroundingConfig, GROUNDING_CONSTANTS, BETA1S, DEFAULT_QUERY, embed, wordEmbedding, makeScenes, type TwoStepTrace, type CoAttentionMaps} from "./groundingScenes.js";
import {returnedText} from "../../editing/returnedText.js";

export * from "./groundingScenes.js"; // the scenes, phrases and settings, which the page uses without tfjs

// #region attention
/** Scenes as tensors' data: keys [S, N, 7], positions [S, N, 2], x [S, N], "left" mask [S, N], target one-hot [S, N]. */
interface SceneArrays {
  S: number;
  N: number;
  keys: Float32Array;
  positions: Float32Array;
  xs: Float32Array;
  isLeft: Float32Array;
  targets: Float32Array;
}
function sceneArrays(scenes: Scene[]): SceneArrays {
  const S = scenes.length;
  const N = scenes[0].objects.length;
  const keys = new Float32Array(S * N * KEY_SIZE);
  const positions = new Float32Array(S * N * 2);
  const xs = new Float32Array(S * N);
  const isLeft = new Float32Array(S * N);
  const targets = new Float32Array(S * N);
  scenes.forEach((scene, s) => {
    if (scene.objects.length !== N) throw new Error(`every scene needs ${N} objects; scene ${s} has ${scene.objects.length}`);
    scene.objects.forEach((o, j) => {
      keys.set(embed(o.colour, o.shape), (s * N + j) * KEY_SIZE);
      positions[(s * N + j) * 2] = o.x;
      positions[(s * N + j) * 2 + 1] = o.y;
      xs[s * N + j] = o.x;
      isLeft[s * N + j] = scene.task === "left" ? 1 : 0;
    });
    targets[s * N + scene.target] = 1;
  });
  return {S, N, keys, positions, xs, isLeft, targets};
}

/** Rows of length `width` from a flat array, from `offset` on. */
function rows(values: ArrayLike<number>, offset: number, count: number, width: number): number[][] {
  return Array.from({length: count}, (_, i) => Array.from({length: width}, (_, j) => values[offset + i * width + j]));
}

/** Step 2's scores s [S, N] from the keys [S, N, 7], positions [S, N, 2], step 1's anchor estimate [S, 2] and the target's query [7] (components/chapters/03-grounding/cells/compositeQuery.js, which a reader can edit). */
export type CompositeQuery = (tensorflow: typeof tf, keys: tf.Tensor3D, positions: tf.Tensor3D, anchor: tf.Tensor2D, q: tf.Tensor1D, relation: Task, constants: typeof GROUNDING_CONSTANTS) => tf.Tensor2D;

type TwoStepOptions = {beta1: number; query?: {target: Kind; anchor: Kind}; compositeQuery?: CompositeQuery};

/**
 * Two-step grounding on a batch of scenes: find the anchor with softmax(β₁Kq₁), then argmax of the
 * composite query's scores, content + relation (task from each scene; the course's query, or `compositeQuery`).
 */
export async function twoStepAttention(scenes: Scene[], options: TwoStepOptions): Promise<TwoStepTrace> {
  if (scenes.length === 0) return {step1: [], anchorEstimate: [], step2: [], predictions: []};
  const arrays = sceneArrays(scenes);
  const {S, N} = arrays;
  const values = await twoStepValues(arrays, tasksOf(scenes), options);
  const at = twoStepLayout(arrays);
  return {
    step1: rows(values, at.step1, S, N),
    anchorEstimate: rows(values, at.anchorEstimate, S, 2),
    step2: rows(values, at.step2, S, N),
    predictions: Array.from(values.subarray(at.predictions), Math.round)
  };
}

/** Where each part of twoStepValues' flat read-back starts: step 1 [S·N], the anchor estimate [S·2], step 2 [S·N], the predictions [S]. */
const twoStepLayout = ({S, N}: {S: number; N: number}) => ({step1: 0, anchorEstimate: S * N, step2: S * N + S * 2, predictions: 2 * S * N + S * 2});

/** The relations a batch of scenes asks, each once. */
const tasksOf = (scenes: Scene[]): Task[] => [...new Set(scenes.map((scene) => scene.task))];

/** twoStepAttention's numbers, flat as read back (twoStepLayout). */
async function twoStepValues({S, N, keys: keyData, positions: positionData, isLeft: leftData}: SceneArrays, tasks: Task[], options: TwoStepOptions): Promise<Float32Array> {
  const {target, anchor} = options.query ?? DEFAULT_QUERY;
  const compositeQuery = options.compositeQuery ?? (courseCompositeQuery as CompositeQuery);
  const state = tf.tidy(() => {
    const keys = tf.tensor3d(keyData, [S, N, KEY_SIZE]); // [S, N, 7]: k_j = colour ⊕ shape
    const positions = tf.tensor3d(positionData, [S, N, 2]); // [S, N, 2]: v_j = (x_j, y_j)
    const q1 = tf.tensor2d(embed(anchor.colour, anchor.shape), [KEY_SIZE, 1]); // [7, 1]: e_blue ⊕ e_cube
    const q2 = tf.tensor1d(embed(target.colour, target.shape)); // [7]: e_red ⊕ e_ball
    // Step 1: α⁽¹⁾ = softmax(β₁ K q₁), p̂_b = Σ_j α⁽¹⁾_j p_j.
    const step1 = tf.softmax(tf.mul(options.beta1, tf.reshape(tf.matMul(tf.reshape(keys, [S * N, KEY_SIZE]), q1), [S, N]))); // [S, N]
    const anchorEstimate = tf.reshape(tf.matMul(tf.reshape(step1, [S, 1, N]), positions), [S, 2]) as tf.Tensor2D; // [S, 2]
    // Step 2: s_j = β₂ q₂ᵀk_j + relation_j, the composite query (components/chapters/03-grounding/cells/compositeQuery.js), for each relation the scenes ask.
    const scoresFor = (relation: Task) => compositeQuery(tf, keys, positions, anchorEstimate, q2, relation, {...GROUNDING_CONSTANTS}); // [S, N]
    const isLeft = tf.tensor2d(leftData, [S, N]); // [S, N]: 1 in a "left of" scene, 0 in a "closest to" one
    const scores = tasks.length === 1 ? scoresFor(tasks[0]) : tf.add(tf.mul(isLeft, scoresFor("left")), tf.mul(tf.sub(1, isLeft), scoresFor("closest"))); // [S, N]
    const step2 = tf.softmax(scores); // [S, N]
    const predictions = tf.cast(tf.argMax(scores, 1), "float32"); // [S]
    return tf.concat([tf.reshape(step1, [S * N]), tf.reshape(anchorEstimate, [S * 2]), tf.reshape(step2, [S * N]), predictions]); // [S·(2N + 3)], in twoStepLayout's order
  });
  const values = (await state.data()) as Float32Array; // one read-back
  state.dispose();
  return values;
}

/** Token-level affinity co-attention for one scene (as in Xiong et al. 2017's coattention encoder): C = β·(word embedding)·(object key)ᵀ, softmax over the objects for each word (rows) and over the words for each object (columns). */
export async function coAttentionMaps(words: string[], scene: Scene, beta: number = GROUNDING_CONSTANTS.beta2): Promise<CoAttentionMaps> {
  const W = words.length;
  const N = scene.objects.length;
  if (W === 0 || N === 0) return {words: [...words], textToImage: [], imageToText: scene.objects.map(() => [])};
  const state = tf.tidy(() => {
    const text = tf.tensor2d(words.map(wordEmbedding), [W, KEY_SIZE]); // [W, 7]: zero rows for "left", "of", …
    const keys = tf.tensor2d(scene.objects.map((o) => embed(o.colour, o.shape)), [N, KEY_SIZE]); // [N, 7]
    const affinity = tf.mul(beta, tf.matMul(text, keys, false, true)); // [W, N]: C
    const textToImage = tf.softmax(affinity); // [W, N]
    const imageToText = tf.softmax(tf.transpose(affinity)); // [N, W]
    return tf.concat([tf.reshape(textToImage, [W * N]), tf.reshape(imageToText, [N * W])]); // [2·W·N]
  });
  const values = await state.data();
  state.dispose();
  return {words: [...words], textToImage: rows(values, 0, W, N), imageToText: rows(values, W * N, N, W)};
}
// #endregion

// #region experiment
/** The numbers of the chapter's accuracy sweep, its baselines and its co-attention masses, for one seed. */
export interface GroundingResult {
  seed: number;
  backend: BackendName;
  beta1s: number[];
  twoStep: {left: number[]; closest: number[]}; // accuracy per β₁
  anchorError: number[]; // mean |x̂_b − x_b| per β₁, "left" task
  oneStep: number; // accuracy of argmax (e_red ⊕ e_ball)ᵀk_j, random tie-break, "left" scenes
  bagOfWords: number; // accuracy of argmax (red + ball + blue + cube)ᵀk_j, random tie-break, "left" scenes
  leftmostShortcut: {left: number; closest: number}; // accuracy of "the leftmost red ball"
  tokenMassOnTarget: number; // the target's mass when one of its own words, "red" or "ball", alone queries (β = β₂), mean over the two words and the scenes
  phraseMassOnTarget: number; // the target's mass when "red ball" queries (β = β₂)
}

/** Baselines on one batch of scenes; scores come back once and ties are broken with `random`. */
async function baselines(scenes: Scene[], random: Random): Promise<{oneStep: number; bagOfWords: number; leftmost: number; tokenMass: number; phraseMass: number}> {
  const {S, N, keys: keyData, xs: xData, targets: targetData} = sceneArrays(scenes);
  const {target, anchor} = DEFAULT_QUERY;
  const tokens = [embed(target.colour), embed(undefined, target.shape), embed(anchor.colour), embed(undefined, anchor.shape)]; // red, ball, blue, cube
  const targetWords = tokens.slice(0, 2); // red, ball: the words that name the target
  const beta = GROUNDING_CONSTANTS.beta2;
  const state = tf.tidy(() => {
    const keys = tf.tensor2d(keyData, [S * N, KEY_SIZE]); // [S·N, 7]
    const x = tf.tensor2d(xData, [S, N]); // [S, N]
    const targetOneHot = tf.tensor3d(targetData, [S, 1, N]); // [S, 1, N]
    const phrase = tf.tensor2d(embed(target.colour, target.shape), [KEY_SIZE, 1]); // [7, 1]: red ⊕ ball
    const bag = tf.tensor2d(tokens.reduce((sum, t) => sum.map((v, i) => v + t[i])), [KEY_SIZE, 1]); // [7, 1]: red + ball + blue + cube
    const words = tf.tensor2d(targetWords, [targetWords.length, KEY_SIZE]); // [2, 7]: red, ball
    const content = tf.reshape(tf.matMul(keys, phrase), [S, N]); // [S, N]: 2 for a red ball
    const bagScores = tf.reshape(tf.matMul(keys, bag), [S, N]); // [S, N]
    const isReferentKind = tf.equal(content, 2); // [S, N]
    const leftmost = tf.cast(tf.argMin(tf.where(isReferentKind, x, tf.fill([S, N], Infinity)), 1), "float32"); // [S]
    const tokenScores = tf.transpose(tf.reshape(tf.matMul(keys, words, false, true), [S, N, targetWords.length]), [0, 2, 1]); // [S, 2, N]
    const tokenAttention = tf.softmax(tf.mul(beta, tokenScores)); // [S, 2, N]: each word's softmax over the objects
    const tokenMass = tf.mean(tf.sum(tf.mul(tokenAttention, targetOneHot), 2)); // []: the target's mass, mean over scenes and the two words
    const phraseAttention = tf.softmax(tf.mul(beta, content)); // [S, N]
    const phraseMass = tf.mean(tf.sum(tf.mul(phraseAttention, tf.reshape(targetOneHot, [S, N])), 1)); // []
    return tf.concat([tf.reshape(content, [S * N]), tf.reshape(bagScores, [S * N]), leftmost, tf.stack([tokenMass, phraseMass])]); // [2·S·N + S + 2]
  });
  const values = await state.data();
  state.dispose();
  const argmaxRandomTie = (offset: number, s: number) => {
    const row = values.subarray(offset + s * N, offset + (s + 1) * N);
    const best = Math.max(...row);
    const ties = [...row.keys()].filter((j) => row[j] === best);
    return ties[Math.floor(random() * ties.length)];
  };
  const accuracy = (predict: (s: number) => number) => scenes.filter((scene, s) => predict(s) === scene.target).length / S;
  return {
    oneStep: accuracy((s) => argmaxRandomTie(0, s)),
    bagOfWords: accuracy((s) => argmaxRandomTie(S * N, s)),
    leftmost: accuracy((s) => values[2 * S * N + s]),
    tokenMass: values[2 * S * N + S],
    phraseMass: values[2 * S * N + S + 1]
  };
}

/** The two-step accuracy per β₁ on both tasks' scenes, and the anchor error on the "left" ones, with the course's composite query or `compositeQuery`. */
async function sweepBeta1(scenes: Record<Task, Scene[]>, beta1s: number[], compositeQuery?: CompositeQuery): Promise<{twoStep: Record<Task, number[]>; anchorError: number[]}> {
  // Each task's scenes become arrays once; each β₁ reads back only the predictions and the anchor's x (twoStepLayout).
  const batches = {left: sceneArrays(scenes.left), closest: sceneArrays(scenes.closest)};
  const tasks = {left: tasksOf(scenes.left), closest: tasksOf(scenes.closest)};
  const accuracy = (values: Float32Array, arrays: SceneArrays, batch: Scene[]) => {
    const {predictions} = twoStepLayout(arrays);
    return batch.filter((scene, s) => Math.round(values[predictions + s]) === scene.target).length / batch.length;
  };
  const twoStep = {left: [] as number[], closest: [] as number[]};
  const anchorError: number[] = [];
  for (const b of beta1s) {
    const left = await twoStepValues(batches.left, tasks.left, {beta1: b, compositeQuery});
    const closest = await twoStepValues(batches.closest, tasks.closest, {beta1: b, compositeQuery});
    twoStep.left.push(accuracy(left, batches.left, scenes.left));
    twoStep.closest.push(accuracy(closest, batches.closest, scenes.closest));
    const {anchorEstimate} = twoStepLayout(batches.left);
    anchorError.push(scenes.left.reduce((sum, scene, s) => sum + Math.abs(left[anchorEstimate + 2 * s] - scene.objects[scene.anchor].x), 0) / scenes.left.length);
  }
  return {twoStep, anchorError};
}

/** The β₁ values of the sweep: BETA1S and the chosen one. */
const sweptBeta1s = (beta1: number) => [...new Set([...BETA1S, beta1])].sort((a, b) => a - b);

/** Runs the chapter's experiment (β₁ sweep, baselines, co-attention masses) on the active backend; closed form, no training. */
export async function runGrounding(config: Partial<GroundingConfig> = {}): Promise<GroundingResult> {
  const {beta1, scenes: count, seed} = requireParameters(GROUNDING_PARAMETERS, config);
  const backend = activeBackend();
  const scenes = {left: makeScenes(count, seed, "left"), closest: makeScenes(count, seed, "closest")};
  const beta1s = sweptBeta1s(beta1);
  const {twoStep, anchorError} = await sweepBeta1(scenes, beta1s);
  const tieBreak = mulberry32((seed ^ 0x9e3779b9) >>> 0);
  const left = await baselines(scenes.left, tieBreak);
  const closest = await baselines(scenes.closest, tieBreak);
  return {
    seed,
    backend,
    beta1s,
    twoStep,
    anchorError,
    oneStep: left.oneStep,
    bagOfWords: left.bagOfWords,
    leftmostShortcut: {left: left.leftmost, closest: closest.leftmost},
    tokenMassOnTarget: left.tokenMass,
    phraseMassOnTarget: left.phraseMass
  };
}
// #endregion

/** What is wrong with a composite query's output for keys [S, N, 7], or undefined: it must be a tensor [S, N], one score per object of each scene. */
function queryProblem(output: unknown, _tf: unknown, keys: tf.Tensor3D): string | undefined {
  const [S, N] = keys.shape;
  if (!(output instanceof tf.Tensor)) return `${returnedText(output)}, not a tensor of shape [${S}, ${N}]: one score per object of each scene, computed with tf.… operations`;
  if (output.shape.length !== 2 || output.shape[0] !== S || output.shape[1] !== N) return `${returnedText(output)}, not [${S}, ${N}]: one score per object of each scene (${S} scenes × ${N} objects)`;
  return undefined;
}

/** The β₁ sweep with a reader's composite query, as plain data. */
export interface GroundingCellResult {
  scenes: number; // per task
  beta1s: number[];
  twoStep: {left: number[]; closest: number[]}; // accuracy per β₁
}

/**
 * Chapter 3's editable cell, step 2's composite query (components/chapters/03-grounding/cells/compositeQuery.js): the β₁
 * sweep of both tasks is computed again with the reader's query, on the same scenes as the page's
 * (its seed and number of scenes), on the worker's backend.
 */
export const GROUNDING_CELL: EditableCell = {
  title: "the composite query",
  file: "compositeQuery.js",
  async run(fn, config) {
    const compositeQuery = checkedCell(fn, queryProblem) as unknown as CompositeQuery;
    const {beta1, scenes: count, seed} = requireParameters(GROUNDING_PARAMETERS, config as Partial<GroundingConfig>);
    const scenes = {left: makeScenes(count, seed, "left"), closest: makeScenes(count, seed, "closest")};
    const beta1s = sweptBeta1s(beta1);
    const {twoStep} = await sweepBeta1(scenes, beta1s, compositeQuery);
    return {scenes: count, beta1s, twoStep} satisfies GroundingCellResult;
  }
};
