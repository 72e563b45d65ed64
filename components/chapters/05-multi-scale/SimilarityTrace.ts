import * as Plot from "@observablehq/plot";
import {withData} from "../../figures/figureData.js";

export interface SimilarityTraceData {
  similarity: number[]; // c_t per frame
  hz: number; // frames per second
  short: {start: number; value: number; length: number}; // best short window
  long: {start: number; value: number; length: number}; // best long window
  event?: {start: number; length: number}; // where the shared event is, when known
}

/** Frame-by-frame audio–video similarity over a clip, with the best short and long windows shaded. */
export function SimilarityTrace({similarity, hz, short, long, event}: SimilarityTraceData, {width = 640}: {width?: number} = {}): SVGSVGElement | HTMLElement {
  const seconds = (frame: number) => frame / hz;
  const points = similarity.map((value, t) => ({time: seconds(t), value}));
  const windows = [
    {name: `best ${long.length / hz}-s window`, x1: seconds(long.start), x2: seconds(long.start + long.length), fill: "#1f77b4"},
    {name: `best ${short.length / hz}-s window`, x1: seconds(short.start), x2: seconds(short.start + short.length), fill: "#ff7f0e"}
  ];
  return withData(Plot.plot({
    width,
    height: 240,
    x: {label: "time (s)", domain: [0, seconds(similarity.length)]},
    y: {label: "frame similarity cₜ", grid: true},
    color: {legend: true, domain: windows.map((w) => w.name), range: windows.map((w) => w.fill)},
    marks: [
      event ? Plot.rectX([event], {x1: (d: {start: number}) => seconds(d.start), x2: (d: {start: number; length: number}) => seconds(d.start + d.length), fill: "currentColor", fillOpacity: 0.08}) : null,
      Plot.rectX(windows, {x1: "x1", x2: "x2", fill: "name", fillOpacity: 0.25}),
      Plot.ruleY([0], {strokeOpacity: 0.4}),
      Plot.lineY(points, {x: "time", y: "value", strokeWidth: 1, stroke: "currentColor"}),
      Plot.ruleY([long.value], {stroke: "#1f77b4", strokeDasharray: "4,3", x1: seconds(long.start), x2: seconds(long.start + long.length)}),
      Plot.ruleY([short.value], {stroke: "#ff7f0e", strokeDasharray: "4,3", x1: seconds(short.start), x2: seconds(short.start + short.length)})
    ]
  }), points);
}
