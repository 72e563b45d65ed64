/**
 * Chapter 13's data: the rasterised scenes, the scene as the link writes it, the question grammar, the balance of the generated questions, the
 * held-out split, and the baselines (best blind guess, colour-mix oracle) that the chapter's model must beat.
 */
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {mulberry32} from "../../components/runtime/prng.js";
import {answerQuestion, referredPatch} from "../../components/chapters/13-vlm/answerQuestion.js";
import {bestGuess, colourMixKey, questionKey} from "../../components/chapters/13-vlm/bestGuess.js";
import {BACKGROUND, IMAGE_FLOATS, PALETTE, rasteriseScene} from "../../components/chapters/13-vlm/rasteriseScene.js";
import {sampleBatch} from "../../components/chapters/13-vlm/sampleBatch.js";
import {type Example, sampleExample} from "../../components/chapters/13-vlm/sampleExample.js";
import {sceneSplit, splitRandom} from "../../components/chapters/13-vlm/sceneSplit.js";
import {parseSceneText, sceneText} from "../../components/chapters/13-vlm/sceneText.js";
import {
  ANSWERS,
  type Question,
  QUESTION_LENGTH,
  QUESTION_TYPES,
  type QuestionType,
  VOCABULARY,
  parseQuestion,
  tokenise,
  wordsOutsideGrammar
} from "../../components/chapters/13-vlm/vlmGrammar.js";
import {
  CELL_PIXELS,
  CELLS,
  COLOURS,
  type Colour,
  GRID,
  IMAGE_SIZE,
  MAX_OBJECTS,
  MIN_OBJECTS,
  SHAPES,
  type SceneObject,
  type Shape,
  cellColumn,
  cellRow,
  makeScene,
  sceneKey
} from "../../components/chapters/13-vlm/vlmScene.js";

/** `count` examples cycling through the types (or all of one type), from seed `seed`. */
const examples = (seed: number, count: number, type?: QuestionType): Example[] => {
  const random = mulberry32(seed);
  return Array.from({length: count}, (_, i) => sampleExample(random, type ?? QUESTION_TYPES[i % QUESTION_TYPES.length]));
};

const share = (items: readonly unknown[], value: unknown) => items.filter((item) => item === value).length / items.length;

/** The RGB of pixel (x, y) of an image. */
const pixel = (image: Float32Array, x: number, y: number) => Array.from(image.subarray((y * IMAGE_SIZE + x) * 3, (y * IMAGE_SIZE + x) * 3 + 3));

/** How far a pixel is from the grey background, in its farthest channel. */
const ink = (rgb: number[]) => Math.max(...rgb.map((v) => Math.abs(v - BACKGROUND)));

/** What each colour looks like: which channels are bright and which dark. */
const LOOKS: Record<Colour, (rgb: number[]) => boolean> = {
  red: ([r, g, b]) => r > 0.7 && g < 0.3 && b < 0.3,
  green: ([r, g, b]) => g > 0.6 && r < 0.3 && b < 0.3,
  blue: ([r, g, b]) => b > 0.7 && r < 0.3 && g < 0.5,
  yellow: ([r, g, b]) => r > 0.7 && g > 0.7 && b < 0.3
};

/**
 * The objects read back from an image, cell by cell, without the rasteriser's geometry or palette: a cell holds an
 * object if its centre pixel is not grey; the colour is named by the centre pixel's bright and dark channels; the shape by
 * the ink of the second and second-to-last rows of the cell (full and equal: square; narrow on top and wide below:
 * triangle; else circle).
 */
function decodeImage(image: Float32Array): SceneObject[] {
  const objects: SceneObject[] = [];
  for (let cell = 0; cell < CELLS; ++cell) {
    const [left, top] = [cellColumn(cell) * CELL_PIXELS, cellRow(cell) * CELL_PIXELS];
    const centre = pixel(image, left + 4, top + 4);
    if (ink(centre) < 0.1) continue;
    const named = COLOURS.filter((colour) => LOOKS[colour](centre));
    assert.equal(named.length, 1, `cell ${cell}: ${centre} looks like ${named.length} colours`);
    const [colour] = named;
    const rowInk = (y: number) => Array.from({length: CELL_PIXELS}, (_, x) => ink(pixel(image, left + x, top + y)) / ink(centre)).reduce((s, v) => s + v, 0);
    const [upper, lower] = [rowInk(1), rowInk(CELL_PIXELS - 2)];
    const shape: Shape = upper > 5.5 && lower > 5.5 ? "square" : lower - upper > 2 ? "triangle" : "circle";
    objects.push({colour, shape, cell});
  }
  return objects;
}

