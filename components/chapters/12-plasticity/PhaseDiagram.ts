import * as Plot from "@observablehq/plot";
import {element} from "../../controls/element.js";
import {gridKeyboard, markElements} from "../../figures/gridKeyboard.js";
import type {PlasticityRegime} from "./plasticityModel.js";
import {withData} from "../../figures/figureData.js";

/** What the diagram needs of a PlasticityGrid: nested arrays are [τ_θ index][η_H index]. */
export interface PhaseGrid {
  tauThetas: number[];
  etaHs: number[];
  takeoverDay: (number | null)[][];
  regime: PlasticityRegime[][];
}

export interface PhaseDiagramOptions {
  width?: number;
  days?: number; // the run's length: the takeover colour scale's top
  selected?: {tauTheta: number; etaH: number}; // ringed (the nearest cell, dashed, when it is not a grid point); select() moves the ring
  onSelect?: (tauTheta: number, etaH: number) => void; // a click on a cell
}

export const REGIME_COLOURS: Record<PlasticityRegime, string> = {converged: "#59a14f", oscillating: "#edc948", runaway: "#e15759", slow: "#9d9d9d"};
const REGIME_LABELS: Record<PlasticityRegime, string> = {converged: "converged", oscillating: "oscillating", runaway: "runaway (w at a bound)", slow: "slow (still moving)"};

/**
 * Two heatmaps over the grid of the BCM time constant τ_θ (rows, upwards) and the Hebbian rate η_H
 * (columns): the takeover day (grey where the response never reached 95% of 3ρ) and the regime.
 * Clicking a cell (or Enter on the cell the arrow keys reached) calls onSelect with its (τ_θ, η_H);
 * the selected cell is ringed in both, and the element's select({tauTheta, etaH}) moves the ring
 * without redrawing. Pointing at a cell, or tapping it, names its regime and takeover day.
 */
