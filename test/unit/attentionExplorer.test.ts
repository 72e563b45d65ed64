// Chapter 13's attention explorer (components/chapters/13-vlm/AttentionExplorer.ts), rendered for real in a
// DOM on a hand-made answer whose every head, layer and word peaks on its own patch, so each map says whose weights it shows.
// jsdom is not a dependency of the course: it comes with @observablehq/framework, which builds the pages in one.
import {test, before} from "node:test";
import assert from "node:assert/strict";
import {JSDOM} from "jsdom";
import {dataOf} from "../../components/figures/figureData.js";
import type {VlmAnswer} from "../../components/chapters/13-vlm/vlmTrainer.js";

let window: Window & typeof globalThis;
before(() => {
  ({window} = new JSDOM("<!doctype html><html><body></body></html>", {pretendToBeVisual: true}));
  const globals = globalThis as Record<string, unknown>;
  for (const name of ["window", "document", "navigator", "Node", "Element", "HTMLElement", "SVGElement", "Event", "MouseEvent", "KeyboardEvent", "getComputedStyle", "requestAnimationFrame", "cancelAnimationFrame"] as const) {
    if (!(name in globals) || name === "window" || name === "document") globals[name] = (window as unknown as Record<string, unknown>)[name] ?? globals[name];
  }
  // jsdom has no canvas: SceneImage paints the scene's pixels on one once, as a PNG these tests never look at
  globals.ImageData = class {
    data: Uint8ClampedArray;
    constructor(width: number, height: number) {
      this.data = new Uint8ClampedArray(4 * width * height);
    }
  };
  window.HTMLCanvasElement.prototype.getContext = (() => ({putImageData() {}})) as never;
  window.HTMLCanvasElement.prototype.toDataURL = () => "data:,";
});

const WORDS = ["is", "the", "circle"];
const LAYERS = 2;
const HEADS = 3;
/** The patch where layer l, head h and word w put most weight: a different one for each. */
const peak = (l: number, h: number, w: number) => 18 * l + 6 * h + 2 * w;
/** A distribution over 36 patches with `top` on one patch and the rest spread evenly. */
const peaked = (patch: number, top: number) => Array.from({length: 36}, (_, p) => (p === patch ? top : (1 - top) / 35));
/** In self-attention head h, word w reads word min(w + h, 2) with 0.7 and the others with 0.15 each. */
const selfRow = (h: number, w: number) => WORDS.map((_, j) => (j === Math.min(w + h, WORDS.length - 1) ? 0.7 : 0.15));
const ANSWER: VlmAnswer = {
  words: WORDS,
  probabilities: [],
  cross: Array.from({length: LAYERS}, (_, l) => Array.from({length: HEADS}, (_, h) => WORDS.map((_, w) => peaked(peak(l, h, w), 0.4 + 0.1 * w)))),
  self: Array.from({length: HEADS}, (_, h) => WORDS.map((_, w) => selfRow(h, w)))
};
const IMAGE = new Float32Array(48 * 48 * 3).fill(0.5);
const mean = (rows: number[][]) => rows[0].map((_, j) => rows.reduce((sum, row) => sum + row[j], 0) / rows.length);

async function explorer(options: {width?: number} = {}) {
  const {AttentionExplorer} = await import("../../components/chapters/13-vlm/AttentionExplorer.js");
  const root = AttentionExplorer(IMAGE, ANSWER, options);
  document.body.replaceChildren(root); // attached, so that focus moves
  const part = (role: string) => root.querySelector<HTMLElement>(`[data-role="${role}"]`)!;
  const word = (i: number) => part("words").querySelector<HTMLButtonElement>(`[data-word="${i}"]`)!;
  const headButton = (h: number | "all") => part("heads").querySelector<HTMLButtonElement>(`[data-head="${h}"]`)!;
  const maps = () => [...part("maps").querySelectorAll<SVGSVGElement>(":scope > * > svg")];
  /** Each map's weights over the 36 patches, read from the rows it is tagged with (what the figure offers as CSV). */
  const weights = () => maps().map((svg) => (dataOf(svg) as {weight: number}[]).map((row) => row.weight));
  const selfCells = () => [...part("self-row").querySelectorAll<HTMLElement>("[data-reads]")];
  const fire = (target: Element, type: string) => target.dispatchEvent(new window.Event(type));
  const chooseLayer = (l: number) => {
    const select = part("layer") as HTMLSelectElement;
    select.value = String(l);
    select.dispatchEvent(new window.Event("change"));
  };
  return {root, part, word, headButton, maps, weights, selfCells, fire, chooseLayer};
}

