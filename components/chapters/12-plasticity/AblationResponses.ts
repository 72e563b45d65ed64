import * as Plot from "@observablehq/plot";
import {withData} from "../../figures/figureData.js";

/** One variant of the model: its name and hourly sound response (aligned with `day`). */
export interface AblationTrace {
  label: string;
  soundResponse: number[];
  colour?: string;
}

/**
 * V1's response to sound against day for the full model and its four ablations, one line each (named in
 * the legend), with the analytic fixed point 3ρ dashed. The variant the page simulates now is drawn thicker.
 */
export function AblationResponses(day: number[], traces: AblationTrace[], {width = 640, fixedPoint = 3, current}: {width?: number; fixedPoint?: number; current?: string} = {}): SVGSVGElement | HTMLElement {
  const step = Math.max(1, Math.ceil(day.length / 320)); // at most about 320 points a line
  const hours = day.map((_, h) => h).filter((h) => h % step === 0 || h === day.length - 1);
  const points = traces.flatMap((t) => hours.map((h) => ({day: day[h], value: t.soundResponse[h], label: t.label})));
  const top = Math.max(fixedPoint * 1.2, ...points.map((p) => p.value));
  return withData(Plot.plot({
    width,
    height: Math.min(340, Math.max(240, width * 0.5)),
    marginLeft: 46,
    marginRight: 12,
    marginBottom: 38,
    x: {label: "days since vision was lost", labelAnchor: "center", labelOffset: 32, grid: true},
    y: {domain: [0, top], label: "V1 response to sound", labelArrow: "none", grid: true},
    color: {domain: traces.map((t) => t.label), range: traces.map((t, i) => t.colour ?? ["#59a14f", "#9d9d9d", "#8e6bbf", "#e15759", "#4e79a7"][i % 5]), legend: true},
    marks: [
      Plot.ruleY([fixedPoint], {stroke: "currentColor", strokeDasharray: "4,3", strokeOpacity: 0.55}),
      Plot.text([`3ρ = ${fixedPoint}`], {frameAnchor: "left", y: fixedPoint, dy: -7, dx: 4, textAnchor: "start", fill: "currentColor", fillOpacity: 0.75, fontSize: 10}),
      Plot.lineY(points, {x: "day", y: "value", z: "label", stroke: "label", strokeWidth: (p: (typeof points)[number]) => (p.label === current ? 3.2 : 1.6)}),
      Plot.tip(points, Plot.pointer({x: "day", y: "value", title: (p: (typeof points)[number]) => `${p.label}\nday ${p.day.toFixed(2)}: ${p.value.toFixed(3)}`}))
    ]
  }), points);
}
