import * as Plot from "@observablehq/plot";
import {withData} from "./figureData.js";

export interface LossTrace {
  label: string;
  losses: number[]; // loss at step 1, 2, ...
}

/** Loss against step for several models on a log scale, with an optional reference line (e.g. ln 2). */
export function LossCurves(
  traces: LossTrace[],
  {width = 640, steps, reference, referenceLabel = "", yLabel = "loss (binary cross-entropy)"}: {width?: number; steps?: number; reference?: number; referenceLabel?: string; yLabel?: string} = {}
): SVGSVGElement | HTMLElement {
  const points = traces.flatMap(({label, losses}) => losses.map((loss, i) => ({model: label, step: i + 1, loss})));
  return withData(Plot.plot({
    width,
    height: Math.min(360, Math.max(240, width * 0.5)),
    marginLeft: 56,
    x: {label: "step", domain: [1, Math.max(2, steps ?? Math.max(2, ...traces.map((t) => t.losses.length)))]},
    y: {label: yLabel, type: "log", grid: true, tickFormat: "~g"},
    color: {legend: true, domain: traces.map((t) => t.label)},
    marks: [
      reference === undefined ? null : Plot.ruleY([reference], {stroke: "currentColor", strokeDasharray: "4,3", strokeOpacity: 0.6}),
      reference === undefined ? null : Plot.text([reference], {y: (d: number) => d, frameAnchor: "right", dy: -6, text: () => referenceLabel, fill: "currentColor", fillOpacity: 0.7}),
      Plot.lineY(points, {x: "step", y: "loss", z: "model", stroke: "model", strokeWidth: 1.8}),
      Plot.tip(points, Plot.pointer({x: "step", y: "loss", title: (d: {model: string; step: number; loss: number}) => `${d.model}\nstep ${d.step}\nloss ${d.loss.toFixed(4)}`}))
    ]
  }), points);
}
