// The figures that show modalities draw them in the palette's colours (components/figures/modalityColours.ts), the
// same as the home page's cards and the sidebar: rendered for real in a DOM. jsdom is not a dependency of
// the course: it comes with @observablehq/framework, which builds the pages in one.
import {test, before} from "node:test";
import assert from "node:assert/strict";
import {JSDOM} from "jsdom";
import {MODALITY_COLOURS, modalityColour} from "../../components/figures/modalityColours.js";

before(() => {
  const {window} = new JSDOM("<!doctype html><html><body></body></html>", {pretendToBeVisual: true});
  const globals = globalThis as Record<string, unknown>;
  for (const name of ["window", "document", "navigator", "Node", "Element", "HTMLElement", "SVGElement", "Event", "PointerEvent", "MouseEvent", "KeyboardEvent", "getComputedStyle", "requestAnimationFrame", "cancelAnimationFrame"] as const) {
    if (!(name in globals) || name === "window" || name === "document") globals[name] = (window as unknown as Record<string, unknown>)[name] ?? globals[name];
  }
  // jsdom has no canvas; Plot paints a colour ramp legend on one, whose pixels these tests do not read
  window.HTMLCanvasElement.prototype.getContext = (() => ({fillStyle: "", fillRect() {}})) as never;
  window.HTMLCanvasElement.prototype.toDataURL = () => "data:,";
});

/** The fill of every `<g>` Plot drew for an axis's tick labels (aria-label "x-axis tick label" and the like). */
const tickFills = (root: Element, axis: "x" | "y") => [...root.querySelectorAll(`g[aria-label="${axis}-axis tick label"]`)].map((g) => g.getAttribute("fill"));
/** The stroke of each modality strip (a frame anchored to one edge) and the modality its class names. */
const strips = (root: Element) => [...root.querySelectorAll('[class*="modality-strip"]')].map((node) => {
  const stroke = node.getAttribute("stroke") ?? node.querySelector("[stroke]")?.getAttribute("stroke");
  const modality = /modality-(?!strip)(\w+)/.exec(node.getAttribute("class") ?? "")?.[1];
  return {modality, stroke};
});
/** Every colour used anywhere in an element's SVG, lower-cased. */
const colours = (root: Element) => new Set([...root.querySelectorAll("[fill], [stroke]")].flatMap((node) => [node.getAttribute("fill"), node.getAttribute("stroke")]).filter((c): c is string => !!c).map((c) => c.toLowerCase()));

test("co-attention names words in the text colour and objects in the image colour, in both directions", async () => {
  const {CoAttentionView} = await import("../../components/chapters/03-grounding/CoAttentionView.js");
  const view = CoAttentionView({words: ["red", "ball"], objects: ["1: red ball", "2: blue cube"], textToImage: [[0.9, 0.1], [0.5, 0.5]], imageToText: [[0.6, 0.4], [0.2, 0.8]]});
  const [t2i, i2t] = [...view.querySelectorAll("svg")].filter((svg) => svg.querySelector('g[aria-label="cell"]'));
  assert.deepEqual(tickFills(t2i, "y"), [modalityColour("text")], "words down the side of text → image");
  assert.deepEqual(tickFills(t2i, "x"), [modalityColour("image")], "objects across text → image");
  assert.deepEqual(tickFills(i2t, "y"), [modalityColour("image")], "objects down the side of image → text");
  assert.deepEqual(tickFills(i2t, "x"), [modalityColour("text")], "words across image → text");
  for (const svg of [t2i, i2t]) for (const {modality, stroke} of strips(svg)) assert.equal(stroke, modalityColour(modality!));
  assert.equal(strips(t2i).length, 2);
  assert.ok(t2i.textContent!.includes("word") && i2t.textContent!.includes("object"), "colour is not the only cue: the axes still say what they are");
});

test("a plain matrix (no modality) keeps Plot's own axes, in the text colour", async () => {
  const {MatrixHeatmap} = await import("../../components/figures/MatrixHeatmap.js");
  const chart = MatrixHeatmap([[1, -1], [-1, 1]], {rows: ["a", "b"], columns: ["c", "d"]});
  assert.equal(strips(chart).length, 0);
  for (const fill of [...tickFills(chart, "x"), ...tickFills(chart, "y")]) assert.ok(fill === null || fill === "currentColor", `tick fill ${fill}`);
});

