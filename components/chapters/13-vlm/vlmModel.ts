/**
 * Chapter 13's three models, in tfjs ops: words and image patches become tokens; the words attend to each other
 * (one self-attention layer); then, in the cross-attention model, the words query the patches through two
 * multi-head cross-attention layers (ViLBERT's and LXMERT's co-attention, one way: Lu et al. 2019, Tan and Bansal
 * 2019), each with layer norm and a small MLP, and the answer is read from the words' states. Two baselines read
 * the same words: one sees no image, one sees only the mean of the patch embeddings. Pre-layer-norm residual
 * blocks throughout. Every attention goes through the course's attention().
 *
 * One addition to that plan, for a reason these scenes make plain: one MLP per patch after the linear embedding.
 * Without it a patch's key is linear in its pixels (up to layer norm), and no linear score finds "the circle" in every colour on
 * grey, because the four colours lie on all sides of the grey (a circle's score would have to rise with red and
 * with its opposite). Both image models get it, so the pooled baseline averages the same patch features.
 */
import * as tf from "@tensorflow/tfjs-core";
import {attention, attentionWeights} from "../../runtime/attention.js";
import {plainMatMul} from "../../runtime/plainMatMul.js";
import {normalArray, type Random} from "../../runtime/prng.js";
import {PATCH_FLOATS, patchify} from "./patchify.js";
import {ANSWERS, QUESTION_LENGTH, VOCABULARY} from "./vlmGrammar.js";
import {CELLS} from "./vlmScene.js";
import {VLM_SIZES, type VlmModel} from "./vlmSettings.js";

/** A model's weights by name. */
export type VlmWeights = Record<string, tf.Variable>;

/** A batch as the models read it. */
export interface VlmInputs {
  patches: tf.Tensor3D; // [B, 36, 192], centred on the background grey
  words: tf.Tensor3D; // [B, L, V]: each word's one-hot
  padBias: tf.Tensor3D; // [B, 1, L]: 0 for a word, −∞ for padding (the self-attention's keys)
  wordMask: tf.Tensor3D; // [B, L, 1]: 1 for a word, 0 for padding (the read-out's mean)
}

/** One head's score function (cells/headScore.js): queries [B, L, d/heads] and keys [B, 36, d/heads] to scores [B, L, 36]. */
export type HeadScore = (tfjs: typeof tf, q: tf.Tensor3D, k: tf.Tensor3D) => tf.Tensor3D;

/** A score put in place of one cross-attention head's scaled dot product (layer and head from 0), for a trained model. */
export interface HeadScoreSwap {
  layer: number;
  head: number;
  score: HeadScore;
}

/** What a forward pass returns: the answer logits, and on request every cross-attention layer's weights. */
export interface VlmOutput {
  logits: tf.Tensor2D; // [B, answers]
  selfWeights?: tf.Tensor4D; // [B, heads, L, L]: the words' self-attention
  crossWeights?: tf.Tensor4D[]; // per layer [B, heads, L, 36]: each word's attention over the patches
}

/** `count` images [count, 48, 48, 3] and their tokens [count, L] as the models' inputs (tensors the caller disposes). */
export function vlmInputs(images: Float32Array, tokens: Int32Array, count: number): VlmInputs {
  const L = QUESTION_LENGTH;
  const V = VOCABULARY.length;
  const oneHot = new Float32Array(count * L * V);
  const bias = new Float32Array(count * L);
  const mask = new Float32Array(count * L);
  tokens.forEach((token, i) => {
    oneHot[i * V + token] = 1;
    bias[i] = token === 0 ? -Infinity : 0;
    mask[i] = token === 0 ? 0 : 1;
  });
  return {
    patches: tf.tensor3d(patchify(images, count), [count, CELLS, PATCH_FLOATS]), // [B, 36, 192]
    words: tf.tensor3d(oneHot, [count, L, V]), // [B, L, V]
    padBias: tf.tensor3d(bias, [count, 1, L]), // [B, 1, L]
    wordMask: tf.tensor3d(mask, [count, L, 1]) // [B, L, 1]
  };
}

/** Frees a batch's tensors. */
export const disposeInputs = (inputs: VlmInputs) => tf.dispose(Object.values(inputs));

/** One weight of a model: its name, shape and how it starts (a normal's standard deviation, or a constant). */
export interface VlmWeightLayout {
  name: string;
  shape: number[];
  init: {normal: number} | {constant: number};
}