test("the explorer opens on the last layer, all heads and no word pinned: one map per head, of the words' mean", async () => {
  const {part, headButton, word, maps, weights} = await explorer();
  assert.equal((part("layer") as HTMLSelectElement).value, String(LAYERS - 1));
  assert.equal(headButton("all").getAttribute("aria-pressed"), "true");
  assert.equal(headButton(0).getAttribute("aria-pressed"), "false");
  assert.ok(WORDS.every((_, i) => word(i).getAttribute("aria-pressed") === "false"));
  assert.equal(maps().length, HEADS);
  assert.deepEqual(weights(), ANSWER.cross[LAYERS - 1].map((head) => mean(head)));
  assert.match(maps()[0].getAttribute("aria-label")!, /layer 2, head 1: the weights of the question's words \(mean\)/);
});

test("hovering a word shows that word's own weights in every head's map", async () => {
  const {word, fire, weights, maps, part} = await explorer();
  fire(word(2), "pointerenter");
  assert.deepEqual(weights(), ANSWER.cross[1].map((head) => head[2]));
  assert.ok(maps().every((svg, h) => svg.getAttribute("aria-label")!.startsWith(`cross-attention layer 2, head ${h + 1}: the weights of “circle”`)));
  assert.match(part("status").textContent!, /^Layer 2, “circle”: head 1 puts most weight on patch \(4, 5\) \(0\.60\), head 2 on patch \(5, 5\) \(0\.60\), head 3 on patch \(6, 5\) \(0\.60\)\.$/);
  fire(word(2), "pointerleave");
  assert.deepEqual(weights(), ANSWER.cross[1].map((head) => mean(head)), "the pointer leaving returns to the mean");
});

test("pinning a word keeps it after the pointer leaves; pressing it again unpins it", async () => {
  const {word, fire, weights} = await explorer();
  fire(word(1), "pointerenter");
  word(1).click();
  fire(word(1), "pointerleave");
  assert.equal(word(1).getAttribute("aria-pressed"), "true");
  assert.deepEqual(weights(), ANSWER.cross[1].map((head) => head[1]));
  fire(word(0), "pointerenter");
  assert.deepEqual(weights(), ANSWER.cross[1].map((head) => head[0]), "hovering another word previews it");
  fire(word(0), "pointerleave");
  assert.deepEqual(weights(), ANSWER.cross[1].map((head) => head[1]), "and leaving it returns to the pinned word");
  word(1).click();
  assert.equal(word(1).getAttribute("aria-pressed"), "false");
  assert.deepEqual(weights(), ANSWER.cross[1].map((head) => mean(head)));
});

test("choosing one head draws one larger map, titled with its layer and head and framed in its colour", async () => {
  const {headButton, maps, weights, word, fire, part} = await explorer({width: 640});
  const small = Number(maps()[0].getAttribute("width"));
  headButton(1).click();
  assert.equal(headButton(1).getAttribute("aria-pressed"), "true");
  assert.equal(headButton("all").getAttribute("aria-pressed"), "false");
  assert.equal(maps().length, 1);
  assert.ok(maps()[0].textContent!.includes("layer 2, head 2"));
  assert.ok(Number(maps()[0].getAttribute("width")) > small, "one head is drawn larger than each of all heads");
  assert.equal((maps()[0].parentElement as HTMLElement).style.borderColor, headButton(1).querySelector<HTMLElement>(".vlm-explorer-swatch")!.style.backgroundColor, "the map's frame is its button's swatch");
  fire(word(2), "pointerenter");
  assert.deepEqual(weights(), [ANSWER.cross[1][1][2]]);
  assert.equal(part("status").textContent, "Layer 2, head 2: “circle” puts 0.60 of its weight on patch (5, 5), its largest.");
  assert.match(maps()[0].getAttribute("aria-label")!, /layer 2, head 2: the weights of “circle”/);
});

test("choosing a layer shows that layer's weights", async () => {
  const {chooseLayer, weights, word, fire, part, maps} = await explorer();
  fire(word(0), "pointerenter");
  chooseLayer(0);
  assert.deepEqual(weights(), ANSWER.cross[0].map((head) => head[0]));
  assert.ok(maps().every((svg, h) => svg.textContent!.includes(`layer 1, head ${h + 1}`)));
  assert.match(part("status").textContent!, /^Layer 1, “is”: head 1 puts most weight on patch \(1, 1\) \(0\.40\)/);
});

test("the self-attention row shades each word by the hovered word's weight", async () => {
  const {word, fire, selfCells, headButton} = await explorer();
  const alpha = (cell: HTMLElement) => Number(/rgba\(66, 105, 208, ([\d.]+)\)/.exec(cell.style.background)![1]);
  fire(word(1), "pointerenter");
  const allHeads = mean(ANSWER.self.map((head) => head[1])); // "all heads": the mean over the text's heads, [0.15, 0.33, 0.52]
  assert.deepEqual(selfCells().map((cell) => cell.querySelector("small")!.textContent), allHeads.map((w) => w.toFixed(2)));
  fire(word(1), "pointerleave");
  fire(word(0), "pointerenter");
  headButton(2).click();
  const own = ANSWER.self[2][0]; // word 0 in head 2 reads word 2 most
  assert.deepEqual(selfCells().map((cell) => cell.title), own.map((w, j) => `“is” gives “${WORDS[j]}” ${w.toFixed(2)} of its self-attention`));
  const shades = selfCells().map(alpha);
  assert.ok(shades[2] > shades[0] && shades[2] > shades[1], `the word read most is shaded darkest: ${shades}`);
  fire(word(0), "pointerleave");
  assert.deepEqual(selfCells().map((cell) => cell.querySelector("small")!.textContent), mean(ANSWER.self[2]).map((w) => w.toFixed(2)), "with no word current, the share each word receives on average");
  assert.deepEqual(mean(ANSWER.self[2]).map((w) => w.toFixed(2)), ["0.15", "0.15", "0.70"]);
});

test("the arrow keys move focus along the words, focus previews a word, and redrawing keeps the buttons (and focus) in place", async () => {
  const {word, weights, part, root} = await explorer();
  const buttons = [...root.querySelectorAll("button")];
  word(0).focus();
  assert.deepEqual(weights(), ANSWER.cross[1].map((head) => head[0]));
  word(0).dispatchEvent(new window.KeyboardEvent("keydown", {key: "ArrowRight", bubbles: true}));
  assert.equal(document.activeElement, word(1));
  assert.deepEqual(weights(), ANSWER.cross[1].map((head) => head[1]));
  assert.deepEqual(WORDS.map((_, i) => word(i).tabIndex), [-1, 0, -1], "one tab stop, on the focused word");
  word(1).dispatchEvent(new window.KeyboardEvent("keydown", {key: "ArrowLeft", bubbles: true}));
  word(0).dispatchEvent(new window.KeyboardEvent("keydown", {key: "ArrowLeft", bubbles: true}));
  assert.equal(document.activeElement, word(0), "the first word stays put");
  word(0).click();
  word(0).blur();
  assert.deepEqual(weights(), ANSWER.cross[1].map((head) => head[0]), "blur returns to the pinned word");
  assert.deepEqual([...root.querySelectorAll("button")], buttons, "the same buttons throughout");
  assert.equal(part("status").getAttribute("aria-live"), "polite");
});

test("CrossAttentionMaps still draws every head of every layer for one word", async () => {
  const {CrossAttentionMaps} = await import("../../components/chapters/13-vlm/AttentionMaps.js");
  const figure = CrossAttentionMaps(IMAGE, ANSWER, {word: 1});
  const svgs = [...figure.querySelectorAll("svg")];
  assert.equal(svgs.length, LAYERS * HEADS);
  assert.deepEqual(svgs.map((svg) => (dataOf(svg) as {weight: number}[]).map((row) => row.weight)), ANSWER.cross.flatMap((layer) => layer.map((head) => head[1])));
});

test("the status line says what focus or a layer shows, but a pointer crossing the words changes it without a word to a screen reader", async () => {
  const {word, part, fire, chooseLayer} = await explorer();
  const status = part("status");
  fire(word(2), "pointerenter");
  assert.match(status.textContent!, /“circle”/, "the line on screen follows the pointer");
  assert.equal(status.getAttribute("aria-live"), "off", "hover is not announced");
  fire(word(2), "pointerleave");
  assert.equal(status.getAttribute("aria-live"), "off");
  word(1).focus();
  assert.match(status.textContent!, new RegExp(`“${WORDS[1]}”`));
  assert.equal(status.getAttribute("aria-live"), "polite", "focus is announced");
  fire(word(2), "pointerenter");
  assert.equal(status.getAttribute("aria-live"), "off");
  chooseLayer(0);
  assert.equal(status.getAttribute("aria-live"), "polite", "a layer chosen is announced");
});