test("text–table attention names the table's cells in the table colour and the sentence's tokens in the text colour", async () => {
  const {TableAttention} = await import("../../components/chapters/10-text-table/TableAttention.js");
  const view = TableAttention({row: [7.2, 1.5, 3.3, 0.4], columns: ["price", "age", "size", "rate"], column: 0, value: 7, tokenAttention: [0.7, 0.1, 0.1, 0.1], cellAttention: [0.3, 0.7], textTokens: ["[COL price]", "[VAL 7]"], predictedToken: 7, predictedCell: 7.1});
  const [cells, sentence] = [...view.querySelectorAll("svg")].filter((svg) => svg.querySelector('g[aria-label="cell"]'));
  assert.deepEqual(tickFills(cells, "x"), [modalityColour("table")]);
  assert.deepEqual(tickFills(sentence, "x"), [modalityColour("text")]);
  assert.deepEqual(strips(cells), [{modality: "table", stroke: modalityColour("table")}]);
  assert.deepEqual(strips(sentence), [{modality: "text", stroke: modalityColour("text")}]);
});

test("a clip's audio frames and frequency bins are in the audio colour", async () => {
  const {ClipView} = await import("../../components/chapters/02-loud-frame/ClipView.js");
  const frames = Array.from({length: 6}, (_, t) => Array.from({length: 16}, (_, b) => (t === 2 ? 1 : 0.1) * (1 + b / 16)));
  const view = ClipView({frames, weights: [{label: "attention", values: [0.1, 0.1, 0.6, 0.1, 0.05, 0.05]}], target: 2, loud: 4});
  const [spectrogram, strip] = [...view.querySelectorAll("svg")].filter((svg) => svg.querySelector('g[aria-label="cell"]'));
  assert.deepEqual(tickFills(spectrogram, "y"), [modalityColour("audio")]);
  assert.deepEqual(tickFills(spectrogram, "x"), [modalityColour("audio")]);
  assert.deepEqual(tickFills(strip, "x"), [modalityColour("audio")]);
  assert.deepEqual(strips(spectrogram), [{modality: "audio", stroke: modalityColour("audio")}]);
});

test("the noise sweep draws patches in the image colour and words in the text colour, and nothing else in either", async () => {
  const {NoiseSweep} = await import("../../components/chapters/07-svd/NoiseSweep.js");
  const points = [0.1, 0.2, 0.4].flatMap((noise) => [1, 2].map((seed) => ({noise, seed, singularValues: [4, 3, 2, 0.5], gap: 4 - noise, minCosPatches: 1 - noise, minCosTokens: 0.95 - noise})));
  const view = NoiseSweep(points);
  const [gap, cos] = [...view.querySelectorAll("svg")].filter((svg) => svg.querySelector('g[aria-label="dot"]'));
  const lines = [...cos.querySelectorAll('g[aria-label="line"] path')].map((path) => path.getAttribute("stroke"));
  assert.deepEqual(new Set(lines), new Set([modalityColour("image"), modalityColour("text")]));
  const swatches = [...view.querySelectorAll("[class*='swatch'] svg, [class*='swatch'] rect")].map((node) => node.getAttribute("fill")).filter(Boolean);
  assert.ok(swatches.includes(modalityColour("image")) && swatches.includes(modalityColour("text")), `legend swatches ${swatches}`);
  for (const modality of ["image", "text"]) assert.ok(!colours(gap).has(modalityColour(modality)), `the gap, which is neither, is not in the ${modality} colour`);
});

test("the plasticity circuit carries light in the image colour and sound in the audio colour", async () => {
  const {CircuitDiagram, CIRCUIT_COLOURS} = await import("../../components/chapters/12-plasticity/CircuitDiagram.js");
  assert.equal(CIRCUIT_COLOURS.visual, modalityColour("image"));
  assert.equal(CIRCUIT_COLOURS.auditory, modalityColour("audio"));
  assert.ok(!Object.values(MODALITY_COLOURS).includes(CIRCUIT_COLOURS.inhibitory), "inhibition is not a modality");
  const svg = CircuitDiagram({day: 3, wVA: 0.4, wVL: 0.8, gI: 1.1, soundResponse: 1.2, lightResponse: 2.5, sighted: false});
  const arrows = new Set([...svg.querySelectorAll('g[aria-label="arrow"] path')].map((path) => path.getAttribute("stroke") ?? path.parentElement?.getAttribute("stroke")));
  assert.ok(arrows.has(modalityColour("image")) && arrows.has(modalityColour("audio")), `arrow strokes ${[...arrows]}`);
});
