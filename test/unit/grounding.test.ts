/** SPEC.md section 3: the claims of QKV cross-attention grounding, on the CPU backend, over three seeds. */
import assert from "node:assert/strict";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {
  BETA1S,
  COLOURS,
  SHAPES,
  coAttentionMaps,
  makeSceneFor,
  makeScenes,
  parsePhrase,
  runGrounding,
  twoStepAttention,
  type GroundingResult,
  type ParsedPhrase
} from "../../components/chapters/03-grounding/grounding.js";
import {readFileSync} from "node:fs";
import {type GroundingCellResult} from "../../components/chapters/03-grounding/grounding.js";
import {CellError, cellSource} from "../../components/editing/editableCells.js";
import {runEditedCell} from "../../components/editing/runEditedCell.js";
import {ParameterError} from "../../components/runtime/parameters.js";
import {useBackend} from "../../components/runtime/runtime.js";

const SEEDS = [1, 2, 3];
const results = new Map<number, GroundingResult>();

before(async () => {
  await useBackend("cpu");
  for (const seed of SEEDS) results.set(seed, await runGrounding({seed}));
});

/** Accuracy per β₁ of one task, as "β₁: accuracy" for messages. */
const describe = (result: GroundingResult, task: "left" | "closest") => result.beta1s.map((b, i) => `${b}: ${result.twoStep[task][i]}`).join(", ");

test(`the sweep covers SPEC's β₁ values (${BETA1S}) on 3000 scenes per task`, () => {
  for (const result of results.values()) {
    assert.deepEqual(result.beta1s, BETA1S);
    assert.equal(result.twoStep.left.length, BETA1S.length);
    assert.equal(result.backend, "cpu");
  }
});

test(`"left of": two-step accuracy ≥ 0.99 for β₁ ≥ 4 (seeds ${SEEDS})`, () => {
  for (const [seed, result] of results) {
    result.beta1s.forEach((b, i) => {
      if (b >= 4) assert.ok(result.twoStep.left[i] >= 0.99, `seed ${seed}: ${describe(result, "left")}`);
    });
  }
});

test(`"closest to": two-step accuracy ≥ 0.99 for β₁ ≥ 8 (seeds ${SEEDS})`, () => {
  for (const [seed, result] of results) {
    result.beta1s.forEach((b, i) => {
      if (b >= 8) assert.ok(result.twoStep.closest[i] >= 0.99, `seed ${seed}: ${describe(result, "closest")}`);
    });
  }
});

// SPEC's assertion line says ≥ 0.99 for β₁ ≥ 4 on both tasks, but SPEC's own verified table gives .985
// for "closest to" at β₁ = 4, and this implementation reproduces the table (.983–.989 over seeds 1–4;
// .986–.987 on 20000 scenes). The line and the table disagree; this asserts the table's value with
// its margin, and ≥ 0.99 from β₁ = 8 (above). Reported on the issue.
test(`"closest to": two-step accuracy ≥ 0.98 at β₁ = 4 (SPEC's table: .985)`, () => {
  for (const [seed, result] of results) {
    const i = result.beta1s.indexOf(4);
    assert.ok(result.twoStep.closest[i] >= 0.98, `seed ${seed}: ${describe(result, "closest")}`);
  }
});

test("two-step accuracy rises with β₁ as the anchor estimate sharpens (|x̂_b − x_b| < 0.001 at β₁ = 8)", () => {
  for (const [seed, result] of results) {
    const {anchorError, twoStep} = result;
    for (let i = 1; i < anchorError.length; ++i) assert.ok(anchorError[i] < anchorError[i - 1], `seed ${seed}: anchor error ${anchorError}`);
    assert.ok(anchorError[anchorError.length - 1] < 0.001, `seed ${seed}: anchor error ${anchorError}`);
    assert.ok(twoStep.closest[twoStep.closest.length - 1] > twoStep.closest[0] + 0.2, `seed ${seed}: ${describe(result, "closest")}`);
  }
});

test("content-only: the one-step query (red ⊕ ball) is at chance between the two red balls (≤ 0.56)", () => {
  for (const [seed, result] of results) assert.ok(result.oneStep <= 0.56, `seed ${seed}: one-step ${result.oneStep}`);
});

test("bag of words (red + ball + blue + cube) does worse than content-only", () => {
  for (const [seed, result] of results) assert.ok(result.bagOfWords < result.oneStep - 0.2, `seed ${seed}: bag of words ${result.bagOfWords}, one-step ${result.oneStep}`);
});

test(`"leftmost red ball" shortcut: ≥ 0.99 on "left of" (logically equivalent there), ≤ 0.56 on "closest to"`, () => {
  for (const [seed, {leftmostShortcut}] of results) {
    assert.ok(leftmostShortcut.left >= 0.99, `seed ${seed}: left ${leftmostShortcut.left}`);
    assert.ok(leftmostShortcut.closest <= 0.56, `seed ${seed}: closest ${leftmostShortcut.closest}`);
  }
});

