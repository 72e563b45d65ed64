import * as Plot from "@observablehq/plot";
import type {SharedExcessPoint} from "./rademacher.js";
import {withData} from "./figureData.js";

/**
 * How far learning one shared α pushes the complexity past the given-α bound, against the number
 * of modalities M: measured ratio with ±2 s.e., between the given-α bound (1) and the
 * concatenation bound (√M, which the shared class can never pass).
 */
export function SharedExcess(points: readonly SharedExcessPoint[], {width = 640}: {width?: number} = {}): SVGSVGElement | HTMLElement {
  const ceiling = points.map(({M}) => ({M, value: Math.sqrt(M)}));
  return withData(Plot.plot({
    width,
    height: 260,
    marginBottom: 40,
    x: {label: "modalities M", ticks: points.map((p) => p.M), labelAnchor: "center", labelOffset: 34},
    y: {label: "shared α ÷ (B·max R/√n)", grid: true, domain: [0, Math.max(...ceiling.map((c) => c.value)) * 1.05]},
    marks: [
      Plot.ruleY([1], {strokeDasharray: "5,4"}),
      Plot.text(["given-α bound"], {x: () => points[0]?.M, y: () => 1, dy: -8, textAnchor: "start", fill: "currentColor"}),
      Plot.line(ceiling, {x: "M", y: "value", strokeDasharray: "5,4", stroke: "#4e79a7"}),
      Plot.text(ceiling.slice(-1), {x: "M", y: "value", text: () => "√M: concatenation bound", dy: -8, textAnchor: "end", fill: "#4e79a7"}),
      Plot.ruleX(points, {x: "M", y1: (d: SharedExcessPoint) => d.ratio - 2 * d.se, y2: (d: SharedExcessPoint) => d.ratio + 2 * d.se, stroke: "#59a14f"}),
      Plot.line(points, {x: "M", y: "ratio", stroke: "#59a14f", strokeWidth: 2}),
      Plot.dot(points, {x: "M", y: "ratio", fill: "#59a14f"}),
      Plot.tip(points, Plot.pointer({x: "M", y: "ratio", title: (d: SharedExcessPoint) => `M = ${d.M}: ${d.ratio.toFixed(3)} ± ${d.se.toFixed(3)} (1 s.e.)`}))
    ]
  }), points);
}
