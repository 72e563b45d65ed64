/** SPEC.md section 6c: token pruning vs grounding, on the CPU backend, over three seeds of 2000 scenes. */
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {CellError, cellSource} from "../../components/editing/editableCells.js";
import {ParameterError} from "../../components/runtime/parameters.js";
import {runEditedCell} from "../../components/editing/runEditedCell.js";
import {mulberry32} from "../../components/runtime/prng.js";
import {useBackend} from "../../components/runtime/runtime.js";
import {
  PRUNING_KEEPS,
  PRUNING_METHOD_KEYS,
  keptCount,
  keptPatches,
  makePruningScenes,
  randomScores,
  runTokenPruning,
  type PruningRow,
  type PruningScoreOutcome,
  type TokenPruningResult
} from "../../components/chapters/06-cost/tokenPruning.js";

const SEEDS = [1, 2, 3];
const results = new Map<number, TokenPruningResult>();

before(async () => {
  await useBackend("cpu");
  for (const seed of SEEDS) results.set(seed, await runTokenPruning({seed}));
});

/** The table's row at keep ratio κ. */
const at = (result: TokenPruningResult, keep: number): PruningRow => result.pruning.find((row) => row.keep === keep)!;
/** A row as "κ: survival c/r/t, grounding c/r/t" for messages. */
const describe = (row: PruningRow) =>
  `κ ${row.keep}: survival ${PRUNING_METHOD_KEYS.map((m) => row.survival[m].toFixed(3)).join("/")}, grounding ${PRUNING_METHOD_KEYS.map((m) => row.grounding[m].toFixed(3)).join("/")}`;

test(`the table covers SPEC's keep ratios (${PRUNING_KEEPS}) on 2000 scenes, with attention FLOPs ∝ κ²`, () => {
  for (const result of results.values()) {
    assert.equal(result.backend, "cpu");
    assert.equal(result.scenes, 2000);
    assert.deepEqual(result.pruning.map((row) => row.keep), PRUNING_KEEPS);
    assert.deepEqual(result.pruning.map((row) => row.kept), [8, 16, 32, 64]);
    assert.deepEqual(result.pruning.map((row) => row.flops), PRUNING_KEEPS.map((keep) => keep ** 2));
  }
});

test("without pruning (κ = 1) every method keeps the target and grounds alike, ≈ .965 (SPEC: .965)", () => {
  for (const [seed, result] of results) {
    const row = at(result, 1);
    for (const method of PRUNING_METHOD_KEYS) assert.equal(row.survival[method], 1, `seed ${seed}: ${describe(row)}`);
    assert.equal(row.grounding.cls, row.grounding.text);
    assert.equal(row.grounding.random, row.grounding.text);
    assert.ok(row.grounding.text >= 0.93 && row.grounding.text <= 0.99, `seed ${seed}: ${describe(row)}`);
  }
});

test("text-conditioned pruning keeps the target (≥ .97) and grounds as well as no pruning (≥ .93) at every κ", () => {
  for (const [seed, result] of results) {
    for (const row of result.pruning) {
      assert.ok(row.survival.text >= 0.97, `seed ${seed}: ${describe(row)}`);
      assert.ok(row.grounding.text >= 0.93, `seed ${seed}: ${describe(row)}`);
      assert.equal(row.grounding.text, at(result, 1).grounding.text, `seed ${seed}: the best patch by q·x_p is always kept`);
    }
  }
});

test("query-agnostic [CLS] pruning drops the small target at κ = .125 (≤ .05; SPEC .00) and keeps it about half the time at κ = .25 (SPEC .50)", () => {
  for (const [seed, result] of results) {
    const [eighth, quarter, half] = [0.125, 0.25, 0.5].map((keep) => at(result, keep));
    assert.ok(eighth.survival.cls <= 0.05, `seed ${seed}: ${describe(eighth)}`);
    assert.ok(quarter.survival.cls >= 0.4 && quarter.survival.cls <= 0.6, `seed ${seed}: ${describe(quarter)}`);
    assert.ok(half.survival.cls >= 0.57 && half.survival.cls <= 0.77, `seed ${seed}: ${describe(half)}`);
    assert.ok(eighth.grounding.text - eighth.grounding.cls >= 0.8, `seed ${seed}: ${describe(eighth)}`);
  }
});

