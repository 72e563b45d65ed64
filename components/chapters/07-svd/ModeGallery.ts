import * as Plot from "@observablehq/plot";
import {conceptColour} from "./conceptColour.js";
import {element} from "../../controls/element.js";
import {gridKeyboard, markElements} from "../../figures/gridKeyboard.js";
import {tagElements} from "../../figures/linkedHighlight.js";
import type {CoAttentionSVDResult} from "./coAttentionSVD.js";
import {withData} from "../../figures/figureData.js";

/**
 * The top singular modes side by side: each uᵣ as a heatmap on the 8 × 8 patch grid (the matched
 * planted concept outlined in its colour) above vᵣ as bars over the words. Patches, words and
 * modes are keyed for linkedHighlight, so pointing at one lights it up in every mode and the matrix.
 * The arrow keys walk each mode's patch grid.
 */
export function ModeGallery(result: Pick<CoAttentionSVDResult, "modes" | "grid" | "tokens" | "concepts" | "order" | "cosPatches" | "cosTokens">, {width = 640, count = 3}: {width?: number; count?: number} = {}): HTMLElement {
  const {modes, grid, tokens, concepts, order} = result; // concepts in mode order
  const panel = Math.max(180, Math.min(240, (width - 32) / Math.min(count, 3) - 16));
  const cards = modes.slice(0, count).map((mode, r) => {
    const concept = r < order.length ? concepts[r] : undefined; // concepts come in mode order: mode r ↔ concepts[r]
    const colour = conceptColour(concept?.name);
    const extent = Math.max(1e-9, ...mode.u.map(Math.abs), ...mode.v.map(Math.abs));
    const cells = mode.u.map((value, p) => ({p, row: Math.floor(p / grid), column: p % grid, value}));
    const patches = withData(Plot.plot({
      width: panel,
      height: panel,
      margin: 4,
      x: {domain: [...Array(grid).keys()], axis: null},
      y: {domain: [...Array(grid).keys()], axis: null},
      color: {type: "linear", scheme: "RdBu", domain: [-extent, extent]},
      marks: [
        Plot.cell(cells, {x: "column", y: "row", fill: "value", inset: 0.5}),
        concept ? Plot.cell(cells.filter((c) => concept.patches.includes(c.p)), {x: "column", y: "row", stroke: colour, strokeWidth: 2.5, inset: 1.5}) : null,
        Plot.tip(cells, Plot.pointer({x: "column", y: "row", title: (d: {row: number; column: number; value: number}) => `patch (${d.row + 1}, ${d.column + 1})\nu${r + 1} = ${d.value.toFixed(3)}`}))
      ]
    }), cells);
    tagElements(patches.querySelector('g[aria-label="cell"]')!, "rect", cells.map((c) => `patch-${c.p} mode-${r + 1}`));
    const rects = markElements(patches.querySelector('g[aria-label="cell"]')!, "rect");
    const patchGrid = gridKeyboard(patches, {
      label: `mode ${r + 1}'s u on the ${grid} × ${grid} patch grid`,
      rows: grid,
      columns: grid,
      cell: (row, column) => {
        const p = row * grid + column;
        return rects.has(p) ? {element: rects.get(p)!, text: `mode ${r + 1}, patch (${row + 1}, ${column + 1})${concept?.patches.includes(p) ? `, in the ${concept.name}` : ""}: u = ${mode.u[p].toFixed(3)}`} : undefined;
      }
    });
    const bars = mode.v.map((value, w) => ({w, value}));
    const words = withData(Plot.plot({
      width: panel,
      height: 16 * tokens.length + 30,
      marginLeft: 64,
      marginRight: 8,
      x: {domain: [-extent, extent], label: `v${r + 1}`, ticks: 3, grid: true},
      y: {domain: [...tokens.keys()], tickFormat: (w: number) => tokens[w], label: null, tickSize: 0},
      marks: [
        Plot.barX(bars, {x: "value", y: "w", fill: (d: {w: number}) => (concept?.tokens.includes(d.w) ? colour : "#999")}),
        Plot.ruleX([0]),
        Plot.tip(bars, Plot.pointer({x: "value", y: "w", title: (d: {w: number; value: number}) => `“${tokens[d.w]}”: v${r + 1} = ${d.value.toFixed(3)}`}))
      ]
    }), bars);
    tagElements(words.querySelector('g[aria-label="bar"]')!, "rect", bars.map((b) => `word-${b.w} mode-${r + 1}`));
    const match = concept ? `${concept.name}: |cos| ${result.cosPatches[r].toFixed(3)} patches, ${result.cosTokens[r].toFixed(3)} words` : "noise";
    return element(
      "div",
      {class: "mode-card"},
      element("h3", {"data-key": `mode-${r + 1}`, tabindex: 0}, `mode ${r + 1}: σ = ${mode.sigma.toFixed(2)}`),
      element("p", {class: "mode-match"}, match),
      patchGrid,
      words
    );
  });
  return element("div", {class: "mode-gallery"}, ...cards);
}
