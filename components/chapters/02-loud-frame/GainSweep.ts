import * as Plot from "@observablehq/plot";
import {withData} from "../../figures/figureData.js";

export interface GainSeries {
  label: string;
  values: number[]; // one per gain
  dashed?: boolean;
}

/** A metric (attention mass on the target, or accuracy) against the loud frame's gain, one line per model. */
export function GainSweep(gains: number[], series: GainSeries[], {width = 640, yLabel = "attention mass on the target"}: {width?: number; yLabel?: string} = {}): SVGSVGElement | HTMLElement {
  const points = series.flatMap(({label, values, dashed}) => values.map((value, i) => ({model: label, gain: String(gains[i]), value, dashed: Boolean(dashed)})));
  return withData(Plot.plot({
    width,
    height: Math.min(320, Math.max(220, width * 0.45)),
    marginLeft: 48,
    x: {type: "point", domain: gains.map(String), label: "gain γ of the loud frame", padding: 0.3},
    y: {domain: [0, 1], label: yLabel, grid: true},
    color: {legend: true, domain: series.map((s) => s.label)},
    marks: [
      Plot.lineY(points.filter((d) => !d.dashed), {x: "gain", y: "value", z: "model", stroke: "model", strokeWidth: 2}),
      Plot.lineY(points.filter((d) => d.dashed), {x: "gain", y: "value", z: "model", stroke: "model", strokeWidth: 2, strokeDasharray: "5,4"}),
      Plot.dot(points, {x: "gain", y: "value", fill: "model", r: 3.5}),
      Plot.tip(points, Plot.pointer({x: "gain", y: "value", title: (d: {model: string; gain: string; value: number}) => `${d.model}\nγ = ${d.gain}\n${d.value.toFixed(3)}`}))
    ]
  }), points);
}
