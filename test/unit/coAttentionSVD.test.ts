/** SPEC.md section 7: the SVD of a planted co-attention matrix, on the CPU backend, over three seeds. */
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {
  conceptDirections,
  type CoAttentionSVDResult,
  plantedScene,
  powerSVD,
  runCoAttentionSVD,
  runSVDNoiseSweep,
  subspaceCosine,
  SVD_SCENE,
  SWEEP_NOISES,
  SWEEP_SEEDS,
  type SVDSweepPoint
} from "../../components/chapters/07-svd/coAttentionSVD.js";
import {CellError, cellSource} from "../../components/editing/editableCells.js";
import {ParameterError} from "../../components/runtime/parameters.js";
import {runEditedCell} from "../../components/editing/runEditedCell.js";
import {useBackend} from "../../components/runtime/runtime.js";

// mathjs's CommonJS build: its ES-module build is ~1000 files that tsx's loader visits one by one,
// which took 4.8 s against 2.3 s here (measured on a loaded 2-core machine).
const {eigs} = createRequire(import.meta.url)("mathjs") as typeof import("mathjs");

const SEEDS = [1, 2, 3];
const PREDICTED = [8, 4, 2 * Math.SQRT2]; // a√(|S||T|) = √64, √16, √8
const at05 = new Map<number, CoAttentionSVDResult>(); // σ = 0.05, SPEC's setting
const at10 = new Map<number, CoAttentionSVDResult>(); // σ = 0.1
let tie: CoAttentionSVDResult; // a₃ = √2
let sweep: {points: SVDSweepPoint[]; backend: string};

const fmt = (xs: number[]) => xs.map((x) => x.toFixed(4)).join(", ");
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((sum, value, i) => sum + value * b[i], 0);
const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));

before(async () => {
  await useBackend("cpu");
  for (const seed of SEEDS) {
    at05.set(seed, await runCoAttentionSVD({seed}));
    at10.set(seed, await runCoAttentionSVD({seed, noise: 0.1}));
  }
  tie = await runCoAttentionSVD({seed: 1, strength3: Math.SQRT2});
  sweep = await runSVDNoiseSweep();
});

test("the scene: 8 × 8 patches, 16 tokens, concepts of (16, 8, 4) patches and (4, 2, 2) tokens, predicted σ 8, 4, 2.83", () => {
  assert.deepEqual(SVD_SCENE.concepts.map((concept) => concept.patches.length), [16, 8, 4]);
  assert.deepEqual(SVD_SCENE.concepts.map((concept) => concept.tokens.map((t) => SVD_SCENE.tokens[t]).join(" ")), ["big red barn roof", "white dog", "black cat"]);
  assert.deepEqual(SVD_SCENE.concepts[2].patches, [41, 42, 49, 50]);
  for (const [seed, result] of at05) {
    assert.equal(result.backend, "cpu");
    assert.deepEqual(result.order, ["barn", "dog", "cat"]);
    assert.equal(result.affinity.length, 64);
    assert.ok(result.affinity.every((row) => row.length === 16));
    assert.equal(result.modes.length, 5);
    assert.ok(result.modes.every((mode) => mode.u.length === 64 && mode.v.length === 16));
    for (let k = 0; k < 3; ++k) assert.ok(Math.abs(result.predicted[k] - PREDICTED[k]) < 1e-12, `seed ${seed}: predicted ${fmt(result.predicted)}`);
  }
});

test("the planted model: μ_k orthonormal, and the affinity read back is C = XYᵀ of plantedScene", () => {
  const mu = conceptDirections(1);
  for (let j = 0; j < 3; ++j) {
    for (let k = 0; k < 3; ++k) {
      const value = dot(mu.subarray(j * 32, (j + 1) * 32), mu.subarray(k * 32, (k + 1) * 32));
      assert.ok(Math.abs(value - (j === k ? 1 : 0)) < 1e-12, `μ${j + 1}·μ${k + 1} = ${value}`);
    }
  }
  const {x, y} = plantedScene(2, 0.05, 1);
  const {affinity} = at05.get(2)!;
  let worst = 0;
  for (let p = 0; p < 64; ++p) for (let t = 0; t < 16; ++t) worst = Math.max(worst, Math.abs(affinity[p][t] - dot(x.subarray(p * 32, (p + 1) * 32), y.subarray(t * 32, (t + 1) * 32))));
  assert.ok(worst < 1e-5, `largest |C − XYᵀ| = ${worst}`);
});

