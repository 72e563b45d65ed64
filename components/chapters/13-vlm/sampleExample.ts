/**
 * Chapter 13's generated examples: a scene of 2–5 objects, a question about it and its answer. Each form is built
 * answer-first, the answer drawn and the scene made to fit, so answers are balanced within a type; existence and
 * relation questions are also built so that a model without attention over the image has no shortcut:
 * - attribute: the answer colour or shape is uniform, and the shape ("what colour is the circle") or colour
 *   ("what shape is the red object") asked about is on one object only;
 * - existence: yes and no half each, and the scene always holds the asked colour and the asked shape: "yes" scenes
 *   the red square and another object of neither red nor square (say a blue circle), "no" scenes the same two with
 *   their colours swapped (a blue square, a red circle), so only the binding of colour to shape tells them apart;
 * - count: the answer is uniform over 0–5;
 * - relation: see relationExample.
 */
import {type Random} from "../../runtime/prng.js";
import {referredPatch, relationReferent} from "./answerQuestion.js";
import {type Split, sceneSplit} from "./sceneSplit.js";
import {type Form, QUESTION_FORMS, type Question, type QuestionType, questionText} from "./vlmGrammar.js";
import {CELLS, COLOURS, type Colour, type Kind, MAX_OBJECTS, MIN_OBJECTS, SHAPES, type Scene, type SceneObject, makeScene} from "./vlmScene.js";

/** One example: a scene, a question, its words and its answer. */
export interface Example {
  scene: Scene;
  question: Question;
  text: string;
  type: QuestionType;
  answer: string; // a word of ANSWERS
  patch: number | undefined; // the cell of the object asked about (attribute and relation), else undefined
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

const integer = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1)); // in [low, high]

const other = <T>(random: Random, items: readonly T[], not: T): T => pick(random, items.filter((item) => item !== not));

/** A kind drawn uniformly among those that `allowed` accepts. */
function kindWhere(random: Random, allowed: (kind: Kind) => boolean): Kind {
  for (;;) {
    const kind = {colour: pick(random, COLOURS), shape: pick(random, SHAPES)};
    if (allowed(kind)) return kind;
  }
}

/** `count` distinct cells in random order (a partial Fisher–Yates shuffle of the grid). */
function randomCells(random: Random, count: number): number[] {
  const cells = Array.from({length: CELLS}, (_, i) => i);
  for (let i = 0; i < count; ++i) {
    const j = i + Math.floor(random() * (CELLS - i));
    [cells[i], cells[j]] = [cells[j], cells[i]];
  }
  return cells.slice(0, count);
}

/** The kinds in random cells. */
const placed = (random: Random, kinds: readonly Kind[]): Scene => {
  const cells = randomCells(random, kinds.length);
  return makeScene(kinds.map((kind, i) => ({...kind, cell: cells[i]})));
};

type Built = {scene: Scene; question: Question; answer: string};

function colourOfExample(random: Random): Built {
  const shape = pick(random, SHAPES);
  const answer = pick(random, COLOURS);
  const others = Array.from({length: integer(random, MIN_OBJECTS, MAX_OBJECTS) - 1}, () => kindWhere(random, (k) => k.shape !== shape));
  return {scene: placed(random, [{colour: answer, shape}, ...others]), question: {form: "colourOf", shape}, answer};
}

function shapeOfExample(random: Random): Built {
  const colour = pick(random, COLOURS);
  const answer = pick(random, SHAPES);
  const others = Array.from({length: integer(random, MIN_OBJECTS, MAX_OBJECTS) - 1}, () => kindWhere(random, (k) => k.colour !== colour));
  return {scene: placed(random, [{colour, shape: answer}, ...others]), question: {form: "shapeOf", colour}, answer};
}

function existsExample(random: Random): Built {
  const {colour, shape} = kindWhere(random, () => true);
  const answer = random() < 0.5 ? "yes" : "no";
  const otherColour = other(random, COLOURS, colour);
  const otherShape = other(random, SHAPES, shape);
  const pair: Kind[] =
    answer === "yes"
      ? [{colour, shape}, {colour: otherColour, shape: otherShape}]
      : [{colour: otherColour, shape}, {colour, shape: otherShape}]; // the same colours and shapes, bound the other way
  const rest = Array.from({length: integer(random, MIN_OBJECTS, MAX_OBJECTS) - 2}, () => kindWhere(random, (k) => k.colour !== colour || k.shape !== shape));
  return {scene: placed(random, [...pair, ...rest]), question: {form: "exists", colour, shape}, answer};
}