/** The answer worked out again from a list of objects, apart from answerQuestion: relations by sorting the candidates by distance. */
function reanswer(objects: readonly SceneObject[], question: Question): string | undefined {
  const matching = (colour?: Colour, shape?: Shape) => objects.filter((o) => (colour === undefined || o.colour === colour) && (shape === undefined || o.shape === shape));
  switch (question.form) {
    case "colourOf": {
      const found = matching(undefined, question.shape);
      return found.length === 1 ? found[0].colour : undefined;
    }
    case "shapeOf": {
      const found = matching(question.colour);
      return found.length === 1 ? found[0].shape : undefined;
    }
    case "exists":
      return matching(question.colour, question.shape).length > 0 ? "yes" : "no";
    case "count":
      return String(matching(question.colour).length);
    default: {
      const anchors = matching(question.colour, question.shape);
      if (anchors.length !== 1) return undefined;
      const [anchor] = anchors;
      const distance = (o: SceneObject) => (cellRow(o.cell) - cellRow(anchor.cell)) ** 2 + (cellColumn(o.cell) - cellColumn(anchor.cell)) ** 2;
      const candidates = objects
        .filter((o) => o !== anchor && (question.form === "nearestTo" || cellColumn(o.cell) < cellColumn(anchor.cell)))
        .sort((a, b) => distance(a) - distance(b));
      if (candidates.length === 0 || (candidates.length > 1 && distance(candidates[0]) === distance(candidates[1]))) return undefined;
      return candidates[0].colour;
    }
  }
}

test("the rasteriser is deterministic and each object's pixels lie inside its grid cell", () => {
  for (const {scene} of examples(1, 200)) {
    const image = rasteriseScene(scene);
    assert.deepEqual(rasteriseScene(scene), image);
    const occupied = new Set(scene.objects.map((o) => o.cell));
    const inked = new Set<number>();
    for (let y = 0; y < IMAGE_SIZE; ++y) {
      for (let x = 0; x < IMAGE_SIZE; ++x) {
        if (ink(pixel(image, x, y)) > 0) inked.add(Math.floor(y / CELL_PIXELS) * GRID + Math.floor(x / CELL_PIXELS));
      }
    }
    assert.deepEqual([...inked].sort((a, b) => a - b), [...occupied], sceneKey(scene));
  }
});

test("every object's centre pixel has its colour; empty cells and the outermost pixels of every cell are background grey", () => {
  for (const {scene} of examples(2, 200)) {
    const image = rasteriseScene(scene);
    for (const {colour, cell} of scene.objects) {
      const centre = pixel(image, cellColumn(cell) * CELL_PIXELS + 4, cellRow(cell) * CELL_PIXELS + 4);
      centre.forEach((v, c) => assert.ok(Math.abs(v - PALETTE[colour][c]) < 1e-6, `${colour} in cell ${cell}: ${centre}`));
    }
    for (let y = 0; y < IMAGE_SIZE; ++y) {
      for (let x = 0; x < IMAGE_SIZE; ++x) {
        const empty = !scene.objects.some((o) => o.cell === Math.floor(y / CELL_PIXELS) * GRID + Math.floor(x / CELL_PIXELS));
        const border = [0, CELL_PIXELS - 1].includes(x % CELL_PIXELS) || [0, CELL_PIXELS - 1].includes(y % CELL_PIXELS);
        if (empty || border) assert.deepEqual(pixel(image, x, y), [BACKGROUND, BACKGROUND, BACKGROUND], `pixel (${x}, ${y})`);
      }
    }
  }
});