test("σ = 0.05: the gap σ₃/σ₄ > 5", () => {
  for (const [seed, result] of at05) assert.ok(result.gap > 5, `seed ${seed}: σ₁..σ₅ = ${fmt(result.singularValues)}, gap ${result.gap}`);
});

test("σ = 0.05: |cos(u_k, 1_{S_k})| > 0.9 and |cos(v_k, 1_{T_k})| > 0.9 for barn, dog and cat", () => {
  for (const [seed, result] of at05) {
    for (let k = 0; k < 3; ++k) {
      assert.ok(result.cosPatches[k] > 0.9, `seed ${seed}: patch cosines ${fmt(result.cosPatches)}`);
      assert.ok(result.cosTokens[k] > 0.9, `seed ${seed}: token cosines ${fmt(result.cosTokens)}`);
    }
  }
});

test("σ = 0.05: σ_k within 15% of the prediction a_k√(|S_k||T_k|) = 8, 4, 2.83", () => {
  for (const [seed, result] of at05) {
    for (let k = 0; k < 3; ++k) {
      const ratio = result.singularValues[k] / PREDICTED[k];
      assert.ok(Math.abs(ratio - 1) < 0.15, `seed ${seed}: σ₁..σ₃ = ${fmt(result.singularValues.slice(0, 3))}, predicted ${fmt(PREDICTED)}`);
    }
  }
});

test("power iteration agrees with a float64 eigendecomposition of CᵀC (mathjs eigs): σ₁..σ₅ to 1e-4 relative, modes 1–3 to |cos| > 1 − 1e-4", () => {
  for (const [seed, result] of at05) {
    const c = result.affinity; // [64][16], the float32 C the power iteration saw
    const g = Array.from({length: 16}, (_, i) => Array.from({length: 16}, (_, j) => c.reduce((sum, row) => sum + row[i] * row[j], 0))); // CᵀC in float64
    const pairs = eigs(g)
      .eigenvectors.map(({value, vector}) => ({value: Number(value), vector: vector as number[]}))
      .sort((a, b) => b.value - a.value);
    const reference = pairs.slice(0, 5).map(({value}) => Math.sqrt(Math.max(0, value)));
    for (let r = 0; r < 5; ++r) {
      const relative = Math.abs(result.singularValues[r] - reference[r]) / reference[r];
      assert.ok(relative < 1e-4, `seed ${seed}: power ${fmt(result.singularValues)}, reference ${fmt(reference)}`);
    }
    for (let r = 0; r < 3; ++r) {
      const v = pairs[r].vector;
      const u = c.map((row) => dot(row, v) / reference[r]); // u = Cv/σ from the reference
      const [cosV, cosU] = [Math.abs(cosine(result.modes[r].v, v)), Math.abs(cosine(result.modes[r].u, u))];
      assert.ok(cosV > 1 - 1e-4 && cosU > 1 - 1e-4, `seed ${seed}, mode ${r + 1}: |cos(v, v_ref)| = ${cosV}, |cos(u, u_ref)| = ${cosU}`);
    }
  }
});

// v_i·v_j is float32 round-off of the deflated G (~2e-5 measured); u = Cv/σ multiplies v's stray
// component along an earlier v_j by σ_j/σ_i, up to 8/0.17 ≈ 50 for the noise modes (1.1e-3 measured).
test("the modes are orthonormal (v to 1e-4, u = Cv/σ to 5e-3), and each u_r has its largest-magnitude entry positive", () => {
  for (const [seed, result] of at05) {
    for (let i = 0; i < 5; ++i) {
      const {u, v} = result.modes[i];
      assert.ok(Math.abs(dot(u, u) - 1) < 1e-4 && Math.abs(dot(v, v) - 1) < 1e-4, `seed ${seed}, mode ${i + 1}: ‖u‖² = ${dot(u, u)}, ‖v‖² = ${dot(v, v)}`);
      const largest = u.reduce((best, value) => (Math.abs(value) > Math.abs(best) ? value : best), 0);
      assert.ok(largest > 0, `seed ${seed}, mode ${i + 1}: largest |u_p| is ${largest}`);
      for (let j = 0; j < i; ++j) {
        const [uu, vv] = [dot(u, result.modes[j].u), dot(v, result.modes[j].v)];
        assert.ok(Math.abs(uu) < 5e-3 && Math.abs(vv) < 1e-4, `seed ${seed}: u${i + 1}·u${j + 1} = ${uu}, v${i + 1}·v${j + 1} = ${vv}`);
      }
    }
  }
});