test("random pruning keeps the target as often as chance allows, 1 − C(62, k)/C(64, k) (SPEC: .24 / .44 / .74 ± .07)", () => {
  const table = new Map([[0.125, 0.24], [0.25, 0.44], [0.5, 0.74]]);
  for (const [seed, result] of results) {
    for (const [keep, spec] of table) {
      const row = at(result, keep);
      const k = row.kept;
      const chance = 1 - ((64 - k) * (63 - k)) / (64 * 63);
      assert.ok(Math.abs(row.survival.random - spec) <= 0.07, `seed ${seed}: ${describe(row)}`);
      assert.ok(Math.abs(row.survival.random - chance) <= 0.04, `seed ${seed}: ${describe(row)} vs chance ${chance.toFixed(3)}`);
    }
  }
});

test("grounding never beats survival: a dropped target cannot be found", () => {
  for (const [seed, result] of results) {
    for (const row of result.pruning) for (const method of PRUNING_METHOD_KEYS) assert.ok(row.grounding[method] <= row.survival[method], `seed ${seed}: ${describe(row)}`);
  }
});

test("scenes follow SPEC: a 3×4 distractor block, 2 adjacent target patches outside it, a unit query", () => {
  const scenes = makePruningScenes(mulberry32(7), 300);
  assert.equal(scenes.patches.length, 300 * 64 * 16);
  for (let s = 0; s < scenes.count; ++s) {
    const block = scenes.distractors[s];
    const rows = block.map((p) => Math.floor(p / 8));
    const columns = block.map((p) => p % 8);
    assert.equal(new Set(block).size, 12);
    assert.equal(Math.max(...rows) - Math.min(...rows), 2);
    assert.equal(Math.max(...columns) - Math.min(...columns), 3);
    const [a, b] = scenes.targets[s];
    assert.ok((b === a + 1 && Math.floor(a / 8) === Math.floor(b / 8)) || b === a + 8, `scene ${s}: target ${a}, ${b}`);
    assert.ok(!block.includes(a) && !block.includes(b));
    assert.equal(scenes.targetMask.subarray(s * 64, (s + 1) * 64).reduce((sum, v) => sum + v, 0), 2);
    assert.ok(Math.abs(Math.hypot(...scenes.queries.subarray(s * 16, (s + 1) * 16)) - 1) < 1e-5);
  }
});

test("random scores are a permutation per scene, so they are never tied", () => {
  const scores = randomScores(mulberry32(3), 50);
  for (let s = 0; s < 50; ++s) {
    const ranks = Array.from(scores.subarray(s * 64, (s + 1) * 64), (u) => u * 64 - 0.5).sort((a, b) => a - b);
    assert.deepEqual(ranks, Array.from({length: 64}, (_, p) => p));
  }
});

test("the example scene carries 64 patches of 16, every method's 64 scores, and keptPatches draws its pruning", () => {
  for (const [seed, {example}] of results) {
    assert.equal(example.grid, 8);
    assert.equal(example.patches.length, 64);
    for (const patch of example.patches) assert.equal(patch.length, 16);
    assert.equal(example.target.length, 2);
    assert.equal(example.distractor.length, 12);
    for (const method of PRUNING_METHOD_KEYS) assert.equal(example.scores[method].length, 64);
    assert.equal(example.query.length, 16);
    const text = example.patches.map((x) => x.reduce((sum, v, d) => sum + v * example.query[d], 0)); // q·x_p
    text.forEach((score, p) => assert.ok(Math.abs(score - example.scores.text[p]) < 1e-4, `seed ${seed}: patch ${p}`));
    for (const keep of PRUNING_KEEPS) assert.equal(keptPatches(example.scores.random, keep).size, keptCount(keep));
    for (const p of keptPatches(example.scores.cls, 0.125)) assert.ok(example.distractor.includes(p), `seed ${seed}: [CLS] keeps ${p} at κ = .125`);
    assert.equal(keptPatches(example.scores.text, 1).size, 64);
  }
  assert.equal(keptCount(0.3), 20);
  assert.equal(keptCount(0.001), 1);
  assert.equal(keptCount(0.07, 100), 7);
  assert.deepEqual([...keptPatches([3, 1, 3, 2], 0.5)], [0, 2]);
});

test("any keep ratio in (0, 1] runs, sorted and without repeats", async () => {
  const result = await runTokenPruning({seed: 4, scenes: 200, keeps: [1, 0.3, 0.3, 0.05]});
  assert.deepEqual(result.pruning.map((row) => [row.keep, row.kept]), [[0.05, 4], [0.3, 20], [1, 64]]);
  assert.equal(result.pruning[1].flops, (20 / 64) ** 2);
});

