/**
 * Chapter 9b (SPEC.md section 9b): "ship or sheep?" An ASR N-best list of acoustically confusable
 * nouns is rescored by how well each hypothesis aligns with the regions of an image,
 *
 *   ĥ = argmax_h  log p_ac(h) + log p_lm(h) + λβ·A(h, I),   A(h, I) = max_r cos(e_h, r),
 *
 * with attention softmax(β cos) over the regions, β = 10, and a uniform unigram language model
 * (a constant, so it never changes the argmax: the language model cannot tell confusables apart).
 * A gate applies the visual term only when max_h A(h, I) > gate, which protects the decision from an
 * image that shows none of the hypotheses. Closed form, no training; the page, the tests and the
 * command line all call this.
 *
 * Which alignment reproduces SPEC's table: both. The decision uses the hard form λβ·max_r cos, the
 * one SPEC names; the soft form (1/β)·log Σ_r e^{β cos} is measured on the same trials and reported
 * as `soft`. At 5000 trials, seeds 1 / 2 / 3, against SPEC's baseline .40 and λ = .1 / .25 / .5 / 1
 * = .60 / .84 / .97 / .999:
 *   hard: baseline .400 / .396 / .412; λ = .1: .588 / .598 / .599; .25: .817 / .825 / .837;
 *         .5: .967 / .967 / .976; 1: .999 / .999 / 1.000
 *   soft: λ = .1: .579 / .583 / .589; .25: .797 / .809 / .819; .5: .961 / .962 / .971; 1: .999 / .999 / 1.000
 * The hard form lands closer at λ = .1 and .25 (both sit 0.00–0.04 under SPEC's .60 and .84 there).
 * Irrelevant image at λ = 1 (SPEC .33, below baseline): .328 / .311 / .333 ungated (soft .333 /
 * .323 / .340); gated (SPEC .40) .400 / .396 / .412, since the gate opens on 3 / 1 / 0 of the 5000
 * irrelevant images (and on 99.98–100% of the relevant ones, so gated = rescored there).
 */
import * as tf from "@tensorflow/tfjs-core";
import {gaussian, mulberry32, type Random, streamSeed} from "../../runtime/prng.js";
import {requireParameters} from "../../runtime/parameters.js";
import {activeBackend, type BackendName} from "../../runtime/runtime.js";
import {nextTask, type RunOptions} from "../../runtime/trainingLoop.js";
import {argmax} from "../../runtime/argmax.js";
import {alignmentScore} from "./cells/alignmentScore.js";
import {checkedCell, type EditableCell} from "../../editing/editableCells.js";
import {ASR_CONFUSION_SETS, ASR_VOCABULARY, ASR_CONSTANTS, ASR_LANGUAGE_SCORE, ASR_PARAMETERS, type AsrConfig} from "./asrSettings.js";
import {returnedText} from "../../editing/returnedText.js";

export * from "./asrSettings.js"; // the settings and labels, which the page imports without tfjs
const {dimension: D, hypotheses: H, regions: R, regionNoise: NOISE, beta: BETA} = ASR_CONSTANTS;
const K = ASR_VOCABULARY.length; // 20
const SET = ASR_CONFUSION_SETS[0].length;

/** The visual weights of the sweep (SPEC.md 9b's table, plus 0 = acoustic only and 2). */
export const ASR_LAMBDAS = [0, 0.1, 0.25, 0.5, 1, 2];

/** One hypothesis of the worked example: its score, term by term, and its attention over the regions. */
export interface AsrHypothesis {
  word: string;
  acoustic: number; // log p_ac(h)
  language: number; // log p_lm(h), the same for every noun
  alignment: number; // A(h, I) = max_r cos(e_h, r)
  visual: number; // λβ·A, or 0 when the gate is shut
  total: number; // acoustic + language + visual
  attention: number[]; // softmax(β cos) over the 5 regions
}

/** One worked trial on its relevant image, scored at config.lambda with the gate. */
export interface AsrExample {
  trial: number;
  truth: string;
  regions: string[]; // the objects of the 5 regions, in image order
  hypotheses: AsrHypothesis[]; // the N-best list, in its (shuffled) order
  gateOpen: boolean; // max_h A > gate
  acousticChoice: string; // argmax of acoustic (+ language)
  rescoredChoice: string; // argmax of total
}