test("exact small cases, batched: a rank-1 C = abᵀ gives σ₁ = ‖a‖‖b‖, u ∝ a, v ∝ b; a diagonal C gives sorted |diagonal|; nothing leaks", async () => {
  const a = [1, -2, 0.5, 3, -1];
  const b = [2, 0, -1, 1];
  const rankOne = a.flatMap((ai) => b.map((bj) => ai * bj)); // [5 · 4]
  const diagonal = [3, 0, 0, 0, 0, -5, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0]; // diag(3, −5, 1, 2) over a zero fifth row
  const baseline = tf.memory().numTensors;
  const c = tf.tensor3d([...rankOne, ...diagonal], [2, 5, 4]); // [B = 2, P = 5, T = 4]
  const svd = await powerSVD(c, 4, {iterations: 200, seed: 7});
  assert.equal(tf.memory().numTensors, baseline + 4, "powerSVD returns exactly values, u and v");
  const [values, u, v] = [await svd.values.array(), await svd.u.array(), await svd.v.array()];
  tf.dispose([c, svd.values, svd.u, svd.v]);
  assert.equal(tf.memory().numTensors, baseline);

  const expected = Math.hypot(...a) * Math.hypot(...b);
  assert.ok(Math.abs(values[0][0] - expected) / expected < 1e-5, `rank 1: σ₁ = ${values[0][0]}, ‖a‖‖b‖ = ${expected}`);
  assert.ok(values[0].slice(1).every((sigma) => sigma < 1e-2), `rank 1: σ₂..σ₄ = ${fmt(values[0].slice(1))}`);
  const [u1, v1] = [u[0].map((row) => row[0]), v[0].map((row) => row[0])];
  assert.ok(cosine(u1, a) > 1 - 1e-6, `rank 1: cos(u₁, a) = ${cosine(u1, a)} (a's largest entry, 3, is positive)`);
  assert.ok(cosine(v1, b) > 1 - 1e-6, `rank 1: cos(v₁, b) = ${cosine(v1, b)}`);

  assert.ok(values[1].every((sigma, i) => Math.abs(sigma - [5, 3, 2, 1][i]) < 1e-5), `diagonal: σ = ${fmt(values[1])}, expected 5, 3, 2, 1`);
  const rows = [1, 0, 3, 2]; // where each mode's patch entry lies
  const columns = [1, 0, 3, 2];
  const signs = [-1, 1, 1, 1]; // u = +e_row, so v carries the sign of the diagonal entry
  for (let r = 0; r < 4; ++r) {
    assert.ok(Math.abs(u[1][rows[r]][r] - 1) < 1e-5, `diagonal mode ${r + 1}: u = ${fmt(u[1].map((row) => row[r]))}`);
    assert.ok(Math.abs(v[1][columns[r]][r] - signs[r]) < 1e-5, `diagonal mode ${r + 1}: v = ${fmt(v[1].map((row) => row[r]))}`);
  }
});

test("more noise blurs the modes: σ₃/σ₄ at σ = 0.1 is smaller than at σ = 0.05 for every seed", () => {
  for (const seed of SEEDS) {
    const [clean, noisy] = [at05.get(seed)!, at10.get(seed)!];
    assert.ok(noisy.gap < clean.gap, `seed ${seed}: gap ${clean.gap} at 0.05, ${noisy.gap} at 0.1 (σ₁..σ₅ = ${fmt(noisy.singularValues)})`);
  }
});

test("a tie (a₃ = √2, σ₂ ≈ σ₃ ≈ 4): span(u₁..u₃) and span(v₁..v₃) still match the concepts (subspace cos > 0.9)", () => {
  assert.ok(Math.abs(tie.predicted[1] - tie.predicted[2]) < 1e-12, `predicted ${fmt(tie.predicted)}`);
  const message = `σ = ${fmt(tie.singularValues)}, subspace cos ${tie.subspace.patches} / ${tie.subspace.tokens}, individual patch cosines ${fmt(tie.cosPatches)}`;
  assert.ok(tie.subspace.patches > 0.9, message);
  assert.ok(tie.subspace.tokens > 0.9, message);
});

test("subspaceCosine: 1 for the same span in another basis, 0 for orthogonal spans, cos θ for a plane tilted by θ", () => {
  const e = (i: number) => [0, 0, 0, 0].map((_, j) => (j === i ? 1 : 0));
  assert.ok(Math.abs(subspaceCosine([e(0), e(1)], [[1, 1, 0, 0], [1, -2, 0, 0]]) - 1) < 1e-12);
  assert.ok(subspaceCosine([e(0), e(1)], [e(2), e(3)]) < 1e-12);
  const theta = 0.3;
  const tilted = subspaceCosine([e(0), e(1)], [e(0), [0, Math.cos(theta), Math.sin(theta), 0]]);
  assert.ok(Math.abs(tilted - Math.cos(theta)) < 1e-12, `got ${tilted}`);
});

