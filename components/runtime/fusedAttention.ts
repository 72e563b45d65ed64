/**
 * softmax(Q Kᵀ · scale + bias) V as one WebGPU compute pass, run through tfjs's WebGPU backend as a
 * custom program: keys and values stream through workgroup memory in tiles, and each query row
 * keeps a running maximum and sum (online softmax; Milakov & Gimelshein 2018, FlashAttention: Dao
 * et al. 2022), so no N × M buffer ever exists. Memory is O((N + M)·d) instead of O(N·M).
 *
 * One workgroup owns `rows` query rows; `split` threads share each row, each scoring its own slice
 * of every key tile, and merge their (max, sum, accumulator) at the end. Loads from global memory
 * are coalesced (consecutive threads read consecutive floats of a tile); every thread of a warp
 * reads the same key from workgroup memory (a broadcast) as vec4s.
 */
import * as tf from "@tensorflow/tfjs-core";
import type {WebGPUBackend, WebGPUProgram} from "@tensorflow/tfjs-backend-webgpu";

/** Scores at or below this count as masked (bias −∞ masks a key); a row with every key masked gives zeros. */
export const MASKED_SCORE = -1e30;

/** The fused kernel keeps a query row and its accumulator in registers, so it takes head widths up to this. */
export const FUSED_MAX_WIDTH = 128;

export interface FusedAttentionOptions {
  /** Additive bias on the scores: [m] (one per key, e.g. a padding mask) or [n, m]; −∞ masks. */
  bias?: tf.Tensor1D | tf.Tensor2D;
  /** Multiplies Q Kᵀ; 1/√d by default. */
  scale?: number;
  /** Query rows per workgroup (default 32). */
  rows?: number;
  /** Threads per query row, each scoring its share of every key tile (default 4). */
  split?: number;
  /** Keys per tile held in workgroup memory (default: as many as fit, at most 64). */
  keysPerTile?: number;
}

/** The tile sizes one call will use, from the options and the device's workgroup-memory limit. */
export interface FusedTiling {
  rows: number;
  split: number;
  keysPerTile: number;
  workgroupBytes: number;
}

/** Why the fused kernel cannot run these shapes, or undefined when it can. */
export function fusedAttentionProblem(d: number, dv: number): string | undefined {
  if (d > FUSED_MAX_WIDTH || dv > FUSED_MAX_WIDTH) return `the fused kernel takes head widths up to ${FUSED_MAX_WIDTH} (got d = ${d}, dv = ${dv})`;
  return undefined;
}

/**
 * Tile sizes for n queries of width d (values dv) under a workgroup-memory limit in bytes. By
 * default tiles hold up to 64 keys; on a GPU 4 threads share a row and a workgroup takes 32 rows,
 * or 64 from n = 8192, where that was faster on an H200 (1.3 vs 2.3 ms at d = 64; 32 rows won
 * below, as at n = 1024: 0.17 vs 0.20 ms). On a software adapter (SwiftShader), which runs each
 * workgroup's threads as CPU code, one thread per row avoids the merge and was fastest (2.9–3.1 s
 * at n = 2048 against 4.3 s with 4 per row; BENCHMARKS.md).
 */
export function fusedTiling(n: number, d: number, dv: number, limitBytes: number, options: Pick<FusedAttentionOptions, "rows" | "split" | "keysPerTile"> = {}, software = false): FusedTiling {
  const vec4s = Math.ceil(d / 4) + Math.ceil(dv / 4); // one key row + one value row, in vec4s
  const split = options.split ?? (software ? 1 : 4);
  const fits = Math.floor(limitBytes / (16 * vec4s)); // keys whose K and V rows fit
  const keysPerTile = options.keysPerTile ?? Math.max(split, Math.floor(Math.min(64, fits) / split) * split);
  const rows = options.rows ?? Math.min(n >= 8192 ? 64 : 32, keysPerTile); // the merge at the end reuses the tiles: rows ≤ keys per tile
  if (keysPerTile % split !== 0) throw new RangeError(`keys per tile (${keysPerTile}) must be a multiple of split (${split})`);
  if (rows > keysPerTile) throw new RangeError(`rows per workgroup (${rows}) must not exceed keys per tile (${keysPerTile})`);
  const workgroupBytes = 16 * vec4s * keysPerTile;
  if (workgroupBytes > limitBytes) throw new RangeError(`tiles of ${keysPerTile} keys need ${workgroupBytes} bytes of workgroup memory; this device allows ${limitBytes}`);
  return {rows, split, keysPerTile, workgroupBytes};
}