/** SPEC.md 9b's numbers for one seed: accuracies of the 1-best against the true word. */
export interface AsrResult {
  seed: number;
  backend: BackendName;
  trials: number;
  margin: number;
  gate: number;
  lambda: number;
  baseline: number; // acoustic-only 1-best accuracy
  lambdas: number[]; // ASR_LAMBDAS
  rescored: number[]; // per λ: relevant image, no gate
  gated: number[]; // per λ: relevant image, with the gate
  irrelevant: {ungated: number; gated: number; ungatedByLambda: number[]; gatedByLambda: number[]}; // ungated, gated at λ = 1
  atLambda: {rescored: number; gated: number; irrelevantUngated: number; irrelevantGated: number}; // at config.lambda
  soft: {rescored: number[]; irrelevant: number[]}; // per λ, no gate, with A = (1/β) log Σ_r e^{β cos} instead
  gateOpen: {relevant: number; irrelevant: number}; // fraction of trials whose gate opens
  example: AsrExample;
}

/** A random unit embedding in R^16 for each of the 20 nouns, from the seed's own stream: [20 · 16]. */
export function wordEmbeddings(seed: number): Float32Array {
  const random = mulberry32(streamSeed(seed, 1));
  const out = new Float32Array(K * D);
  for (let w = 0; w < K; ++w) {
    const row = Array.from({length: D}, () => gaussian(random));
    const length = Math.hypot(...row);
    for (let j = 0; j < D; ++j) out[w * D + j] = row[j] / length;
  }
  return out;
}

/** One image per trial: the objects of its regions and the noise added to their embeddings. */
export interface AsrImages {
  objects: Int32Array; // [trials · 5] word indices
  noise: Float32Array; // [trials · 5 · 16] N(0, 1) draws, scaled by 0.1 when the regions are built
}

/** The trials' draws, independent of μ: the acoustic score of hypothesis h is μ·1[h true] + noise. */
export interface AsrTrials {
  count: number;
  truth: Int32Array; // [trials] word index
  hypotheses: Int32Array; // [trials · 4] word indices: the truth's confusion set, shuffled
  noise: Float32Array; // [trials · 4] N(0, 1)
  relevant: AsrImages; // the truth plus 4 non-candidates, shuffled
  irrelevant: AsrImages; // 5 non-candidates (object absent)
}

/** Fisher–Yates shuffle in place. */
function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; --i) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** `count` distinct nouns outside confusion set `set`. */
function nonCandidates(random: Random, set: number, count: number): number[] {
  const others = ASR_VOCABULARY.map((_, w) => w).filter((w) => Math.floor(w / SET) !== set);
  return shuffle(random, others).slice(0, count);
}

/** Draws `count` trials from the seed's trial stream; trial i is the same whatever the count. */
export function asrTrials(seed: number, count: number): AsrTrials {
  const random = mulberry32(streamSeed(seed, 2));
  const trials: AsrTrials = {
    count,
    truth: new Int32Array(count),
    hypotheses: new Int32Array(count * H),
    noise: new Float32Array(count * H),
    relevant: {objects: new Int32Array(count * R), noise: new Float32Array(count * R * D)},
    irrelevant: {objects: new Int32Array(count * R), noise: new Float32Array(count * R * D)}
  };
  const image = (target: AsrImages, t: number, objects: number[]) => {
    target.objects.set(objects, t * R);
    for (let i = 0; i < R * D; ++i) target.noise[t * R * D + i] = gaussian(random);
  };
  for (let t = 0; t < count; ++t) {
    const truth = Math.floor(random() * K);
    const set = Math.floor(truth / SET);
    trials.truth[t] = truth;
    trials.hypotheses.set(shuffle(random, [0, 1, 2, 3].map((i) => set * SET + i)), t * H);
    for (let h = 0; h < H; ++h) trials.noise[t * H + h] = gaussian(random);
    image(trials.relevant, t, shuffle(random, [truth, ...nonCandidates(random, set, R - 1)]));
    image(trials.irrelevant, t, nonCandidates(random, set, R));
  }
  return trials;
}

/** The acoustic scores log p_ac = μ·1[h true] + N(0, 1) of every trial's hypotheses: [trials · 4]. */
export function acousticScores(trials: AsrTrials, margin: number): Float64Array {
  return Float64Array.from(trials.noise, (z, i) => z + (trials.hypotheses[i] === trials.truth[Math.floor(i / H)] ? margin : 0));
}

