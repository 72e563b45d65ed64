import * as Plot from "@observablehq/plot";
import {gridKeyboard, markElements} from "../../figures/gridKeyboard.js";
import {keptPatches, PRUNING_METHODS, PRUNING_METHOD_KEYS, type TokenPruningExample} from "./pruningSettings.js";
import {withData} from "../../figures/figureData.js";

/**
 * One 8 × 8 patch scene seen by each pruning method at keep ratio κ: a cell's shade is the method's
 * score (rank within the scene), dropped patches are faded, the small target is outlined in orange,
 * the large distractor in grey, and ◎ marks the patch grounding picks among the kept ones. The
 * arrow keys walk the three panels' patches as one grid.
 */
export function PruningScene(example: TokenPruningExample, {keep, width = 640}: {keep: number; width?: number}): HTMLElement {
  const {grid, patches, query, target, distractor, scores} = example;
  const text = patches.map((x) => x.reduce((sum, xi, i) => sum + xi * query[i], 0)); // q · x_p
  const target_ = new Set(target);
  const distractor_ = new Set(distractor);
  const cells = PRUNING_METHOD_KEYS.flatMap((method) => {
    const kept = keptPatches(scores[method], keep);
    const order = [...scores[method].keys()].sort((a, b) => scores[method][a] - scores[method][b]);
    const rank = new Map(order.map((p, i) => [p, i / (order.length - 1)]));
    const chosen = [...kept].reduce((best, p) => (text[p] > text[best] ? p : best), [...kept][0]);
    return patches.map((_, p) => ({
      method: PRUNING_METHODS[method].label,
      row: Math.floor(p / grid),
      column: p % grid,
      score: rank.get(p)!,
      kept: kept.has(p),
      role: target_.has(p) ? "target" : distractor_.has(p) ? "distractor" : "background",
      chosen: p === chosen
    }));
  });
  type Cell = (typeof cells)[number];
  const panel = Math.min(220, (width - 40) / 3);
  const describe = (d: Cell) => `${d.method}\npatch (${d.row + 1}, ${d.column + 1}): ${d.role}\nscore rank ${(d.score * 63 + 1).toFixed(0)} of 64\n${d.kept ? "kept" : "pruned"}${d.chosen ? ", grounded here" : ""}`;
  const chart = withData(Plot.plot({
    width,
    height: panel + 70,
    marginTop: 24,
    marginLeft: 8,
    marginRight: 8,
    marginBottom: 8,
    x: {domain: [...Array(grid).keys()], axis: null},
    y: {domain: [...Array(grid).keys()], axis: null},
    fx: {domain: PRUNING_METHOD_KEYS.map((m) => PRUNING_METHODS[m].label), padding: 0.08, axis: "top", label: null, tickFormat: (label: string) => (panel < 180 ? label.replace(/ \(.*\)/, "") : label)},
    color: {type: "linear", scheme: "Viridis", domain: [0, 1], legend: true, label: "pruning score (rank in the scene)"},
    marks: [
      Plot.cell(cells, {x: "column", y: "row", fx: "method", fill: "score", fillOpacity: (d: Cell) => (d.kept ? 1 : 0.12), inset: 0.5}),
      Plot.cell(cells.filter((d) => d.role === "distractor"), {x: "column", y: "row", fx: "method", stroke: "#888", strokeWidth: 1.5, inset: 1.5}),
      Plot.cell(cells.filter((d) => d.role === "target"), {x: "column", y: "row", fx: "method", stroke: "#ff7f0e", strokeWidth: 3, inset: 1.5}),
      Plot.text(cells.filter((d) => d.chosen), {x: "column", y: "row", fx: "method", text: () => "◎", fill: "white", stroke: "black", strokeWidth: 2, paintOrder: "stroke", fontSize: 16}),
      Plot.tip(cells, Plot.pointer({x: "column", y: "row", fx: "method", title: describe}))
    ]
  }), cells);
  const patchesOf = markElements(chart.querySelector('g[aria-label="cell"]')!, "rect"); // the first cell mark: the scores
  const at = (row: number, c: number) => (Math.floor(c / grid) * grid + row) * grid + (c % grid); // method, then patch
  return gridKeyboard(chart, {
    label: `the scene's ${grid} × ${grid} patches as each of ${PRUNING_METHOD_KEYS.length} pruning methods scores them`,
    rows: grid,
    columns: PRUNING_METHOD_KEYS.length * grid,
    cell: (row, c) => (patchesOf.has(at(row, c)) ? {element: patchesOf.get(at(row, c))!, text: describe(cells[at(row, c)]).replaceAll("\n", ", ")} : undefined)
  });
}