// #region kernel
/** The WGSL of the fused kernel; tfjs adds the bindings (Q, K, V, Bias, result) and the shape uniforms. */
function fusedAttentionShader(d: number, dv: number, {rows, split, keysPerTile}: FusedTiling, bias: "none" | "key" | "row"): string {
  const d4 = Math.ceil(d / 4);
  const dv4 = Math.ceil(dv / 4);
  const keysPerThread = keysPerTile / split;
  const biasTerm = {none: "0.0", key: "Bias[key]", row: "select(0.0, Bias[row * M + key], rowValid)"}[bias];
  return /* wgsl */ `
const ROWS = ${rows};           // query rows per workgroup
const SPLIT = ${split};         // threads per query row
const BC = ${keysPerTile};      // keys per tile
const KPT = ${keysPerThread};   // keys of each tile one thread scores
const D = ${d};
const DV = ${dv};
const D4 = ${d4};
const DV4 = ${dv4};
const MASKED = ${MASKED_SCORE.toExponential()};

var<workgroup> kTile : array<vec4<f32>, ${keysPerTile * d4}>;   // [BC, D4]
var<workgroup> vTile : array<vec4<f32>, ${keysPerTile * dv4}>;  // [BC, DV4]; reused to merge the SPLIT partial results

fn main() {
  let tid = i32(localIndex);
  let rowInGroup = tid % ROWS;
  let part = tid / ROWS;                       // this thread scores keys [part·KPT, (part+1)·KPT) of each tile
  let N = uniforms.qShape.x;
  let M = uniforms.kShape.x;
  let row = i32(workgroupId.x) * ROWS + rowInGroup;
  let rowValid = row < N;

  var q : array<vec4<f32>, D4>;               // this row of Q · scale, zero-padded to D4·4
  for (var i = 0; i < D4; i++) {
    var x = vec4<f32>(0.0);
    for (var c = 0; c < 4; c++) {
      let col = i * 4 + c;
      if (rowValid && col < D) { x[c] = Q[row * D + col] * uniforms.scale; }
    }
    q[i] = x;
  }

  var m = MASKED;                              // running maximum score
  var l = 0.0;                                 // running Σ exp(score − m)
  var acc : array<vec4<f32>, DV4>;             // running Σ exp(score − m) · v, zero-initialised

  let tiles = (M + BC - 1) / BC;
  for (var t = 0; t < tiles; t++) {
    let base = t * BC;
    for (var e = tid; e < BC * D4; e += ROWS * SPLIT) {   // coalesced: consecutive threads, consecutive floats
      let key = base + e / D4;
      let col = (e % D4) * 4;
      var x = vec4<f32>(0.0);
      for (var c = 0; c < 4; c++) {
        if (key < M && col + c < D) { x[c] = K[key * D + col + c]; }
      }
      kTile[e] = x;
    }
    for (var e = tid; e < BC * DV4; e += ROWS * SPLIT) {
      let key = base + e / DV4;
      let col = (e % DV4) * 4;
      var x = vec4<f32>(0.0);
      for (var c = 0; c < 4; c++) {
        if (key < M && col + c < DV) { x[c] = V[key * DV + col + c]; }
      }
      vTile[e] = x;
    }
    workgroupBarrier();

    var s : array<f32, KPT>;                   // this thread's scores in the tile
    var tileMax = MASKED;
    for (var u = 0; u < KPT; u++) {
      let j = part * KPT + u;
      let key = base + j;
      var score = MASKED;
      if (key < M) {
        var partial = vec4<f32>(0.0);
        for (var i = 0; i < D4; i++) { partial += q[i] * kTile[j * D4 + i]; }
        score = max(partial.x + partial.y + partial.z + partial.w + ${biasTerm}, MASKED);
      }
      s[u] = score;
      tileMax = max(tileMax, score);
    }
    let mNew = max(m, tileMax);
    let correction = exp(m - mNew);            // rescales what was summed under the old maximum
    l *= correction;
    for (var i = 0; i < DV4; i++) { acc[i] *= correction; }
    for (var u = 0; u < KPT; u++) {
      let p = select(exp(s[u] - mNew), 0.0, s[u] <= MASKED);
      l += p;
      let j = part * KPT + u;
      for (var i = 0; i < DV4; i++) { acc[i] += p * vTile[j * DV4 + i]; }
    }
    m = mNew;
    workgroupBarrier();
  }

  for (var p = 1; p < SPLIT; p++) {            // merge the SPLIT partial (m, l, acc) of each row into part 0
    if (part == p) {
      for (var i = 0; i < DV4; i++) { vTile[rowInGroup * DV4 + i] = acc[i]; }
      kTile[rowInGroup] = vec4<f32>(m, l, 0.0, 0.0);
    }
    workgroupBarrier();
    if (part == 0) {
      let other = kTile[rowInGroup];
      let mNew = max(m, other.x);
      let c1 = exp(m - mNew);
      let c2 = exp(other.x - mNew);
      l = l * c1 + other.y * c2;
      for (var i = 0; i < DV4; i++) { acc[i] = acc[i] * c1 + vTile[rowInGroup * DV4 + i] * c2; }
      m = mNew;
    }
    workgroupBarrier();
  }

  if (part == 0 && rowValid) {
    let inverse = select(1.0 / l, 0.0, l == 0.0);   // every key masked: zeros, not NaN
    for (var c = 0; c < DV; c++) { result[row * DV + c] = acc[c / 4][c % 4] * inverse; }
  }
}
`;
}
// #endregion