/** The regions of every image: e + 0.1·N(0, I), renormalised: [trials, 5 regions, 16]. */
function regionVectors(embeddings: tf.Tensor2D, {objects, noise}: AsrImages, count: number): tf.Tensor3D {
  return tf.tidy(() => {
    const clean = tf.gather<tf.Tensor>(embeddings, tf.tensor2d(objects, [count, R], "int32")); // [trials, 5 regions, 16]
    const noisy = tf.add(clean, tf.mul(NOISE, tf.tensor3d(noise, [count, R, D]))); // [trials, 5, 16]
    return tf.div(noisy, tf.norm(noisy, "euclidean", 2, true)); // [trials, 5, 16]: unit rows
  });
}

/** One N-best list scored term by term. */
export interface Rescored {
  open: boolean; // the gate let the visual term through
  visual: number[]; // λβ·A(h, I), or 0
  total: number[]; // log p_ac + log p_lm + visual
  choice: number; // index of the 1-best in the list
}

/** The alignment score's signature: A(h, I) [trials, 4] from the hypotheses [trials, 4, 16] and the regions [trials, 5, 16] (components/chapters/09-asr-rescoring/cells/alignmentScore.js, which a reader can edit). */
export type AlignmentScore = (tfjs: typeof tf, hypotheses: tf.Tensor3D, regions: tf.Tensor3D) => tf.Tensor2D;

// #region rescoring
/** max_h A(h, I) over one list's alignments, entries from..to−1 (the gate opens when it passes the threshold). */
function bestAlignment(alignment: ArrayLike<number>, from: number, to: number): number {
  let best = -Infinity;
  for (let h = from; h < to; ++h) best = Math.max(best, alignment[h]);
  return best;
}

/** Cosines of every hypothesis with every region, their attention softmax(β cos), and both alignment scores (the decision's `alignment` and the soft one), all trials at once. */
export function alignRegions(hypotheses: tf.Tensor3D, regions: tf.Tensor3D, beta: number = BETA, alignment: AlignmentScore = alignmentScore) {
  return tf.tidy(() => {
    const cos = tf.matMul(hypotheses, regions, false, true); // [trials, 4 hypotheses, 5 regions]: e_h·r, both unit
    const logits = tf.mul(cos, beta); // [trials, 4, 5]: β cos
    return {
      cos,
      attention: tf.softmax(logits) as tf.Tensor3D, // [trials, 4, 5]: each hypothesis's weights over the regions
      hard: alignment(tf, hypotheses, regions), // [trials, 4]: A(h, I) = max_r cos(e_h, r), from components/chapters/09-asr-rescoring/cells/alignmentScore.js
      soft: tf.div(tf.logSumExp(logits, 2), beta) as tf.Tensor2D // [trials, 4]: (1/β) log Σ_r e^{β cos}, in [A, A + ln5/β]
    };
  });
}

/** Scores one N-best list, log p_ac + log p_lm + λβ·A(h, I), dropping the visual term unless max_h A > gate. */
export function rescore(acoustic: ArrayLike<number>, language: ArrayLike<number>, alignment: ArrayLike<number>, lambda: number, gate = -Infinity, beta: number = BETA): Rescored {
  const open = bestAlignment(alignment, 0, alignment.length) > gate; // does the image show any hypothesis at all?
  const [visual, total]: number[][] = [[], []];
  for (let h = 0; h < alignment.length; ++h) {
    visual.push(open ? lambda * beta * alignment[h] : 0); // λβ·A(h, I)
    total.push(acoustic[h] + language[h] + visual[h]); // log p_ac + log p_lm + λβ·A
  }
  return {open, visual, total, choice: argmax(total)};
}
// #endregion

/** The alignment read-back of one image per trial: hard and soft A [trials · 4], attention [trials · 4 · 5]. */
interface Aligned {
  hard: Float32Array;
  soft: Float32Array;
  attention: Float32Array;
}

/** Builds the regions of one image per trial and aligns the hypotheses with them: one read-back. */
async function align(embeddings: tf.Tensor2D, hypotheses: tf.Tensor3D, images: AsrImages, count: number, alignment: AlignmentScore): Promise<Aligned> {
  const flat = tf.tidy(() => {
    const {attention, hard, soft} = alignRegions(hypotheses, regionVectors(embeddings, images, count), BETA, alignment); // [trials, 4, 5], [trials, 4], [trials, 4]
    return tf.concat([tf.reshape(hard, [-1]), tf.reshape(soft, [-1]), tf.reshape(attention, [-1])]); // [trials · 4 · 7]
  });
  try {
    const values = (await flat.data()) as Float32Array; // one read-back per image
    const n = count * H;
    return {hard: values.subarray(0, n), soft: values.subarray(n, 2 * n), attention: values.subarray(2 * n)};
  } finally {
    flat.dispose();
  }
}