function countExample(random: Random): Built {
  const colour = pick(random, COLOURS);
  const count = integer(random, 0, MAX_OBJECTS);
  const size = integer(random, Math.max(MIN_OBJECTS, count), MAX_OBJECTS);
  const kinds = Array.from({length: size}, (_, i) => (i < count ? {colour, shape: pick(random, SHAPES)} : kindWhere(random, (k) => k.colour !== colour)));
  return {scene: placed(random, kinds), question: {form: "count", colour}, answer: String(count)};
}

/**
 * "What colour is the object left of / nearest to the red square", built so that the scene's colour mix cannot
 * give the answer away. The rule: besides the anchor (unique in its kind) the scene holds 2–4 objects whose colours
 * are drawn independently, redrawn until at least two colours differ, and the answer colour is drawn uniformly
 * among the distinct colours of those objects; the layout then puts an object of that colour where the relation
 * points. So, given the question and the scene's colours (even its colour-shape pairs), every colour present
 * besides the anchor's object is equally likely to be the answer: the best guess from the mix is right with
 * probability 1/(number of distinct colours) ≤ 1/2, about .44 on average, while the layout answers every time.
 * Answers are uniform over the four colours, since the colours are drawn symmetrically.
 */
function relationExample(random: Random, form: "leftOf" | "nearestTo"): Built {
  const anchor = kindWhere(random, () => true);
  const size = integer(random, 3, MAX_OBJECTS); // the anchor and 2–4 others
  const colours = mixedColours(random, size - 1);
  const answer = pick(random, [...new Set(colours)]);
  const others: Kind[] = colours.map((colour) => ({colour, shape: pick(random, SHAPES.filter((shape) => colour !== anchor.colour || shape !== anchor.shape))}));
  const {cells, target} = relationLayout(random, size, form);
  const answerObject = others.findIndex((kind) => kind.colour === answer); // the others are exchangeable: any one of this colour
  const rest = others.filter((_, i) => i !== answerObject);
  const objects: SceneObject[] = [{...anchor, cell: cells[0]}, {...others[answerObject], cell: cells[target]}];
  cells.forEach((cell, i) => {
    if (i !== 0 && i !== target) objects.push({...rest.pop()!, cell});
  });
  return {scene: makeScene(objects), question: {form, colour: anchor.colour, shape: anchor.shape}, answer};
}

/** The colours of `count` objects, drawn independently and redrawn until at least two differ. */
function mixedColours(random: Random, count: number): Colour[] {
  for (;;) {
    const colours = Array.from({length: count}, () => pick(random, COLOURS));
    if (new Set(colours).size >= 2) return colours;
  }
}

/** `size` random cells, the anchor's first, redrawn until the relation names one object of the others (`target`). */
function relationLayout(random: Random, size: number, form: "leftOf" | "nearestTo"): {cells: number[]; target: number} {
  for (;;) {
    const cells = randomCells(random, size);
    const target = relationReferent(cells, 0, form);
    if (target !== undefined) return {cells, target};
  }
}

const BUILDERS: Record<Form, (random: Random) => Built> = {
  colourOf: colourOfExample,
  shapeOf: shapeOfExample,
  exists: existsExample,
  count: countExample,
  leftOf: (random) => relationExample(random, "leftOf"),
  nearestTo: (random) => relationExample(random, "nearestTo")
};

/** One example of a question type, its form drawn uniformly among the type's, its scene from `split`. */
export function sampleExample(random: Random, type: QuestionType, split: Split = "train"): Example {
  for (;;) {
    const {scene, question, answer} = BUILDERS[pick(random, QUESTION_FORMS[type])](random);
    if (sceneSplit(scene) === split) return {scene, question, text: questionText(question), type, answer, patch: referredPatch(scene, question)};
  }
}