test("the same seed gives the same numbers, another seed different ones", async () => {
  const a = await runTokenPruning({seed: 11, scenes: 300});
  const b = await runTokenPruning({seed: 11, scenes: 300});
  const c = await runTokenPruning({seed: 12, scenes: 300});
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.pruning, c.pruning);
});

test("no tensor is leaked by the experiment", async () => {
  const baseline = tf.memory().numTensors;
  await runTokenPruning({seed: 5, scenes: 100});
  assert.equal(tf.memory().numTensors, baseline);
});

test("out-of-range settings and keep ratios are refused with a message naming them", async () => {
  await assert.rejects(runTokenPruning({scenes: 50}), ParameterError);
  await assert.rejects(runTokenPruning({scenes: 50}), /scenes must be between 100 and 5000, not 50/);
  await assert.rejects(runTokenPruning({noise: -1}), /patch noise σ must be between/);
  await assert.rejects(runTokenPruning({keeps: [0.5, 0]}), /keep ratios must be in \(0, 1\], not 0/);
  await assert.rejects(runTokenPruning({keeps: [1.5]}), ParameterError);
  await assert.rejects(runTokenPruning({keeps: []}), ParameterError);
  assert.throws(() => keptPatches(new Array(64).fill(0), 0), ParameterError);
});

const scoreCell = cellSource(readFileSync("components/chapters/06-cost/cells/pruningScore.js", "utf-8"));
const CELL_RUN = {seed: 1, scenes: 300, keeps: [0.125, 0.25]}; // a few hundred milliseconds a run
const edited = (from: string, to: string) => {
  assert.ok(scoreCell.includes(from), from);
  return scoreCell.replace(from, to);
};

test("the pruning-score cell as the page shows it gives the [CLS] rows of the course's table exactly", async () => {
  const same = (await runEditedCell("pruning.score", scoreCell, CELL_RUN)) as PruningScoreOutcome;
  const course = await runTokenPruning(CELL_RUN);
  assert.deepEqual(same.rows, course.pruning.map(({keep, kept, survival, grounding}) => ({keep, kept, survival: survival.cls, grounding: grounding.cls})));
});

test("the page's edits: a score that reads the question (q·x_p) grounds at κ = 1/8; one by loudness (‖x_p‖) spends κ = 1/8 on the distractor and keeps the target at κ = 1/4", async () => {
  const text = (await runEditedCell("pruning.score", edited("tf.matMul(x, mean, false, true)", "tf.matMul(x, scene.query)"), CELL_RUN)) as PruningScoreOutcome;
  const loud = (await runEditedCell("pruning.score", edited("tf.reshape(tf.matMul(x, mean, false, true), [S, P])", 'tf.norm(x, "euclidean", 2)'), CELL_RUN)) as PruningScoreOutcome;
  const [textEighth, loudEighth, loudQuarter] = [text.rows[0], loud.rows[0], loud.rows[1]];
  assert.ok(textEighth.grounding >= 0.9, `q·x_p at κ = 1/8: ${JSON.stringify(textEighth)}`);
  assert.ok(loudEighth.survival <= 0.05, `‖x_p‖ at κ = 1/8: ${JSON.stringify(loudEighth)}`);
  assert.ok(loudQuarter.survival >= 0.95, `‖x_p‖ at κ = 1/4: ${JSON.stringify(loudQuarter)}`);
});

test("a score of the wrong shape, or tied where the keep ratio cuts, is stopped with a message naming it, and leaks no tensor", async () => {
  const baseline = tf.memory().numTensors;
  const fails = (pattern: RegExp) => (error: unknown) => error instanceof CellError && error.kind === "shape" && pattern.test(error.message);
  await assert.rejects(runEditedCell("pruning.score", edited("tf.reshape(tf.matMul(x, mean, false, true), [S, P])", "tf.matMul(x, mean, false, true)"), CELL_RUN), fails(/^Your code returned a \[300, 64, 1\] tensor, not \[300, 64\]: one score per patch of every scene\.$/));
  await assert.rejects(runEditedCell("pruning.score", edited("tf.reshape(tf.matMul(x, mean, false, true), [S, P])", "tf.zeros([S, P])"), CELL_RUN), fails(/tied scores in scene 1: patches 8 and 9 .* both score 0, so which 8 patches to keep is not defined/));
  assert.equal(tf.memory().numTensors, baseline);
});