test("the noise sweep (13 levels × 5 seeds, one batch) gives runCoAttentionSVD's σ₁..σ₄ at σ = 0.05 to 1e-4", () => {
  assert.equal(sweep.backend, "cpu");
  assert.deepEqual([...new Set(sweep.points.map((point) => point.noise))], SWEEP_NOISES);
  assert.equal(SWEEP_NOISES.length, 13);
  assert.equal(sweep.points.length, 13 * SWEEP_SEEDS.length);
  for (const seed of SEEDS) {
    const point = sweep.points.find((p) => p.noise === 0.05 && p.seed === seed)!;
    const single = at05.get(seed)!;
    for (let r = 0; r < 4; ++r) {
      assert.ok(Math.abs(point.singularValues[r] - single.singularValues[r]) < 1e-4 * single.singularValues[r], `seed ${seed}: sweep ${fmt(point.singularValues)}, single ${fmt(single.singularValues)}`);
    }
    assert.ok(Math.abs(point.gap - single.gap) < 1e-3 * single.gap, `seed ${seed}: gap ${point.gap} vs ${single.gap}`);
    assert.ok(Math.abs(point.minCosPatches - Math.min(...single.cosPatches)) < 1e-4, `seed ${seed}: ${point.minCosPatches} vs ${fmt(single.cosPatches)}`);
    assert.ok(Math.abs(point.minCosTokens - Math.min(...single.cosTokens)) < 1e-4, `seed ${seed}: ${point.minCosTokens} vs ${fmt(single.cosTokens)}`);
  }
});

test("the WASM backend gives the CPU backend's singular values and cosines (to 1e-4)", async () => {
  await useBackend("wasm");
  try {
    const wasm = await runCoAttentionSVD({seed: 1});
    assert.equal(wasm.backend, "wasm");
    const cpu = at05.get(1)!;
    for (const key of ["singularValues", "cosPatches", "cosTokens"] as const) {
      assert.ok(wasm[key].every((value, i) => Math.abs(value - cpu[key][i]) < 1e-4 * Math.max(1, cpu[key][i])), `${key}: wasm ${fmt(wasm[key])}, cpu ${fmt(cpu[key])}`);
    }
  } finally {
    await useBackend("cpu");
  }
});

test("a run the reader replaced stops at its next turn: it rejects with the signal's reason and leaks no tensor", async () => {
  const before = tf.memory().numTensors;
  for (const run of [(signal: AbortSignal) => runCoAttentionSVD({seed: 1}, {signal}), (signal: AbortSignal) => runSVDNoiseSweep({}, {signal})]) {
    const controller = new AbortController();
    const running = run(controller.signal);
    controller.abort(new Error("replaced"));
    await assert.rejects(running, /replaced/);
  }
  assert.equal(tf.memory().numTensors, before);
});

test("the same seed gives the same numbers, another seed different ones", async () => {
  assert.deepEqual(await runCoAttentionSVD({seed: 1}), at05.get(1));
  assert.notDeepEqual(at05.get(1)!.singularValues, at05.get(2)!.singularValues);
});

test("a louder cat (a₃ = 3) comes first: concepts are matched to modes by predicted σ", async () => {
  const result = await runCoAttentionSVD({seed: 1, strength3: 3, iterations: 10});
  assert.deepEqual(result.order, ["cat", "barn", "dog"]);
  assert.deepEqual(result.concepts.map((concept) => concept.name), result.order);
  assert.ok(result.predicted[0] > result.predicted[1], `predicted ${fmt(result.predicted)}`);
});