test("generated answers agree with a re-check on the pixels: each cell's colour and shape decoded, the question answered again", () => {
  for (const example of examples(3, 2000)) {
    const {scene, question, answer} = example;
    assert.ok(scene.objects.length >= MIN_OBJECTS && scene.objects.length <= MAX_OBJECTS, sceneKey(scene));
    const decoded = decodeImage(rasteriseScene(scene));
    assert.deepEqual(decoded, scene.objects, `decoded ${sceneKey(makeScene(decoded))}, drawn ${sceneKey(scene)}`);
    assert.equal(reanswer(decoded, question), answer, `${example.text} in ${sceneKey(scene)}`);
    assert.equal(answerQuestion(scene, question), answer, `${example.text} in ${sceneKey(scene)}`);
  }
});

test("answerQuestion returns undefined where a question does not apply: two referents, no anchor, nothing left of it, a tie, a count above 5", () => {
  const scene = (...objects: [Colour, Shape, number][]) => makeScene(objects.map(([colour, shape, cell]) => ({colour, shape, cell})));
  const twoCircles = scene(["red", "circle", 0], ["blue", "circle", 5], ["green", "square", 14]);
  assert.equal(answerQuestion(twoCircles, {form: "colourOf", shape: "circle"}), undefined);
  assert.equal(answerQuestion(twoCircles, {form: "colourOf", shape: "square"}), "green");
  assert.equal(answerQuestion(twoCircles, {form: "nearestTo", colour: "red", shape: "square"}), undefined);
  assert.equal(answerQuestion(twoCircles, {form: "leftOf", colour: "red", shape: "circle"}), undefined); // column 0
  const tie = scene(["red", "square", 14], ["blue", "circle", 13], ["green", "circle", 15], ["yellow", "triangle", 26]); // left and right, both 1 away
  assert.equal(answerQuestion(tie, {form: "nearestTo", colour: "red", shape: "square"}), undefined);
  assert.equal(answerQuestion(tie, {form: "leftOf", colour: "red", shape: "square"}), "blue");
  assert.equal(referredPatch(tie, {form: "leftOf", colour: "red", shape: "square"}), 13);
  const crowd = scene(...Array.from({length: 6}, (_, i): [Colour, Shape, number] => ["red", "square", i]));
  assert.equal(answerQuestion(crowd, {form: "count", colour: "red"}), undefined);
  assert.equal(answerQuestion(crowd, {form: "count", colour: "blue"}), "0");
});

test("referredPatch is the cell of the one object an attribute question asks about, and undefined for existence and count", () => {
  for (const {scene, question, patch} of examples(4, 400)) {
    const object = scene.objects.find((o) => o.cell === patch);
    if (question.form === "colourOf") assert.equal(object?.shape, question.shape);
    else if (question.form === "shapeOf") assert.equal(object?.colour, question.colour);
    else if (question.form === "exists" || question.form === "count") assert.equal(patch, undefined);
  }
});

test("questions parse back to themselves, tokenise to 10 vocabulary indices, and a word outside the grammar is named", () => {
  for (const {question, text} of examples(5, 400)) {
    assert.deepEqual(parseQuestion(text), question);
    const tokens = tokenise(text);
    assert.equal(tokens.length, QUESTION_LENGTH);
    assert.equal(tokens.filter((t) => t > 0).map((t) => VOCABULARY[t]).join(" "), text);
  }
  assert.equal(QUESTION_LENGTH, 10);
  assert.equal(VOCABULARY.length, 23);
  assert.deepEqual(parseQuestion("What colour is the object nearest to the Red Square?"), {form: "nearestTo", colour: "red", shape: "square"});
  assert.equal(parseQuestion("the circle is what colour"), undefined);
  assert.deepEqual(wordsOutsideGrammar("What color is the big circle, the big one?"), ["color", "big", "one"]);
  assert.deepEqual(wordsOutsideGrammar("how many blue objects"), []);
  assert.throws(() => tokenise("how many purple objects"), /outside the grammar: purple/);
});

