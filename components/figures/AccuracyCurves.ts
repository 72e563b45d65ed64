import * as Plot from "@observablehq/plot";
import {withData} from "./figureData.js";

export interface AccuracyTrace {
  label: string;
  values: number[]; // accuracy at step 1, 2, ...
  dashed?: boolean;
}

/** Accuracy against training step for several series, with chance level marked. */
export function AccuracyCurves(traces: AccuracyTrace[], {width = 640, steps, chance = 0.5}: {width?: number; steps?: number; chance?: number} = {}): SVGSVGElement | HTMLElement {
  const points = traces.flatMap(({label, values, dashed}) => values.map((value, i) => ({series: label, step: i + 1, value, dashed: Boolean(dashed)})));
  const line = (dashed: boolean) => Plot.lineY(points.filter((d) => d.dashed === dashed), {x: "step", y: "value", z: "series", stroke: "series", strokeWidth: 2, strokeDasharray: dashed ? "5,4" : undefined});
  return withData(Plot.plot({
    width,
    height: Math.min(320, Math.max(220, width * 0.45)),
    x: {label: "step", domain: [1, Math.max(2, steps ?? Math.max(2, ...traces.map((t) => t.values.length)))]},
    y: {domain: [0, 1], label: "accuracy", grid: true},
    color: {legend: true, domain: traces.map((t) => t.label)},
    marks: [
      Plot.ruleY([chance], {stroke: "currentColor", strokeDasharray: "2,3", strokeOpacity: 0.6}),
      Plot.text([chance], {y: (d: number) => d, frameAnchor: "right", dy: -6, text: () => "chance", fill: "currentColor", fillOpacity: 0.7}),
      line(false),
      line(true),
      Plot.tip(points, Plot.pointer({x: "step", y: "value", title: (d: {series: string; step: number; value: number}) => `${d.series}\nstep ${d.step}\n${d.value.toFixed(3)}`}))
    ]
  }), points);
}