test("phrase-level co-attention (red ball → objects) puts 0.45–0.55 of its mass on the target; each of the target's own words alone (red, ball) only 0.22–0.33", () => {
  for (const [seed, result] of results) {
    assert.ok(result.phraseMassOnTarget >= 0.45 && result.phraseMassOnTarget <= 0.55, `seed ${seed}: phrase mass ${result.phraseMassOnTarget}`);
    assert.ok(result.tokenMassOnTarget >= 0.22 && result.tokenMassOnTarget <= 0.33, `seed ${seed}: token mass ${result.tokenMassOnTarget}`);
    assert.ok(result.tokenMassOnTarget < result.phraseMassOnTarget - 0.15, `seed ${seed}: token mass ${result.tokenMassOnTarget}, phrase mass ${result.phraseMassOnTarget}`);
  }
});

test("the token mass averages over the words that name the target: at β = 30 it is the mean of 1/#(red objects) and 1/#(balls) over the scenes", () => {
  for (const [seed, result] of results) {
    const scenes = makeScenes(3000, seed, "left");
    const share = (count: number) => 1 / count; // a word's softmax splits evenly over the objects that have its attribute (e^−30 elsewhere)
    const expected = scenes.reduce((sum, scene) => sum + (share(scene.objects.filter((o) => o.colour === "red").length) + share(scene.objects.filter((o) => o.shape === "ball").length)) / 2, 0) / scenes.length;
    assert.ok(Math.abs(result.tokenMassOnTarget - expected) < 1e-3, `seed ${seed}: token mass ${result.tokenMassOnTarget}, expected ${expected}`);
  }
});

test("scenes follow SPEC: 8 objects, one blue-cube anchor at x ∈ [0.25, 0.75], two red balls, the target on the correct side", () => {
  for (const task of ["left", "closest"] as const) {
    for (const scene of makeScenes(200, 7, task)) {
      assert.equal(scene.objects.length, 8);
      const anchor = scene.objects[scene.anchor];
      const target = scene.objects[scene.target];
      assert.deepEqual([anchor.colour, anchor.shape, target.colour, target.shape], ["blue", "cube", "red", "ball"]);
      assert.ok(anchor.x >= 0.25 && anchor.x <= 0.75);
      assert.equal(scene.objects.filter((o) => o.colour === "blue" && o.shape === "cube").length, 1);
      const redBalls = scene.objects.filter((o) => o.colour === "red" && o.shape === "ball");
      assert.equal(redBalls.length, 2);
      const other = redBalls.find((o) => o !== target)!;
      if (task === "left") assert.ok(target.x < anchor.x - 0.05 + 1e-12 && other.x > anchor.x + 0.05 - 1e-12);
      else assert.ok(Math.hypot(target.x - anchor.x, target.y - anchor.y) <= Math.hypot(other.x - anchor.x, other.y - anchor.y));
    }
  }
});

test("parsePhrase accepts the vocabulary, case-insensitive, with optional fillers", () => {
  assert.deepEqual(parsePhrase("blue ball left of red cube"), {target: {colour: "blue", shape: "ball"}, relation: "left", anchor: {colour: "red", shape: "cube"}});
  assert.deepEqual(parsePhrase("The RED ball closest to the Blue cube"), {target: {colour: "red", shape: "ball"}, relation: "closest", anchor: {colour: "blue", shape: "cube"}});
  assert.deepEqual(parsePhrase("green cone closest yellow ball"), {target: {colour: "green", shape: "cone"}, relation: "closest", anchor: {colour: "yellow", shape: "ball"}});
  for (const colour of COLOURS) for (const shape of SHAPES) assert.ok(!("error" in parsePhrase(`${colour} ${shape} left of ${colour === "red" ? "blue" : "red"} ${shape}`)));
});

test("parsePhrase rejects an unknown word with a message naming it and listing the vocabulary", () => {
  const parsed = parsePhrase("purple ball left of the blue cube");
  assert.ok("error" in parsed);
  assert.match(parsed.error, /"purple"/);
  assert.match(parsed.error, /red, blue, green, yellow, ball, cube, cone/);
  const two = parsePhrase("red sphere beside blue cube");
  assert.ok("error" in two && /"sphere"/.test(two.error) && /"beside"/.test(two.error));
  const same = parsePhrase("red ball left of red ball");
  assert.ok("error" in same && /different/.test(same.error));
  assert.ok("error" in parsePhrase("red ball blue cube"));
  assert.ok("error" in parsePhrase(""));
});

test("a scene built for any phrase is grounded by the two-step attention at β₁ = 8", async () => {
  const phrases = ["blue ball left of red cube", "green cone closest to the yellow ball", "red ball left of red cube", "yellow cube closest to green cube"].map((text) => parsePhrase(text) as ParsedPhrase);
  for (const phrase of phrases) {
    const scenes = Array.from({length: 20}, (_, seed) => makeSceneFor(phrase, seed));
    for (const scene of scenes) {
      assert.equal(scene.objects.length, 8);
      assert.equal(scene.task, phrase.relation);
      assert.deepEqual({colour: scene.objects[scene.target].colour, shape: scene.objects[scene.target].shape}, phrase.target);
      assert.equal(scene.objects.filter((o) => o.colour === phrase.anchor.colour && o.shape === phrase.anchor.shape).length, 1);
    }
    const trace = await twoStepAttention(scenes, {beta1: 8, query: phrase});
    const correct = scenes.filter((scene, s) => trace.predictions[s] === scene.target).length;
    assert.ok(correct >= 19, `${JSON.stringify(phrase)}: ${correct}/20`);
    for (const row of [...trace.step1, ...trace.step2]) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  }
});