test("a batch of 64 holds 16 questions of each type, and its images, tokens and answers are its examples'", () => {
  const batch = sampleBatch(mulberry32(6), 64);
  for (const type of QUESTION_TYPES) assert.equal(batch.examples.filter((e) => e.type === type).length, 16);
  assert.equal(batch.images.length, 64 * IMAGE_FLOATS);
  batch.examples.forEach((example, i) => {
    assert.deepEqual(batch.images.subarray(i * IMAGE_FLOATS, (i + 1) * IMAGE_FLOATS), rasteriseScene(example.scene));
    assert.deepEqual([...batch.tokens.subarray(i * QUESTION_LENGTH, (i + 1) * QUESTION_LENGTH)], tokenise(example.text));
    assert.equal(ANSWERS[batch.answers[i]], example.answer);
  });
});

test("answers are balanced within each type: yes/no 50/50, counts 0–5, colours and shapes uniform (each within 0.025 on 4000 per type)", (t) => {
  const uniform = (answers: string[], values: readonly string[], label: string) => {
    const shares = values.map((v) => share(answers, v));
    t.diagnostic(`${label}: ${values.map((v, i) => `${v} ${shares[i].toFixed(3)}`).join(", ")}`);
    shares.forEach((s) => assert.ok(Math.abs(s - 1 / values.length) < 0.025, label));
  };
  const of = (type: QuestionType, forms?: string[]) => examples(7, 4000, type).filter((e) => !forms || forms.includes(e.question.form));
  uniform(of("existence").map((e) => e.answer), ["yes", "no"], "existence");
  uniform(of("count").map((e) => e.answer), ["0", "1", "2", "3", "4", "5"], "count");
  const attribute = of("attribute");
  uniform(attribute.filter((e) => e.question.form === "colourOf").map((e) => e.answer), COLOURS, "what colour is the <shape>");
  uniform(attribute.filter((e) => e.question.form === "shapeOf").map((e) => e.answer), ["square", "circle", "triangle"], "what shape is the <colour> object");
  const relation = of("relation");
  uniform(relation.map((e) => e.answer), COLOURS, "relation");
  const leftOf = relation.filter((e) => e.question.form === "leftOf");
  const differs = share(leftOf.map((e) => e.answer !== answerQuestion(e.scene, parseQuestion(e.text.replace("left of", "nearest to"))!)), true);
  t.diagnostic(`"left of" questions whose answer differs from "nearest to"'s (or where that does not apply): ${differs.toFixed(3)}`);
});

test("existence needs binding: the scene's colours and shapes, unbound, tell yes from no no better than chance (≤ 0.53)", (t) => {
  // "yes" and "no" scenes hold the same colours and shapes by construction, so the exact value is 1/2; 0.53 is 8 standard errors above.
  const bagKey = (e: Example) => `${e.text} | ${e.scene.objects.map((o) => o.colour).sort()} | ${e.scene.objects.map((o) => o.shape).sort()}`;
  const accuracy = bestGuess(examples(8, 20000, "existence"), bagKey, examples(9, 20000, "existence")).accuracy.existence;
  t.diagnostic(`colours + shapes oracle on existence, held-out estimate: ${accuracy.toFixed(3)}`);
  assert.ok(accuracy <= 0.53, `${accuracy}`);
});

test("the held-out set shares no (scene, question) pair with a training sample of the same size, nor any scene", () => {
  const train = sampleBatch(splitRandom(1, "train"), 2000).examples;
  const heldOut = sampleBatch(splitRandom(1, "heldout"), 2000, "heldout").examples;
  const trainScenes = new Set(train.map((e) => sceneKey(e.scene)));
  assert.ok(train.every((e) => sceneSplit(e.scene) === "train"));
  assert.ok(heldOut.every((e) => sceneSplit(e.scene) === "heldout" && !trainScenes.has(sceneKey(e.scene))));
  const pairs = new Set(train.map((e) => `${sceneKey(e.scene)} | ${e.text}`));
  assert.ok(heldOut.every((e) => !pairs.has(`${sceneKey(e.scene)} | ${e.text}`)));
});

