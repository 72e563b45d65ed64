import * as Plot from "@observablehq/plot";
import {conceptColour} from "./conceptColour.js";
import {gridKeyboard, markElements} from "../../figures/gridKeyboard.js";
import {tagElements} from "../../figures/linkedHighlight.js";
import type {CoAttentionSVDResult} from "./coAttentionSVD.js";
import {withData} from "../../figures/figureData.js";

/**
 * The co-attention affinity C = XYᵀ as a heatmap drawn transposed (Cᵀ: words down the side and the 64 patches across),
 * sorted by planted concept (a coloured strip names each group) so the concept blocks show. Each
 * cell is keyed by its patch and word for linkedHighlight; the arrow keys read it cell by cell.
 */
export function AffinityHeatmap(result: Pick<CoAttentionSVDResult, "affinity" | "tokens" | "concepts">, {width = 640}: {width?: number} = {}): HTMLElement {
  const {affinity, tokens, concepts} = result;
  const conceptOf = new Map<number, number>();
  concepts.forEach((concept, k) => concept.patches.forEach((p) => conceptOf.set(p, k)));
  const order = [...[...conceptOf.keys()], ...[...affinity.keys()].filter((p) => !conceptOf.has(p))]; // concepts first, then background
  const cells = order.flatMap((p) => tokens.map((_, w) => ({patch: p, word: w, value: affinity[p][w]})));
  const strip = order.map((p) => ({patch: p, colour: conceptColour(concepts[conceptOf.get(p) ?? -1]?.name)}));
  const names = concepts.map((concept) => ({patch: concept.patches[Math.floor(concept.patches.length / 2)], name: concept.name}));
  const extent = Math.max(1e-9, ...cells.map((d) => Math.abs(d.value)));
  const where = (p: number) => `patch (${Math.floor(p / 8) + 1}, ${(p % 8) + 1}), ${conceptOf.has(p) ? concepts[conceptOf.get(p)!].name : "background"}`;
  const describe = (d: (typeof cells)[number]) => `${where(d.patch)}\nword “${tokens[d.word]}”\nC = ${d.value.toFixed(3)}`;
  const chart = withData(Plot.plot({
    width,
    height: 18 * (tokens.length + 1) + 110,
    marginLeft: 70,
    marginTop: 24,
    marginBottom: 24,
    x: {domain: order, axis: null},
    y: {domain: [-1, ...tokens.keys()], tickFormat: (w: number) => (w < 0 ? "" : tokens[w]), label: null, tickSize: 0},
    color: {type: "linear", scheme: "RdBu", domain: [-extent, extent], legend: true, label: "affinity C(p, t) = xₚ · yₜ"},
    marks: [
      Plot.cell(cells, {x: "patch", y: "word", fill: "value"}),
      Plot.cell(strip, {x: "patch", y: () => -1, fill: "colour", inset: 0}),
      Plot.text(names, {x: "patch", y: () => -1, text: "name", dy: -13, fill: "currentColor", fontSize: 11}),
      Plot.text(["patches, grouped by planted concept, then the background →"], {frameAnchor: "bottom-left", dy: 18, fill: "currentColor"}),
      Plot.tip(cells, Plot.pointer({x: "patch", y: "word", title: describe}))
    ]
  }), cells);
  tagElements(chart.querySelector('g[aria-label="cell"]')!, "rect", cells.map((d) => `patch-${d.patch} word-${d.word}`));
  const rects = markElements(chart.querySelector('g[aria-label="cell"]')!, "rect");
  const at = (word: number, column: number) => column * tokens.length + word; // cells run patch by patch
  return gridKeyboard(chart, {
    label: `the affinity C drawn transposed, ${tokens.length} words (rows) by ${order.length} patches (columns)`,
    rows: tokens.length,
    columns: order.length,
    cell: (word, column) => (rects.has(at(word, column)) ? {element: rects.get(at(word, column))!, text: describe(cells[at(word, column)]).replaceAll("\n", ", ")} : undefined)
  });
}