/** The WebGPU backend's device limit on workgroup memory. */
function workgroupLimit(backend: WebGPUBackend): number {
  return backend.device.limits.maxComputeWorkgroupStorageSize;
}

/** Whether the backend's adapter emulates the GPU on the CPU (Chromium's and Dawn's SwiftShader). */
function softwareAdapter(backend: WebGPUBackend): boolean {
  return (backend.adapterInfo as unknown as {architecture?: string} | undefined)?.architecture === "swiftshader"; // tfjs keeps it private
}

/**
 * softmax(Q Kᵀ · scale + bias) V for Q [n, d], K [m, d], V [m, dv] on the active WebGPU backend,
 * without an n × m buffer; returns [n, dv]. Forward only. Throws where the backend is not WebGPU,
 * where d or dv > 128, and under a gradient tape.
 */
export function fusedAttention(q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D, options: FusedAttentionOptions = {}): tf.Tensor2D {
  if (tf.getBackend() !== "webgpu") throw new Error(`fusedAttention runs on the WebGPU backend, not ${tf.getBackend()}`);
  if (tf.engine().isTapeOn()) throw new Error("fusedAttention has no gradient; under tf.grad or an optimizer use attention(), which runs plain ops there");
  const [n, d] = q.shape;
  const [m, dk] = k.shape;
  const [mv, dv] = v.shape;
  if (dk !== d || mv !== m) throw new RangeError(`shapes do not fit: Q [${n}, ${d}], K [${m}, ${dk}], V [${mv}, ${dv}]`);
  const problem = fusedAttentionProblem(d, dv);
  if (problem) throw new RangeError(problem);
  const {bias} = options;
  const biasKind = bias === undefined ? "none" : bias.rank === 1 ? "key" : "row";
  if (bias && !(bias.rank === 1 ? bias.shape[0] === m : bias.shape[0] === n && bias.shape[1] === m)) {
    throw new RangeError(`bias must be [${m}] or [${n}, ${m}], not [${bias.shape.join(", ")}]`);
  }
  const backend = tf.backend() as WebGPUBackend;
  const tiling = fusedTiling(n, d, dv, workgroupLimit(backend), options, softwareAdapter(backend));
  const program: WebGPUProgram = {
    outputShape: [n, dv],
    shaderKey: `fusedAttention_${d}_${dv}_${tiling.rows}_${tiling.split}_${tiling.keysPerTile}_${biasKind}`,
    dispatchLayout: {x: [0], y: [1]}, // not flat: the shader's main() takes no index
    dispatch: [Math.ceil(n / tiling.rows), 1, 1],
    workgroupSize: [tiling.rows * tiling.split, 1, 1],
    variableNames: bias ? ["Q", "K", "V", "Bias"] : ["Q", "K", "V"],
    uniforms: "scale : f32,",
    getUserCode: () => fusedAttentionShader(d, dv, tiling, biasKind)
  };
  const inputs = bias ? [q, k, v, bias] : [q, k, v];
  const scale = options.scale ?? 1 / Math.sqrt(d);
  const output = backend.runWebGPUProgram(program, inputs, "float32", [{type: "float32", data: [scale]}]);
  return tf.engine().makeTensorFromTensorInfo(output) as tf.Tensor2D; // [n, dv]
}