/** Every weight of one model in the order they are drawn: matrices N(0, 1/fan-in), embeddings N(0, 0.25), layer norms at identity. */
export function vlmWeightLayout(model: VlmModel): VlmWeightLayout[] {
  const {d, hidden, crossLayers} = VLM_SIZES;
  const layout: VlmWeightLayout[] = [];
  const normal = (name: string, shape: number[], std: number) => layout.push({name, shape, init: {normal: std}});
  const constant = (name: string, shape: number[], value: number) => layout.push({name, shape, init: {constant: value}});
  const matrix = (name: string, rows: number, columns: number) => normal(name, [rows, columns], 1 / Math.sqrt(rows));
  const norm = (name: string) => (constant(`${name}.gain`, [d], 1), constant(`${name}.shift`, [d], 0));
  const block = (name: string) => {
    norm(`${name}.normQ`);
    for (const w of ["q", "k", "v", "o"]) matrix(`${name}.${w}`, d, d);
    norm(`${name}.normMlp`);
    matrix(`${name}.mlp1`, d, hidden);
    constant(`${name}.mlp1.bias`, [hidden], 0);
    matrix(`${name}.mlp2`, hidden, d);
    constant(`${name}.mlp2.bias`, [d], 0);
  };
  normal("wordEmbedding", [VOCABULARY.length, d], 0.5);
  normal("wordPosition", [QUESTION_LENGTH, d], 0.1);
  block("text");
  if (model !== "questionOnly") {
    normal("patchEmbedding", [PATCH_FLOATS, d], 3 / Math.sqrt(PATCH_FLOATS));
    constant("patchEmbedding.bias", [d], 0);
    normal("patchPosition", [CELLS, d], 0.1);
    norm("patch.normMlp");
    matrix("patch.mlp1", d, hidden);
    constant("patch.mlp1.bias", [hidden], 0);
    matrix("patch.mlp2", hidden, d);
    constant("patch.mlp2.bias", [d], 0);
  }
  if (model === "crossAttention") {
    for (let layer = 0; layer < crossLayers; ++layer) {
      block(`cross${layer}`);
      norm(`cross${layer}.normKV`);
    }
  }
  norm("out.norm");
  if (model === "pooled") {
    matrix("pooled.mlp1", 2 * d, hidden);
    constant("pooled.mlp1.bias", [hidden], 0);
    matrix("out", hidden, ANSWERS.length);
  } else {
    matrix("out", d, ANSWERS.length);
  }
  constant("out.bias", [ANSWERS.length], 0);
  return layout;
}

/** The weights of one model, drawn from `random` as vlmWeightLayout says. */
export function initVlmWeights(model: VlmModel, random: Random): VlmWeights {
  const weights: VlmWeights = {};
  for (const {name, shape, init} of vlmWeightLayout(model)) {
    const size = shape.reduce((a, b) => a * b, 1);
    weights[name] = tf.tidy(() => tf.variable("normal" in init ? tf.tensor(normalArray(random, size, init.normal), shape) : tf.fill(shape, init.constant))); // tfjs names it uniquely, so two trainers (a restored copy beside the trained one) can coexist
  }
  return weights;
}

/** x [B, n, in] times W [in, out] plus an optional bias [out]: [B, n, out]. */
function linear(x: tf.Tensor3D, w: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor3D {
  const [B, n, width] = x.shape;
  const y = plainMatMul(tf.reshape(x, [B * n, width]), w); // [B·n, out]
  return tf.reshape(bias ? tf.add(y, bias) : y, [B, n, w.shape[1]]);
}

/** Layer norm over the last axis, with a learned gain and shift (Ba et al. 2016): [B, n, d]. */
function layerNorm(x: tf.Tensor3D, weights: VlmWeights, name: string): tf.Tensor3D {
  const {mean, variance} = tf.moments(x, -1, true); // [B, n, 1] each
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), weights[`${name}.gain`]), weights[`${name}.shift`]);
}

/** [B, n, d] → [B·heads, n, d/heads]: each head's slice of the width, heads stacked as a batch. */
function splitHeads(x: tf.Tensor3D): tf.Tensor3D {
  const [B, n, d] = x.shape;
  const {heads} = VLM_SIZES;
  return tf.reshape(tf.transpose(tf.reshape(x, [B, n, heads, d / heads]), [0, 2, 1, 3]), [B * heads, n, d / heads]);
}