test("co-attention maps: rows sum to 1 each way, function words spread evenly, content words find their objects", async () => {
  const scene = makeScenes(1, 3, "left")[0];
  const words = ["the", "red", "ball", "left", "of", "the", "blue", "cube"];
  const maps = await coAttentionMaps(words, scene);
  assert.deepEqual(maps.words, words);
  assert.equal(maps.textToImage.length, words.length);
  assert.equal(maps.imageToText.length, 8);
  for (const row of [...maps.textToImage, ...maps.imageToText]) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  for (const p of maps.textToImage[3]) assert.ok(Math.abs(p - 1 / 8) < 1e-6); // "left" has zero embedding
  const cube = maps.textToImage[7];
  scene.objects.forEach((o, j) => assert.ok(o.shape === "cube" ? cube[j] > 0.1 : cube[j] < 1e-6));
});

test("the same seed gives the same numbers, another seed different ones", async () => {
  const a = await runGrounding({seed: 11, scenes: 300});
  const b = await runGrounding({seed: 11, scenes: 300});
  const c = await runGrounding({seed: 12, scenes: 300});
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.twoStep, c.twoStep);
});

test("no tensor is leaked by the experiment, the two-step trace or the co-attention maps", async () => {
  const baseline = tf.memory().numTensors;
  await runGrounding({seed: 5, scenes: 100});
  await twoStepAttention(makeScenes(10, 5, "closest"), {beta1: 2});
  await twoStepAttention([], {beta1: 2});
  await coAttentionMaps(["red", "ball"], makeScenes(1, 5, "left")[0]);
  assert.equal(tf.memory().numTensors, baseline);
});

const compositeQuery = () => cellSource(readFileSync("components/chapters/03-grounding/cells/compositeQuery.js", "utf-8"));
/** The cell's text with `from` replaced by `to` (which must be there). */
const edit = (from: string, to: string) => {
  assert.ok(compositeQuery().includes(from), from);
  return compositeQuery().replace(from, to);
};

test("the editable composite query as the page shows it gives the course's β₁ sweep exactly", async () => {
  const yours = (await runEditedCell("grounding.query", compositeQuery(), {seed: 2})) as GroundingCellResult;
  assert.deepEqual([yours.beta1s, yours.twoStep], [results.get(2)!.beta1s, results.get(2)!.twoStep]);
});

test("the query without the anchor: \"left of\" needs none (the leftmost red ball: ≥ 0.99 at every β₁), \"closest to\" falls (≤ 0.8), and without any relation both are a coin flip", async () => {
  const config = {seed: 1, scenes: 500};
  const leftmost = (await runEditedCell("grounding.query", edit("return tf.add(content, tf.mul(beta2, tf.logSigmoid(tf.mul(kappa, tf.sub(xHat, x)))));", "return tf.sub(content, tf.mul(kappa, x));"), config)) as GroundingCellResult;
  assert.ok(leftmost.twoStep.left.every((accuracy) => accuracy >= 0.99), `left of: ${leftmost.twoStep.left}`);
  const centre = (await runEditedCell("grounding.query", edit("tf.expandDims(anchor, 1)", "0.5"), config)) as GroundingCellResult;
  assert.ok(centre.twoStep.closest.every((accuracy) => accuracy <= 0.8), `closest to, anchor at the centre: ${centre.twoStep.closest}`);
  const content = (await runEditedCell("grounding.query", edit(`  if (relation === "left") {`, `  return content;\n  if (relation === "left") {`), config)) as GroundingCellResult;
  assert.ok([...content.twoStep.left, ...content.twoStep.closest].every((accuracy) => accuracy <= 0.56), `content only: ${JSON.stringify(content.twoStep)}`);
});

test("a composite query of the wrong shape is named in words, and no tensor is left behind", async () => {
  const baseline = tf.memory().numTensors;
  await assert.rejects(runEditedCell("grounding.query", edit(`  if (relation === "left") {`, `  return tf.mul(keys, q); // q·k_j entry by entry, not summed\n  if (relation === "left") {`), {scenes: 20}), (error) => error instanceof CellError && error.kind === "shape" && /^Your code returned a \[20, 8, 7\] tensor, not \[20, 8\]: one score per object of each scene/.test(error.message));
  assert.equal(tf.memory().numTensors, baseline);
});

test("out-of-range settings are refused with a message naming them", async () => {
  await assert.rejects(runGrounding({beta1: 0}), ParameterError);
  await assert.rejects(runGrounding({scenes: 5}), /scenes must be between 10 and 20000, not 5/);
});
