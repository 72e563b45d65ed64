/**
 * Chapter 6 (SPEC.md section 6): attention variants that do less than dense softmax(QKᵀ/√d)V.
 * Block-local attention scores only the pairs inside a block, O(N·b·d); top-k scores every pair
 * and keeps the k largest per query, so it is still Θ(N·M·d). The dense variant is
 * scaledDotProductAttention in attention.ts. Each function returns a new tensor and keeps no other.
 */
import * as tf from "@tensorflow/tfjs-core";

/** The score a padded key gets, so its softmax weight underflows to exactly 0. */
const MASKED = -1e9;

/** The options of blockLocalAttention: b rows per block. */
export interface BlockOptions {
  block: number;
}

/** The options of topKAttention and topKMass: keys kept per query. */
export interface TopKOptions {
  k: number;
}

function checkBlock(block: number): void {
  if (!Number.isInteger(block) || block < 1) throw new RangeError(`a block must be a whole number ≥ 1, not ${block}`);
}

/** k clamped to [1, m] (Infinity means all m keys); NaN and fractions are refused. */
function keptKeys(k: number, m: number): number {
  if (Number.isNaN(k) || (Number.isFinite(k) && !Number.isInteger(k))) throw new RangeError(`k must be a whole number, not ${k}`);
  return Math.max(1, Math.min(m, k));
}

// #region variants
/**
 * Block-local attention: query i attends only the keys of block ⌊i/b⌋, with batched matMuls on
 * [blocks, b, d] so the cost is O(N·b·d). Rows are padded with zeros to whole blocks and padded
 * keys are masked. When N ≠ M, query block j still meets key block j; a query block with no key
 * (N > M) returns zero rows. A block wider than max(N, M) is one block: dense attention.
 */
export function blockLocalAttention(q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D, {block}: BlockOptions): tf.Tensor2D {
  checkBlock(block);
  const [n, d] = q.shape;
  const [m, dv] = v.shape;
  const b = Math.min(block, Math.max(n, m));
  const blocks = Math.ceil(Math.max(n, m) / b);
  const rows = blocks * b;
  const keyMask = new Float32Array(rows).map((_, j) => (j < m ? 0 : MASKED)); // [blocks · b]
  return tf.tidy(() => {
    const qb = tf.reshape(tf.pad(q, [[0, rows - n], [0, 0]]), [blocks, b, d]); // [blocks, b queries, d]
    const kb = tf.reshape(tf.pad(k, [[0, rows - m], [0, 0]]), [blocks, b, d]); // [blocks, b keys, d]
    const vb = tf.reshape(tf.pad(v, [[0, rows - m], [0, 0]]), [blocks, b, dv]); // [blocks, b keys, dv]
    const scores = tf.div(tf.matMul(qb, kb, false, true), Math.sqrt(d)); // [blocks, b queries, b keys]
    const masked = tf.add(scores, tf.tensor3d(keyMask, [blocks, 1, b])); // [blocks, b, b], padded keys at −1e9
    const weights = tf.softmax(masked); // [blocks, b, b], rows sum to 1
    const out = tf.reshape(tf.matMul(weights, vb), [rows, dv]); // [blocks · b, dv]
    return tf.slice(out, [0, 0], [n, dv]) as tf.Tensor2D; // [n, dv]
  });
}

/**
 * Top-k attention on exact scores (Zhao et al. 2019): all N·M scores QKᵀ/√d, the k largest per
 * query (tf.topk), softmax over those k alone, then the weighted sum of their k value rows.
 * k is clamped to [1, M]; k = M is dense attention.
 */
export function topKAttention(q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D, {k: topK}: TopKOptions): tf.Tensor2D {
  const [n, d] = q.shape;
  const [m, dv] = v.shape;
  const kept = keptKeys(topK, m);
  return tf.tidy(() => {
    const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(d)); // [n, m]
    const {values, indices} = tf.topk(scores, kept); // [n, k] each, largest first
    const weights = tf.softmax(values); // [n, k], renormalised over the kept keys
    const picked = tf.reshape(tf.gather(v, tf.reshape(indices, [n * kept])), [n, kept, dv]); // [n, k, dv]
    return tf.reshape(tf.matMul(tf.expandDims(weights, 1), picked), [n, dv]) as tf.Tensor2D; // [n, 1, k]·[n, k, dv] → [n, dv]
  });
}

/** The dense softmax mass m_k of each query's top-k keys, Σ_{j ∈ top k} softmax(q_i·K/√d)_j; k clamped to [1, M]. */
export function topKMass(q: tf.Tensor2D, k: tf.Tensor2D, {k: topK}: TopKOptions): tf.Tensor1D {
  const [, d] = q.shape;
  const kept = keptKeys(topK, k.shape[0]);
  return tf.tidy(() => {
    const weights = tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(d))); // [n, m], full softmax
    return tf.sum(tf.topk(weights, kept).values, 1) as tf.Tensor1D; // [n]
  });
}
// #endregion

/** One of the variants attentionMacs counts. */
export type AttentionVariant = "dense" | "local" | "topk";

/**
 * Multiply-accumulates of one call, with dv = d:
 * dense 2·N·M·d (QKᵀ is N·M·d, PV another N·M·d);
 * local 2·B·b²·d with B = ⌈max(N, M)/b⌉ blocks, padding included, which is 2·N·b·d when N = M fills whole blocks;
 * top-k N·M·d for the scores plus N·k·d for the kept values (selection and softmax are O(N·M), not MACs).
 */
export function attentionMacs(variant: AttentionVariant, n: number, m: number, d: number, {block, k}: {block?: number; k?: number} = {}): number {
  switch (variant) {
    case "dense":
      return 2 * n * m * d;
    case "local": {
      if (block === undefined) throw new RangeError("local attention needs a block size");
      checkBlock(block);
      const b = Math.min(block, Math.max(n, m));
      return 2 * Math.ceil(Math.max(n, m) / b) * b * b * d;
    }
    case "topk": {
      if (k === undefined) throw new RangeError("top-k attention needs k");
      return n * m * d + n * keptKeys(k, m) * d;
    }
    default:
      throw new RangeError(`unknown attention variant "${variant as string}"`);
  }
}