/** The inverse of splitHeads: [B·heads, n, d/heads] → [B, n, d]. */
function joinHeads(x: tf.Tensor3D, B: number): tf.Tensor3D {
  const [, n, width] = x.shape;
  const {heads} = VLM_SIZES;
  return tf.reshape(tf.transpose(tf.reshape(x, [B, heads, n, width]), [0, 2, 1, 3]), [B, n, heads * width]);
}

/**
 * Multi-head attention of queries from `x` [B, n, d] over keys and values from `memory` [B, m, d], each head
 * through attention(); a key bias [B, 1, m] masks keys. Returns the output [B, n, d], and the weights
 * [B, heads, n, m] when asked. With `swap`, one head's weights come from softmax(swap.score(q, k)) instead.
 */
function multiHead(x: tf.Tensor3D, memory: tf.Tensor3D, weights: VlmWeights, name: string, keyBias: tf.Tensor3D | undefined, withWeights: boolean, swap?: Omit<HeadScoreSwap, "layer">): {out: tf.Tensor3D; weights?: tf.Tensor4D} {
  const [B, n] = x.shape;
  const {heads} = VLM_SIZES;
  const q = splitHeads(linear(x, weights[`${name}.q`] as tf.Tensor2D)); // [B·h, n, d/h]
  const k = splitHeads(linear(memory, weights[`${name}.k`] as tf.Tensor2D)); // [B·h, m, d/h]
  const v = splitHeads(linear(memory, weights[`${name}.v`] as tf.Tensor2D)); // [B·h, m, d/h]
  const m = memory.shape[1];
  const bias = keyBias ? tf.reshape(tf.tile(tf.reshape(keyBias, [B, 1, 1, m]), [1, heads, 1, 1]), [B * heads, 1, m]) : undefined; // [B·h, 1, m]
  if (swap) {
    const attended = swappedWeights(q, k, B, swap, bias); // [B, h, n, m]
    const out = linear(joinHeads(tf.matMul(tf.reshape(attended, [B * heads, n, m]), v) as tf.Tensor3D, B), weights[`${name}.o`] as tf.Tensor2D); // [B, n, d]
    return {out, weights: withWeights ? attended : undefined};
  }
  const out = linear(joinHeads(attention(q, k, v, {bias}), B), weights[`${name}.o`] as tf.Tensor2D); // [B, n, d]
  if (!withWeights) return {out};
  return {out, weights: tf.reshape(attentionWeights(q, k, {bias}), [B, heads, n, m]) as tf.Tensor4D}; // [B, h, n, m]
}

/** Every head's weights [B, h, n, m], head `swap.head`'s from softmax(swap.score(q, k)) over the keys, the others' as trained. */
function swappedWeights(q: tf.Tensor3D, k: tf.Tensor3D, B: number, swap: Omit<HeadScoreSwap, "layer">, bias?: tf.Tensor): tf.Tensor4D {
  const {heads} = VLM_SIZES;
  const [, n, width] = q.shape;
  const m = k.shape[1];
  const trained = tf.reshape(attentionWeights(q, k, {bias}), [B, heads, n, m]); // [B, h, n, m]
  const one = (t: tf.Tensor3D, rows: number) => tf.reshape(tf.slice(tf.reshape(t, [B, heads, rows, width]), [0, swap.head, 0, 0], [B, 1, rows, width]), [B, rows, width]) as tf.Tensor3D; // [B, rows, d/h]
  const scores = swap.score(tf, one(q, n), one(k, m)); // [B, n, m]
  const yours = tf.reshape(tf.softmax(scores), [B, 1, n, m]); // [B, 1, n, m]
  const before = tf.slice(trained, [0, 0, 0, 0], [B, swap.head, n, m]); // [B, head, n, m]
  const after = tf.slice(trained, [0, swap.head + 1, 0, 0], [B, heads - swap.head - 1, n, m]); // [B, h − head − 1, n, m]
  return tf.concat([before, yours, after], 1) as tf.Tensor4D; // [B, h, n, m]
}

/** The MLP of a block: d → hidden (ReLU) → d, [B, n, d]. */
function mlp(x: tf.Tensor3D, weights: VlmWeights, name: string): tf.Tensor3D {
  const h = tf.relu(linear(x, weights[`${name}.mlp1`] as tf.Tensor2D, weights[`${name}.mlp1.bias`] as tf.Tensor1D)); // [B, n, hidden]
  return linear(h, weights[`${name}.mlp2`] as tf.Tensor2D, weights[`${name}.mlp2.bias`] as tf.Tensor1D); // [B, n, d]
}

