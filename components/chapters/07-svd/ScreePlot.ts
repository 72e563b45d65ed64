import * as Plot from "@observablehq/plot";
import {tagElements} from "../../figures/linkedHighlight.js";
import type {CoAttentionSVDResult} from "./coAttentionSVD.js";
import {withData} from "../../figures/figureData.js";

/**
 * The singular values of the co-attention matrix as bars (a scree plot), with the planted model's
 * predictions a·√(|S||T|) as ticks and the gap σ₃/σ₄ written over the fourth bar; each bar is keyed
 * by its mode for linkedHighlight.
 */
export function ScreePlot(result: Pick<CoAttentionSVDResult, "singularValues" | "predicted" | "gap">, {width = 320}: {width?: number} = {}): SVGSVGElement | HTMLElement {
  const bars = result.singularValues.map((sigma, r) => ({mode: r + 1, sigma}));
  const predicted = result.predicted.map((sigma, r) => ({mode: r + 1, sigma}));
  const chart = withData(Plot.plot({
    width,
    height: 240,
    marginLeft: 40,
    x: {label: "mode r", domain: bars.map((b) => b.mode), padding: 0.25},
    y: {label: "singular value σᵣ", grid: true},
    marks: [
      Plot.barY(bars, {x: "mode", y: "sigma", fill: (d: {mode: number}) => (d.mode <= predicted.length ? "steelblue" : "#999")}),
      Plot.tickY(predicted, {x: "mode", y: "sigma", stroke: "currentColor", strokeWidth: 2, strokeDasharray: "3,2"}),
      Plot.text(bars, {x: "mode", y: "sigma", text: (d: {sigma: number}) => d.sigma.toFixed(2), dy: -8, fill: "currentColor"}),
      Plot.text([result.gap], {x: () => 4, y: () => bars[3]?.sigma ?? 0, text: (gap: number) => `σ₃/σ₄ = ${gap.toFixed(1)}`, dy: -40, fill: "currentColor", fontWeight: "bold"}),
      Plot.ruleY([0])
    ]
  }), bars.map((bar, r) => ({...bar, predicted: predicted[r]?.sigma})));
  tagElements(chart.querySelector('g[aria-label="bar"]')!, "rect", bars.map((b) => `mode-${b.mode}`));
  return chart;
}
