import * as Plot from "@observablehq/plot";
import {withData} from "../../figures/figureData.js";

export interface AffinitySeries {
  label: string; // with its Pearson r, as the legend shows it
  predicted: number[];
}

/** Predicted against true affinity for each model on the same test complexes, with the line y = x. */
export function AffinityScatter(truth: number[], series: AffinitySeries[], {width = 640, highlight}: {width?: number; highlight?: number} = {}): SVGSVGElement | HTMLElement {
  const points = series.flatMap(({label, predicted}) => predicted.map((p, i) => ({model: label, index: i, truth: truth[i], predicted: p})));
  const values = [...truth, ...points.map((d) => d.predicted)].filter(Number.isFinite);
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const pad = 0.05 * (hi - lo || 1);
  const domain: [number, number] = [lo - pad, hi + pad];
  const size = Math.min(width, 520);
  const chosen = highlight === undefined ? [] : points.filter((d) => d.index === highlight);
  return withData(Plot.plot({
    width: size,
    height: size,
    marginLeft: 48,
    x: {domain, label: "true affinity y", grid: true},
    y: {domain, label: "predicted ŷ", grid: true},
    color: {legend: true, domain: series.map((s) => s.label)},
    marks: [
      Plot.line(domain.map((v) => [v, v]), {stroke: "currentColor", strokeOpacity: 0.5, strokeDasharray: "4,3"}),
      Plot.dot(points, {x: "truth", y: "predicted", stroke: "model", r: 2.5, strokeOpacity: 0.75}),
      Plot.dot(chosen, {x: "truth", y: "predicted", stroke: "currentColor", r: 7, strokeWidth: 2}),
      Plot.tip(points, Plot.pointer({x: "truth", y: "predicted", title: (d: {model: string; index: number; truth: number; predicted: number}) => `${d.model}\ntest complex ${d.index + 1}\ntrue ${d.truth.toFixed(3)}, predicted ${d.predicted.toFixed(3)}`}))
    ]
  }), points);
}