/** A pre-layer-norm residual block: x + attention(LN(x) over `memory`), then + MLP(LN(·)); [B, n, d]. */
function block(x: tf.Tensor3D, memory: tf.Tensor3D | "self", weights: VlmWeights, name: string, keyBias: tf.Tensor3D | undefined, withWeights: boolean, swap?: Omit<HeadScoreSwap, "layer">) {
  const normed = layerNorm(x, weights, `${name}.normQ`); // [B, n, d]
  const {out, weights: attended} = multiHead(normed, memory === "self" ? normed : layerNorm(memory, weights, `${name}.normKV`), weights, name, keyBias, withWeights, swap);
  const mid = tf.add(x, out) as tf.Tensor3D; // [B, n, d]
  return {x: tf.add(mid, mlp(layerNorm(mid, weights, `${name}.normMlp`), weights, name)) as tf.Tensor3D, weights: attended};
}

/** The mean of the word states over the words (padding left out): [B, d]. */
function meanOverWords(x: tf.Tensor3D, wordMask: tf.Tensor3D): tf.Tensor2D {
  return tf.div(tf.sum(tf.mul(x, wordMask), 1), tf.sum(wordMask, 1)) as tf.Tensor2D; // [B, d]
}

// #region forward
/** A forward pass of `model` on a batch; `swap` puts a reader's score in one cross-attention head of a trained model. */
export function vlmForward(model: VlmModel, weights: VlmWeights, inputs: VlmInputs, {withWeights = false, swap}: {withWeights?: boolean; swap?: HeadScoreSwap} = {}): VlmOutput {
  const {crossLayers} = VLM_SIZES;
  const embedded = tf.add(linear(inputs.words, weights.wordEmbedding as tf.Tensor2D), weights.wordPosition) as tf.Tensor3D; // [B, L, d]
  const text = block(embedded, "self", weights, "text", inputs.padBias, withWeights); // [B, L, d]: the words attend to each other
  if (model === "questionOnly") {
    const read = meanOverWords(layerNorm(text.x, weights, "out.norm"), inputs.wordMask); // [B, d]
    return {logits: tf.add(plainMatMul(read, weights.out as tf.Tensor2D), weights["out.bias"]) as tf.Tensor2D, selfWeights: text.weights};
  }
  const embeddedPatches = tf.add(linear(inputs.patches, weights.patchEmbedding as tf.Tensor2D, weights["patchEmbedding.bias"] as tf.Tensor1D), weights.patchPosition) as tf.Tensor3D; // [B, 36, d]
  const patches = tf.add(embeddedPatches, mlp(layerNorm(embeddedPatches, weights, "patch.normMlp"), weights, "patch")) as tf.Tensor3D; // [B, 36, d]: one MLP per patch
  if (model === "pooled") {
    const question = meanOverWords(layerNorm(text.x, weights, "out.norm"), inputs.wordMask); // [B, d]
    const image = tf.mean(patches, 1) as tf.Tensor2D; // [B, d]: the mean patch embedding, no attention
    const h = tf.relu<tf.Tensor2D>(tf.add(plainMatMul(tf.concat([question, image], 1) as tf.Tensor2D, weights["pooled.mlp1"] as tf.Tensor2D), weights["pooled.mlp1.bias"]) as tf.Tensor2D); // [B, hidden]
    return {logits: tf.add(plainMatMul(h, weights.out as tf.Tensor2D), weights["out.bias"]) as tf.Tensor2D, selfWeights: text.weights};
  }
  let x = text.x;
  const crossWeights: tf.Tensor4D[] = [];
  for (let layer = 0; layer < crossLayers; ++layer) {
    const next = block(x, patches, weights, `cross${layer}`, undefined, withWeights, swap?.layer === layer ? swap : undefined); // [B, L, d]: the words query the patches
    x = next.x;
    if (next.weights) crossWeights.push(next.weights);
  }
  const read = meanOverWords(layerNorm(x, weights, "out.norm"), inputs.wordMask); // [B, d]
  return {logits: tf.add(plainMatMul(read, weights.out as tf.Tensor2D), weights["out.bias"]) as tf.Tensor2D, selfWeights: text.weights, crossWeights: withWeights ? crossWeights : undefined};
}
// #endregion

/** Mean softmax cross-entropy of the logits [B, answers] against the answers' one-hots [B, answers]. */
export function vlmLoss(logits: tf.Tensor2D, answers: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(answers, tf.logSoftmax(logits)), 1))) as tf.Scalar;
}
