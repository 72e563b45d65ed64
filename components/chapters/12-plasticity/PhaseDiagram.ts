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
  const picks = (): Plot.Markish[] => [
    Plot.cell(cells, {x: "j", y: "i", fill: "black", fillOpacity: 0, className: "phase-pick"}), // clicks and the ring
    Plot.tip(cells, Plot.pointer({x: "j", y: "i", title: (d: Cell) => `${describe(d)}${onSelect ? "\n(click to simulate)" : ""}`})) // on hover, and on a tap
  ];
  const heatmap = (name: string, marks: Plot.Markish[], color: Plot.ScaleOptions) => {
    const chart = Plot.plot({width: side, height, marginLeft, marginRight, marginTop, marginBottom, ...axes, color, marks: [...marks, ...picks()]});
    chart.style.maxWidth = `${side}px`; // the legend wraps instead of widening the pair past the page
    if (onSelect) {
      const picks = [...chart.querySelectorAll<SVGRectElement>("g.phase-pick rect")];
      picks.forEach((rect) => (rect.style.cursor = "pointer"));
      chart.addEventListener("click", (event) => {
        const k = picks.indexOf(event.target as SVGRectElement);
        if (k >= 0) onSelect(cells[k].tauTheta, cells[k].etaH);
      });
    }
    const rects = markElements(chart, "g.phase-pick rect");
    const at = (row: number, j: number) => (tauThetas.length - 1 - row) * etaHs.length + j; // row 0 is the top, the largest τθ
    return gridKeyboard(chart, {
      label: `${name} over τθ (rows, largest first) and η_H (columns)`,
      rows: tauThetas.length,
      columns: etaHs.length,
      cell: (row, j) => (rects.has(at(row, j)) ? {element: rects.get(at(row, j))!, text: describe(cells[at(row, j)])} : undefined),
      onSelect: onSelect && ((row, j) => onSelect(cells[at(row, j)].tauTheta, cells[at(row, j)].etaH))
    });
  };
  const takeover = heatmap(
    "the takeover day",
    [Plot.cell(cells, {x: "j", y: "i", fill: "#9d9d9d", fillOpacity: 0.35}), Plot.cell(cells.filter((d) => d.takeover !== null), {x: "j", y: "i", fill: "takeover"})],
    {type: "linear", scheme: "viridis", domain: [0, days], legend: true, label: "takeover day (95% of 3ρ; grey: never)", marginLeft: 8, marginRight: 8} as Plot.ScaleOptions
  );
  const regime = heatmap("the regime", [Plot.cell(cells, {x: "j", y: "i", fill: "regime"})], {
    type: "ordinal",
    domain: Object.keys(REGIME_COLOURS),
    range: Object.values(REGIME_COLOURS),
    tickFormat: (r: PlasticityRegime) => REGIME_LABELS[r],
    legend: true
  });
  const root = element("div", {class: "linked-views phase-diagram"}, takeover, regime) as unknown as HTMLElement & {select(selected?: {tauTheta: number; etaH: number}): void};
  const rects = [takeover, regime].map((chart) => [...chart.querySelectorAll<SVGRectElement>("g.phase-pick rect")]);
  let ringed = -1;
  root.select = (next) => {
    for (const chart of rects) chart[ringed]?.removeAttribute("stroke");
    if (!next) return void (ringed = -1);
    const [i, j] = [nearest(tauThetas, next.tauTheta), nearest(etaHs, next.etaH)];
    const exact = tauThetas[i] === next.tauTheta && etaHs[j] === next.etaH;
    ringed = i * etaHs.length + j;
    for (const chart of rects) {
      const rect = chart[ringed];
      rect.setAttribute("stroke", "currentColor");
      rect.setAttribute("stroke-width", "2.5");
      rect.setAttribute("stroke-dasharray", exact ? "none" : "3,2"); // the cells around are transparent here, so none covers the ring
    }
  };
  root.select(selected);
  return withData(root, cells.map(({tauTheta, etaH, takeover, regime}) => ({tauTheta, etaH, takeoverDay: takeover, regime})));
}
