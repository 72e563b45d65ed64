/**
 * Chapter 3's scenes, vocabulary, phrase parser and settings, as plain data and plain functions apart from the
 * attention's tfjs code (grounding.ts): the page builds and parses scenes with them without loading tfjs, and
 * asks the experiment worker for the attention.
 */
import {seedParameter, type ParameterValues} from "../../runtime/parameters.js";
import {type Random, mulberry32} from "../../runtime/prng.js";

/** The colours of the scenes, in key order (the first 4 entries of a key). */
export const COLOURS = ["red", "blue", "green", "yellow"] as const;

/** The shapes of the scenes, in key order (the last 3 entries of a key). */
export const SHAPES = ["ball", "cube", "cone"] as const;

/** One of COLOURS. */
export type Colour = (typeof COLOURS)[number];

/** One of SHAPES. */
export type Shape = (typeof SHAPES)[number];

/** The relation: "left of" the anchor, or "closest to" it. */
export type Task = "left" | "closest";

/** The width of a key: colour one-hot (4) ⊕ shape one-hot (3). */
export const KEY_SIZE = COLOURS.length + SHAPES.length;

/** Objects per scene. */
export const OBJECTS_PER_SCENE = 8;

/** One object: its key (colour, shape) and its value (position in the unit square). */
export interface SceneObject {
  colour: Colour;
  shape: Shape;
  x: number;
  y: number;
}

/** A scene of 8 objects with the indices of the referent and the anchor. */
export interface Scene {
  objects: SceneObject[]; // N = 8, shuffled
  target: number; // index of the referent
  anchor: number; // index of the anchor
  task: Task;
}

/** A colour and a shape: what one noun phrase ("red ball") names. */
export interface Kind {
  colour: Colour;
  shape: Shape;
}

/** The experiment's settings (SPEC.md: β₁ on a slider, 3000 scenes, seed 1). */
export const GROUNDING_PARAMETERS = {
  beta1: {label: "step-1 sharpness β₁", value: 4, min: 0.05, max: 32, step: 0.01, log: true, description: "inverse temperature of the anchor search, softmax(β₁ K q₁)"},
  scenes: {label: "scenes", value: 3000, min: 10, max: 20000, step: 10, integer: true, description: "scenes per task in the accuracy estimates"},
  seed: seedParameter("seed of the scenes and of the random tie-breaks")
};

/** The values of GROUNDING_PARAMETERS. */
export type GroundingConfig = ParameterValues<typeof GROUNDING_PARAMETERS>;

/** The fixed constants of step 2 (SPEC.md): content sharpness β₂, "left" slope κ and "closest" weight λ. */
export const GROUNDING_CONSTANTS = {beta2: 30, kappa: 20, lambda: 10};

/** The β₁ values of the accuracy sweep (SPEC.md's table). */
export const BETA1S = [0.25, 0.5, 1, 2, 4, 8];

/** Words that carry no colour or shape: they parse, and they have a zero embedding. */
export const FUNCTION_WORDS = ["left", "closest", "of", "to", "the"] as const;

/** Every word parsePhrase accepts. */
export const VOCABULARY: readonly string[] = [...COLOURS, ...SHAPES, ...FUNCTION_WORDS];

export const DEFAULT_QUERY = {target: {colour: "red", shape: "ball"}, anchor: {colour: "blue", shape: "cube"}} as const satisfies {target: Kind; anchor: Kind};

// #region scenes
/** A colour ⊕ shape one-hot (either part may be missing): a key, or the query of a phrase. */
export function embed(colour?: Colour, shape?: Shape): number[] {
  const out = new Array<number>(KEY_SIZE).fill(0);
  if (colour) out[COLOURS.indexOf(colour)] = 1;
  if (shape) out[COLOURS.length + SHAPES.indexOf(shape)] = 1;
  return out;
}

/** The 7-d embedding of one word: its colour or shape one-hot, zero for any other word. */
export function wordEmbedding(word: string): number[] {
  const w = word.trim().toLowerCase();
  if ((COLOURS as readonly string[]).includes(w)) return embed(w as Colour);
  if ((SHAPES as readonly string[]).includes(w)) return embed(undefined, w as Shape);
  return embed();
}

const same = (a: Kind, b: Kind) => a.colour === b.colour && a.shape === b.shape;

const uniform = (random: Random, low: number, high: number) => low + (high - low) * random();

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** Fisher–Yates, in place. */
function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; --i) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** A random kind that is neither the target's nor the anchor's. */
function otherKind(random: Random, target: Kind, anchor: Kind): Kind {
  for (;;) {
    const kind = {colour: pick(random, COLOURS), shape: pick(random, SHAPES)};
    if (!same(kind, target) && !same(kind, anchor)) return kind;
  }
}

/**
 * One scene for "⟨target⟩ left of / closest to ⟨anchor⟩": the anchor at
 * x ~ U[0.25, 0.75]; the target and a same-kind distractor (left: either side of the anchor with a
 * 0.05 gap; closest: both uniform in the square, the nearer is the target); the two
 * attribute-swapped distractors (anchor colour + target shape, target colour + anchor shape) where
 * they differ from both; random objects of neither kind to make 8; all y ~ U[0, 1]; shuffled.
 */
