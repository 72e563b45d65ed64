import * as Plot from "@observablehq/plot";
import {withData} from "../../figures/figureData.js";

export interface EvaluationSeries {
  label: string;
  points: {step: number; value: number}[]; // measured every few steps, not every step
  dashed?: boolean;
}

export interface EvaluationReference {
  value: number;
  label: string;
}

/** A held-out measure (accuracy, error, correlation) against training step, one line per series, with labelled reference levels. */
export function EvaluationCurves(
  series: EvaluationSeries[],
  {width = 640, steps, yLabel = "value", domain, log = false, references = [], format = (v: number) => v.toFixed(3)}: {width?: number; steps?: number; yLabel?: string; domain?: [number, number]; log?: boolean; references?: EvaluationReference[]; format?: (value: number) => string} = {}
): SVGSVGElement | HTMLElement {
  const points = series.flatMap(({label, points, dashed}) => points.map(({step, value}) => ({series: label, step, value, dashed: Boolean(dashed)})));
  const lastStep = Math.max(1, ...points.map((d) => d.step));
  const line = (dashed: boolean) =>
    Plot.line(points.filter((d) => d.dashed === dashed), {x: "step", y: "value", z: "series", stroke: "series", strokeWidth: 2, strokeDasharray: dashed ? "5,4" : undefined, marker: points.length < 60 ? "circle-stroke" : undefined});
  return withData(Plot.plot({
    width,
    height: Math.min(300, Math.max(200, width * 0.45)),
    marginLeft: 56,
    x: {label: "step", domain: [0, Math.max(2, steps ?? lastStep)]},
    y: {label: yLabel, grid: true, type: log ? "log" : "linear", domain, tickFormat: log ? "~g" : undefined},
    color: {legend: true, domain: series.map((s) => s.label)},
    marks: [
      Plot.ruleY(references, {y: "value", stroke: "currentColor", strokeDasharray: "2,3", strokeOpacity: 0.6}),
      Plot.text(references, {y: "value", frameAnchor: "right", dy: -6, text: "label", fill: "currentColor", fillOpacity: 0.7}),
      line(false),
      line(true),
      Plot.tip(points, Plot.pointer({x: "step", y: "value", title: (d: {series: string; step: number; value: number}) => `${d.series}\nstep ${d.step}\n${format(d.value)}`}))
    ]
  }), points);
}
