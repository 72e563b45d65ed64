/** Plain-JS attention on number[][] (rows), one loop per formula, to check the tensor variants against. */

/** softmax of one row, max-subtracted. */
function softmax(row: number[]): number[] {
  const top = Math.max(...row);
  const e = row.map((x) => Math.exp(x - top));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / total);
}

const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i], 0);

/** Σ_j w_j v_{keys[j]} for weights over the listed value rows. */
function weightedSum(weights: number[], v: number[][], keys: number[]): number[] {
  const out = new Array<number>(v[0].length).fill(0);
  weights.forEach((w, j) => v[keys[j]].forEach((x, c) => (out[c] += w * x)));
  return out;
}

/** Attention of query row qi over the listed keys only: softmax of q·k_j/√d over them, then their values. */
function attendTo(qi: number[], k: number[][], v: number[][], keys: number[]): number[] {
  const weights = softmax(keys.map((j) => dot(qi, k[j]) / Math.sqrt(qi.length)));
  return weightedSum(weights, v, keys);
}

/** softmax(QKᵀ/√d)V. */
export function denseReference(q: number[][], k: number[][], v: number[][]): number[][] {
  const all = [...k.keys()];
  return q.map((qi) => attendTo(qi, k, v, all));
}

/** Query i attends the keys j with ⌊j/b⌋ = ⌊i/b⌋; a query whose block has no key gets zeros. */
export function blockLocalReference(q: number[][], k: number[][], v: number[][], block: number): number[][] {
  return q.map((qi, i) => {
    const keys = [...k.keys()].filter((j) => Math.floor(j / block) === Math.floor(i / block));
    return keys.length ? attendTo(qi, k, v, keys) : new Array<number>(v[0].length).fill(0);
  });
}

/** Query i attends its topK highest-scoring keys (topK clamped to [1, M]), softmax renormalised over them. */
export function topKReference(q: number[][], k: number[][], v: number[][], topK: number): number[][] {
  const kept = Math.max(1, Math.min(k.length, topK));
  return q.map((qi) => {
    const order = [...k.keys()].sort((a, b) => dot(qi, k[b]) - dot(qi, k[a]));
    return attendTo(qi, k, v, order.slice(0, kept));
  });
}

/** The dense softmax mass of each query's topK keys. */
export function topKMassReference(q: number[][], k: number[][], topK: number): number[] {
  const kept = Math.max(1, Math.min(k.length, topK));
  return q.map((qi) => {
    const weights = softmax(k.map((kj) => dot(qi, kj) / Math.sqrt(qi.length)));
    return weights.sort((a, b) => b - a).slice(0, kept).reduce((a, b) => a + b, 0);
  });
}