/**
 * rescore's choice for the list at `at` of flat [trials · 4] arrays, with the language model's uniform score,
 * built without rescore's terms: accuracy asks it for every trial at 26 settings, and building those 130,000 lists
 * of terms was a quarter of the run (on WASM in Node here, 235 ms a run before, 178 ms after). The arithmetic is
 * rescore's, in its order; a unit test checks that the two choose alike on every trial.
 */
export function rescoredChoice(acoustic: Float64Array, alignment: Float32Array, at: number, lambda: number, gate = -Infinity, beta: number = BETA): number {
  const open = bestAlignment(alignment, at, at + H) > gate;
  let choice = 0;
  let top = -Infinity;
  for (let h = 0; h < H; ++h) {
    const total = acoustic[at + h] + ASR_LANGUAGE_SCORE + (open ? lambda * beta * alignment[at + h] : 0); // log p_ac + log p_lm + λβ·A
    if (h === 0 || total > top) {
      choice = h; // the first on a tie, as argmax
      top = total;
    }
  }
  return choice;
}

/** Fraction of trials whose rescored 1-best is the truth, with alignment `alignment` at weight λ. */
function accuracy(trials: AsrTrials, acoustic: Float64Array, alignment: Float32Array, lambda: number, gate = -Infinity): number {
  let correct = 0;
  for (let t = 0; t < trials.count; ++t) if (trials.hypotheses[t * H + rescoredChoice(acoustic, alignment, t * H, lambda, gate)] === trials.truth[t]) ++correct;
  return correct / trials.count;
}

/** Trial t on its relevant image, scored at λ with the gate, term by term. */
function workedExample(trials: AsrTrials, acoustic: Float64Array, aligned: Aligned, t: number, lambda: number, gate: number): AsrExample {
  const at = t * H;
  const hypotheses = Array.from(trials.hypotheses.subarray(at, at + H));
  const language = new Array<number>(H).fill(ASR_LANGUAGE_SCORE);
  const scored = rescore(acoustic.subarray(at, at + H), language, aligned.hard.subarray(at, at + H), lambda, gate);
  return {
    trial: t,
    truth: ASR_VOCABULARY[trials.truth[t]],
    regions: Array.from(trials.relevant.objects.subarray(t * R, (t + 1) * R), (w) => ASR_VOCABULARY[w]),
    hypotheses: hypotheses.map((w, h) => ({
      word: ASR_VOCABULARY[w],
      acoustic: acoustic[at + h],
      language: language[h],
      alignment: aligned.hard[at + h],
      visual: scored.visual[h],
      total: scored.total[h],
      attention: Array.from(aligned.attention.subarray((at + h) * R, (at + h + 1) * R))
    })),
    gateOpen: scored.open,
    acousticChoice: ASR_VOCABULARY[hypotheses[argmax(acoustic.subarray(at, at + H))]],
    rescoredChoice: ASR_VOCABULARY[hypotheses[scored.choice]]
  };
}

/** The first trial whose acoustic 1-best is wrong and whose gated rescoring at λ is right, else 0. */
function rescuedTrial(trials: AsrTrials, acoustic: Float64Array, aligned: Aligned, lambda: number, gate: number): number {
  for (let t = 0; t < trials.count; ++t) {
    const {truth, acousticChoice, rescoredChoice} = workedExample(trials, acoustic, aligned, t, lambda, gate);
    if (acousticChoice !== truth && rescoredChoice === truth) return t;
  }
  return 0;
}