test("the best blind guess (the majority answer per question) is chance per type: attribute .29, existence .5, count .17, relation .25 (± 0.03)", (t) => {
  const fit = examples(10, 20000);
  const {accuracy} = bestGuess(fit, questionKey, examples(11, 20000));
  const inSample = bestGuess(fit, questionKey).accuracy;
  t.diagnostic(`blind guess per type, held-out (in-sample): ${QUESTION_TYPES.map((type) => `${type} ${accuracy[type].toFixed(3)} (${inSample[type].toFixed(3)})`).join(", ")}`);
  const chance: Record<QuestionType, number> = {attribute: (1 / 4 + 1 / 3) / 2, existence: 1 / 2, count: 1 / 6, relation: 1 / 4};
  for (const type of QUESTION_TYPES) assert.ok(Math.abs(accuracy[type] - chance[type]) < 0.03, `${type}: ${accuracy[type]}`);
});

test("the colour-mix oracle (question + the multiset of object colours) answers relation questions at most 1/2 of the time, where the layout answers all", (t) => {
  // By construction the answer is uniform over the distinct colours of the objects besides the anchor (at least two),
  // so the best guess from the colour mix is right with probability 1/(that number): ≤ 1/2, its mean below.
  const fit = examples(12, 40000, "relation");
  const evaluate = examples(13, 20000, "relation");
  const heldOut = bestGuess(fit, colourMixKey, evaluate).accuracy.relation;
  const inSample = bestGuess(fit, colourMixKey).accuracy.relation;
  const expected =
    evaluate.reduce((sum, {scene, question}) => {
      const anchor = question as {colour: Colour; shape: Shape};
      const others = scene.objects.filter((o) => o.colour !== anchor.colour || o.shape !== anchor.shape);
      return sum + 1 / new Set(others.map((o) => o.colour)).size;
    }, 0) / evaluate.length;
  const layout = share(evaluate.map((e) => answerQuestion(e.scene, e.question) === e.answer), true);
  t.diagnostic(`colour-mix oracle on relation: held-out ${heldOut.toFixed(3)}, in-sample ${inSample.toFixed(3)}, exact ${expected.toFixed(3)}; layout ${layout}`);
  assert.ok(heldOut <= 0.5, `${heldOut}`);
  assert.ok(Math.abs(heldOut - expected) < 0.03, `${heldOut} against ${expected}`);
  assert.equal(layout, 1);
});

test("a scene written for the link reads back as itself; a malformed one is named, and two objects in one cell are refused", () => {
  const random = splitRandom(5, "train");
  for (let i = 0; i < 50; ++i) {
    const {scene} = sampleExample(random, QUESTION_TYPES[i % QUESTION_TYPES.length]);
    const read = parseSceneText(sceneText(scene));
    assert.ok("value" in read && sceneKey(read.value) === sceneKey(scene), sceneText(scene));
  }
  assert.equal(sceneText(makeScene([{cell: 14, colour: "red", shape: "square"}, {cell: 2, colour: "blue", shape: "circle"}])), "2bc.14rs");
  assert.deepEqual(parseSceneText(""), {value: makeScene([])});
  for (const text of ["14xs", "14r", "36rs", "rs14", "1rs..2bc"]) assert.ok("problem" in parseSceneText(text), text);
  assert.match((parseSceneText("3rs.3bc") as {problem: string}).problem, /cell 3 holds two objects/);
});

test("the page's first screen states the scenes as the code makes them (written out, so the text does not reflow when the page's code arrives)", () => {
  const page = readFileSync("src/chapters/13-vlm.md", "utf-8");
  assert.ok(page.includes(`looks at a ${IMAGE_SIZE} × ${IMAGE_SIZE} image`), "the image size");
  assert.ok(page.includes(`puts ${MIN_OBJECTS} to ${MAX_OBJECTS} objects in the cells of a ${GRID} × ${GRID} grid of ${CELL_PIXELS}-pixel cells`), "objects, grid and cell size");
  assert.ok(page.includes(`four colours (${COLOURS.join(", ")}) and three shapes (${SHAPES.join(", ")})`), "the colours and shapes");
});