test("out-of-range settings throw a ParameterError naming the setting, and no tensor is leaked", async () => {
  await assert.rejects(() => runCoAttentionSVD({noise: 0.6}), ParameterError);
  await assert.rejects(() => runCoAttentionSVD({noise: -0.1}), /noise σ must be between 0 and 0.5/);
  await assert.rejects(() => runCoAttentionSVD({strength3: 0.1}), /cat strength a₃ must be between 0.25 and 3/);
  await assert.rejects(() => runCoAttentionSVD({iterations: 2.5}), /power iterations must be a whole number/);
  await assert.rejects(() => runCoAttentionSVD({seed: -1}), ParameterError);
  await assert.rejects(() => runSVDNoiseSweep({noises: [0.05, 0.7]}), /noise σ must be between 0 and 0.5, not 0.7/);
  await assert.rejects(() => runSVDNoiseSweep({seeds: [1.5]}), /seed must be a whole number/);
  await assert.rejects(() => runSVDNoiseSweep({noises: []}), ParameterError);
  await assert.rejects(() => runSVDNoiseSweep({iterations: 0}), /power iterations/);

  const baseline = tf.memory().numTensors;
  await runCoAttentionSVD({seed: 4, iterations: 20});
  await runSVDNoiseSweep({noises: [0, 0.1], seeds: [1, 2], iterations: 20});
  assert.equal(tf.memory().numTensors, baseline);
});

const affinityCell = cellSource(readFileSync("components/chapters/07-svd/cells/coAttentionAffinity.js", "utf-8"));
const editAffinity = (to: string) => {
  const from = "return tf.matMul(x, y, false, true);";
  assert.ok(affinityCell.includes(from));
  return affinityCell.replace(from, to);
};

test("the affinity cell as the page shows it gives the course's decomposition exactly (seed 1, σ = 0.05)", async () => {
  assert.deepEqual(await runEditedCell("svd.affinity", affinityCell, {seed: 1}), at05.get(1));
});

test("the page's edits, seeds 1–3: cosine affinities lift σ₄ from about 0.2 to 1.5 and close the gap from about 14 to 2; tanh keeps the modes; a softmax over the words smears them (|cos| about 0.5)", async () => {
  const cosineRows = editAffinity('const xn = tf.div(x, tf.norm(x, "euclidean", 2, true)); // [B, 64, 32]\n  const yn = tf.div(y, tf.norm(y, "euclidean", 2, true)); // [B, 16, 32]\n  return tf.matMul(xn, yn, false, true);');
  for (const seed of SEEDS) {
    const original = at05.get(seed)!;
    const cosine = (await runEditedCell("svd.affinity", cosineRows, {seed})) as CoAttentionSVDResult;
    const text = `seed ${seed}: σ₄ ${original.singularValues[3]} → ${cosine.singularValues[3]}, σ₃/σ₄ ${original.gap} → ${cosine.gap}`;
    assert.ok(original.singularValues[3] > 0.15 && original.singularValues[3] < 0.25 && cosine.singularValues[3] > 1.2 && cosine.singularValues[3] < 1.8, text);
    assert.ok(original.gap > 12 && original.gap < 17 && cosine.gap > 1.5 && cosine.gap < 2.6, text);
    const tanh = (await runEditedCell("svd.affinity", editAffinity("return tf.tanh(tf.matMul(x, y, false, true));"), {seed})) as CoAttentionSVDResult;
    assert.ok(Math.min(...tanh.cosPatches, ...tanh.cosTokens) > 0.9 && tanh.singularValues[0] < original.singularValues[0], `seed ${seed}, tanh: |cos| ${fmt(tanh.cosPatches)} / ${fmt(tanh.cosTokens)}, σ₁ ${tanh.singularValues[0]}`);
    const softmax = (await runEditedCell("svd.affinity", editAffinity("return tf.softmax(tf.matMul(x, y, false, true));"), {seed})) as CoAttentionSVDResult;
    assert.ok(softmax.cosPatches.every((c) => c > 0.35 && c < 0.65) && softmax.gap < 3, `seed ${seed}, softmax: |cos| ${fmt(softmax.cosPatches)}, gap ${softmax.gap}`);
  }
});

test("an affinity of the wrong shape, or with a NaN, is stopped with a message naming it, and leaks no tensor", async () => {
  const baseline = tf.memory().numTensors;
  const fails = (pattern: RegExp) => (error: unknown) => error instanceof CellError && error.kind === "shape" && pattern.test(error.message);
  await assert.rejects(runEditedCell("svd.affinity", editAffinity("return tf.matMul(y, x, false, true);"), {seed: 1}), fails(/^Your code returned a \[1, 16, 64\] tensor, not \[1, 64, 16\]: one affinity per patch \(row\) and word \(column\)\.$/));
  await assert.rejects(runEditedCell("svd.affinity", editAffinity("return tf.div(tf.matMul(x, y, false, true), 0);"), {seed: 1}), fails(/an affinity of (Infinity|-Infinity|NaN) for patch 1 and the word “the”: every entry must be a finite number/));
  assert.equal(tf.memory().numTensors, baseline);
});