export function PhaseDiagram(grid: PhaseGrid, {width = 640, days = 40, selected, onSelect}: PhaseDiagramOptions = {}): HTMLElement & {select(selected?: {tauTheta: number; etaH: number}): void} {
  const {tauThetas, etaHs} = grid;
  const cells = tauThetas.flatMap((tauTheta, i) => etaHs.map((etaH, j) => ({i, j, tauTheta, etaH, takeover: grid.takeoverDay[i][j], regime: grid.regime[i][j]})));
  type Cell = (typeof cells)[number];
  const nearest = (values: number[], v: number) => values.reduce((best, x, k) => (Math.abs(Math.log(x / v)) < Math.abs(Math.log(values[best] / v)) ? k : best), 0);
  const side = Math.max(200, width >= 760 ? Math.floor((width - 48) / 2) : width); // side by side from 760 px; never below 200 px, even while the page measures 0
  const [marginLeft, marginRight, marginTop, marginBottom] = [52, 8, 8, 40];
  const cell = (side - marginLeft - marginRight) / etaHs.length;
  const height = Math.round(cell * tauThetas.length + marginTop + marginBottom);
  const stride = cell * 5 >= 48 ? 5 : 10; // a tick label needs about 48 px
  const every = (n: number) => Array.from({length: n}, (_, k) => k).filter((k) => k % stride === 0);
  const axes = {
    x: {type: "band" as const, domain: etaHs.map((_, j) => j), ticks: every(etaHs.length), tickFormat: (j: number) => `${etaHs[j]}`, label: "Hebbian rate η_H", labelAnchor: "center" as const, labelOffset: 34, padding: 0},
    y: {type: "band" as const, domain: tauThetas.map((_, i) => i).reverse(), ticks: every(tauThetas.length), tickFormat: (i: number) => `${tauThetas[i]}`, label: "τθ (h)", labelArrow: "none" as const, padding: 0}
  };
  const describe = (d: Cell) => `τθ = ${d.tauTheta} h, η_H = ${d.etaH}: ${d.regime}, ${d.takeover === null ? "no takeover" : `takeover on day ${d.takeover.toFixed(1)}`}`;
  // Each map draws every cell once, and those rects take the clicks, the keyboard's ring and the selection's ring
  // (class phase-pick; Plot binds each rect to its cell's index in `cells`, filters included): a separate invisible
  // layer for the picks would make 5,120 rects of the two maps' 2,048 cells, a 35-60 ms task to draw.
  const tip = () => Plot.tip(cells, Plot.pointer({x: "j", y: "i", title: (d: Cell) => `${describe(d)}${onSelect ? "\n(click to simulate)" : ""}`})); // on hover, and on a tap
  const heatmap = (name: string, marks: Plot.Markish[], color: Plot.ScaleOptions) => {
    const chart = Plot.plot({width: side, height, marginLeft, marginRight, marginTop, marginBottom, ...axes, color, marks: [...marks, tip()]});
    chart.style.maxWidth = `${side}px`; // the legend wraps instead of widening the pair past the page
    const rects = markElements(chart, "g.phase-pick rect");
    if (onSelect) {
      rects.forEach((rect) => ((rect as SVGRectElement).style.cursor = "pointer"));
      chart.addEventListener("click", (event) => {
        const k = (event.target as Element & {__data__?: unknown}).__data__;
        if (typeof k === "number" && rects.get(k) === event.target) onSelect(cells[k].tauTheta, cells[k].etaH);
      });
    }
    const at = (row: number, j: number) => (tauThetas.length - 1 - row) * etaHs.length + j; // row 0 is the top, the largest τθ
    const keyboard = gridKeyboard(chart, {
      label: `${name} over τθ (rows, largest first) and η_H (columns)`,
      rows: tauThetas.length,
      columns: etaHs.length,
      cell: (row, j) => (rects.has(at(row, j)) ? {element: rects.get(at(row, j))!, text: describe(cells[at(row, j)])} : undefined),
      onSelect: onSelect && ((row, j) => onSelect(cells[at(row, j)].tauTheta, cells[at(row, j)].etaH))
    });
    return {keyboard, rects};
  };
  const takeover = heatmap(
    "the takeover day",
    [Plot.cell(cells, {x: "j", y: "i", fill: "#9d9d9d", fillOpacity: 0.35, filter: (d: Cell) => d.takeover === null, className: "phase-pick"}), Plot.cell(cells, {x: "j", y: "i", fill: "takeover", filter: (d: Cell) => d.takeover !== null, className: "phase-pick"})],
    {type: "linear", scheme: "viridis", domain: [0, days], legend: true, label: "takeover day (95% of 3ρ; grey: never)", marginLeft: 8, marginRight: 8} as Plot.ScaleOptions
  );
  const regime = heatmap("the regime", [Plot.cell(cells, {x: "j", y: "i", fill: "regime", className: "phase-pick"})], {
    type: "ordinal",
    domain: Object.keys(REGIME_COLOURS),
    range: Object.values(REGIME_COLOURS),
    tickFormat: (r: PlasticityRegime) => REGIME_LABELS[r],
    legend: true
  });
  const root = element("div", {class: "linked-views phase-diagram"}, takeover.keyboard, regime.keyboard) as unknown as HTMLElement & {select(selected?: {tauTheta: number; etaH: number}): void};
  // The selected cell's ring: a rect of its own on top of each map (the cells around are opaque and would cover a stroke of the cell's own).
  const rings = [takeover, regime].map(({rects}) => {
    const ring = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    Object.entries({fill: "none", stroke: "currentColor", "stroke-width": "2.5", "pointer-events": "none", "aria-hidden": "true", class: "phase-ring"}).forEach(([k, v]) => ring.setAttribute(k, v));
    return {rects, ring};
  });
  root.select = (next) => {
    for (const {ring} of rings) ring.remove();
    if (!next) return;
    const [i, j] = [nearest(tauThetas, next.tauTheta), nearest(etaHs, next.etaH)];
    const exact = tauThetas[i] === next.tauTheta && etaHs[j] === next.etaH;
    for (const {rects, ring} of rings) {
      const rect = rects.get(i * etaHs.length + j) as SVGRectElement;
      for (const k of ["x", "y", "width", "height"]) ring.setAttribute(k, rect.getAttribute(k) ?? "0");
      ring.setAttribute("transform", (rect.parentNode as Element).getAttribute("transform") ?? ""); // where Plot offsets the mark's group
      ring.setAttribute("stroke-dasharray", exact ? "none" : "3,2");
      rect.ownerSVGElement!.append(ring);
    }
  };
  root.select(selected);
  return withData(root, cells.map(({tauTheta, etaH, takeover, regime}) => ({tauTheta, etaH, takeoverDay: takeover, regime})));
}