function buildScene(random: Random, task: Task, target: Kind, anchor: Kind): Scene {
  const xb = uniform(random, 0.25, 0.75);
  const anchorObject: SceneObject = {...anchor, x: xb, y: random()};
  let referent: SceneObject;
  let distractor: SceneObject;
  if (task === "left") {
    referent = {...target, x: uniform(random, 0, xb - 0.05), y: random()};
    distractor = {...target, x: uniform(random, xb + 0.05, 1), y: random()};
  } else {
    const a: SceneObject = {...target, x: random(), y: random()};
    const b: SceneObject = {...target, x: random(), y: random()};
    const d = (o: SceneObject) => (o.x - anchorObject.x) ** 2 + (o.y - anchorObject.y) ** 2;
    [referent, distractor] = d(a) <= d(b) ? [a, b] : [b, a];
  }
  const swapped: Kind[] = [
    {colour: anchor.colour, shape: target.shape},
    {colour: target.colour, shape: anchor.shape}
  ].filter((kind) => !same(kind, target) && !same(kind, anchor));
  const objects: SceneObject[] = [referent, distractor, anchorObject];
  for (const kind of swapped) objects.push({...kind, x: random(), y: random()});
  while (objects.length < OBJECTS_PER_SCENE) objects.push({...otherKind(random, target, anchor), x: random(), y: random()});
  shuffle(random, objects);
  return {objects, target: objects.indexOf(referent), anchor: objects.indexOf(anchorObject), task};
}

/** `count` seeded scenes of "the red ball left of / closest to the blue cube". */
export function makeScenes(count: number, seed: number, task: Task): Scene[] {
  const random = mulberry32(seed);
  return Array.from({length: count}, () => buildScene(random, task, DEFAULT_QUERY.target, DEFAULT_QUERY.anchor));
}

/** A new seeded scene of 8 objects built for the phrase, the way makeScenes builds them for red ball / blue cube. */
export function makeSceneFor(phrase: ParsedPhrase, seed: number): Scene {
  if (same(phrase.target, phrase.anchor)) throw new Error("the target and the anchor must differ in colour or shape");
  return buildScene(mulberry32(seed), phrase.relation, phrase.target, phrase.anchor);
}

// #endregion

// #region phrases
/** "⟨target⟩ left of / closest to ⟨anchor⟩", as parsePhrase reads it. */
export interface ParsedPhrase {
  target: Kind;
  relation: Task;
  anchor: Kind;
}

const PHRASE_FORM = `"<colour> <shape> left of <colour> <shape>" or "<colour> <shape> closest to <colour> <shape>", e.g. "the red ball closest to the blue cube"`;

/** Parses "the red ball left of the blue cube" / "red ball closest to blue cube" (any case), or says what is wrong. */
export function parsePhrase(text: string): ParsedPhrase | {error: string} {
  const words = text.toLowerCase().split(/[\s,.;:!?]+/).filter((w) => w !== "");
  if (words.length === 0) return {error: `Type a phrase: ${PHRASE_FORM}.`};
  const unknown = [...new Set(words.filter((w) => !VOCABULARY.includes(w)))];
  if (unknown.length) {
    const named = unknown.map((w) => `"${w}"`).join(", ");
    return {error: `Unknown word${unknown.length > 1 ? "s" : ""} ${named}. The vocabulary is: ${VOCABULARY.join(", ")}.`};
  }
  const content = words.filter((w) => w !== "the" && w !== "of" && w !== "to"); // fillers are optional
  const [c1, s1, relation, c2, s2] = content;
  const isColour = (w: string | undefined): w is Colour => (COLOURS as readonly (string | undefined)[]).includes(w);
  const isShape = (w: string | undefined): w is Shape => (SHAPES as readonly (string | undefined)[]).includes(w);
  if (content.length !== 5 || !isColour(c1) || !isShape(s1) || (relation !== "left" && relation !== "closest") || !isColour(c2) || !isShape(s2)) {
    return {error: `Could not read "${text.trim()}": write ${PHRASE_FORM}.`};
  }
  const phrase: ParsedPhrase = {target: {colour: c1, shape: s1}, relation, anchor: {colour: c2, shape: s2}};
  if (same(phrase.target, phrase.anchor)) return {error: `The target and the anchor are both a ${c1} ${s1}: name two different objects.`};
  return phrase;
}

/** Everything the two-step attention computed, per scene, for the figures. */
export interface TwoStepTrace {
  step1: number[][]; // [S][N] attention of step 1 (find the anchor)
  anchorEstimate: number[][]; // [S][2] (x̂_b, ŷ_b) = Σ α⁽¹⁾ p; "left" uses only x̂_b
  step2: number[][]; // [S][N] softmax of the composite scores s_j
  predictions: number[]; // [S] argmax_j s_j
}

/** Token-level co-attention of one phrase and one scene, both ways. */
export interface CoAttentionMaps {
  words: string[];
  textToImage: number[][]; // [words][objects], rows sum to 1
  imageToText: number[][]; // [objects][words], rows sum to 1
}
// #endregion