/** Runs SPEC.md 9b (acoustic baseline, rescoring per λ, irrelevant-image control, gate) on the active backend; the experiment's JSON. `alignment` is the reader's edited score, in a worker. */
export async function runAsrRescoring(config: Partial<AsrConfig> = {}, {signal, alignment = alignmentScore}: RunOptions & {alignment?: AlignmentScore} = {}): Promise<AsrResult> {
  const {seed, trials: count, margin, gate, lambda} = requireParameters(ASR_PARAMETERS, config);
  const backend = activeBackend();
  const trials = asrTrials(seed, count);
  const acoustic = acousticScores(trials, margin); // [trials · 4]
  const embeddings = tf.tensor2d(wordEmbeddings(seed), [K, D]); // [20 nouns, 16]
  const hypotheses = tf.tidy(() => tf.gather<tf.Tensor>(embeddings, tf.tensor2d(trials.hypotheses, [count, H], "int32"))) as tf.Tensor3D; // [trials, 4 hypotheses, 16]
  let relevant: Aligned, irrelevant: Aligned;
  try {
    relevant = await align(embeddings, hypotheses, trials.relevant, count, alignment);
    await nextTask(signal); // the page gets a turn between the two images
    irrelevant = await align(embeddings, hypotheses, trials.irrelevant, count, alignment);
  } finally {
    tf.dispose([embeddings, hypotheses]);
  }
  await nextTask(signal);

  const sweep = (aligned: Float32Array, withGate: boolean) => ASR_LAMBDAS.map((l) => accuracy(trials, acoustic, aligned, l, withGate ? gate : -Infinity));
  const open = (aligned: Float32Array) => {
    let opened = 0;
    for (let t = 0; t < count; ++t) if (bestAlignment(aligned, t * H, (t + 1) * H) > gate) ++opened;
    return opened / count;
  };
  const ungatedByLambda = sweep(irrelevant.hard, false);
  const gatedByLambda = sweep(irrelevant.hard, true);
  const one = ASR_LAMBDAS.indexOf(1);
  return {
    seed,
    backend,
    trials: count,
    margin,
    gate,
    lambda,
    baseline: accuracy(trials, acoustic, relevant.hard, 0),
    lambdas: [...ASR_LAMBDAS],
    rescored: sweep(relevant.hard, false),
    gated: sweep(relevant.hard, true),
    irrelevant: {ungated: ungatedByLambda[one], gated: gatedByLambda[one], ungatedByLambda, gatedByLambda},
    atLambda: {
      rescored: accuracy(trials, acoustic, relevant.hard, lambda),
      gated: accuracy(trials, acoustic, relevant.hard, lambda, gate),
      irrelevantUngated: accuracy(trials, acoustic, irrelevant.hard, lambda),
      irrelevantGated: accuracy(trials, acoustic, irrelevant.hard, lambda, gate)
    },
    soft: {rescored: sweep(relevant.soft, false), irrelevant: sweep(irrelevant.soft, false)},
    gateOpen: {relevant: open(relevant.hard), irrelevant: open(irrelevant.hard)},
    example: workedExample(trials, acoustic, relevant, rescuedTrial(trials, acoustic, relevant, lambda, gate), lambda, gate)
  };
}

/** What is wrong with an alignment score's output, or undefined: one finite score per hypothesis of every trial, [trials, 4]. */
function alignmentProblem(output: unknown, _tf: unknown, hypotheses: tf.Tensor3D): string | undefined {
  const [trials, hypothesisCount] = hypotheses.shape;
  const wanted = `[${trials}, ${hypothesisCount}]`;
  if (!(output instanceof tf.Tensor)) return `${returnedText(output)}, not a tensor: A(h, I) must be a ${wanted} tensor, one score per hypothesis`;
  const shape = `[${output.shape.join(", ")}]`;
  if (shape !== wanted) return `${returnedText(output)}, not ${wanted}: one score per hypothesis of each trial${output.rank === 3 ? " (reduce over the regions, axis 2, as tf.max(cos, 2) does)" : ""}`;
  if (output.dtype === "string" || output.dtype === "complex64") return `a ${output.dtype} tensor: A(h, I) must be numbers`;
  const finite = tf.tidy(() => tf.all(tf.isFinite(tf.cast(output, "float32"))).dataSync()[0]);
  if (!finite) return "scores that are not all finite (NaN or ±∞): a division by zero, or the log of 0?";
  return undefined;
}

/**
 * Chapter 9's editable cell, the alignment score A(h, I) (components/chapters/09-asr-rescoring/cells/alignmentScore.js): with
 * the reader's score, every trial is rescored again on the worker's backend, relevant and irrelevant
 * image, at every λ, with and without the gate (the soft alignment stays the course's).
 */
export const ASR_CELL: EditableCell = {
  title: "the alignment score",
  file: "alignmentScore.js",
  async run(fn, config) {
    const alignment = checkedCell(fn, alignmentProblem) as unknown as AlignmentScore;
    return runAsrRescoring(config as Partial<AsrConfig>, {alignment});
  }
};
