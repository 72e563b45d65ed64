import * as Plot from "@observablehq/plot";
import type {SharedExcessPoint} from "./rademacher.js";
import {withData} from "../../figures/figureData.js";

/**
 * How far learning one shared α pushes the complexity past the given-α bound, against the number
 * of modalities M, one colour per width d: the Monte-Carlo ratio (dots, ±2 s.e.) and its large-n
 * limit E max_m ‖g_m‖/√d (dashed), between the given-α bound (1) and the concatenation bound (√M,
 * which the shared class can never pass). The reader's width `d` has the larger dots.
 */
export function SharedExcess(points: readonly SharedExcessPoint[], {width = 640, d: mine}: {width?: number; d?: number} = {}): SVGSVGElement | HTMLElement {
  const Ms = [...new Set(points.map((p) => p.M))].sort((a, b) => a - b);
  const widths = [...new Set(points.map((p) => p.d))].sort((a, b) => a - b);
  const label = (d: number) => `d = ${d}${d === mine ? " (yours)" : ""}`;
  const rows = points.map((p) => ({...p, width: label(p.d)}));
  const ceiling = Ms.map((M) => ({M, value: Math.sqrt(M)}));
  const top = Math.max(...ceiling.map((c) => c.value), ...rows.map((p) => p.ratio + 2 * p.se));
  return withData(Plot.plot({
    width,
    height: 300,
    marginBottom: 40,
    x: {label: "modalities M", ticks: Ms, labelAnchor: "center", labelOffset: 34},
    y: {label: "shared α ÷ (B·max R/√n)", grid: true, domain: [0.9, top * 1.05]},
    color: {legend: true, domain: widths.map(label), scheme: "viridis"},
    marks: [
      Plot.ruleY([1], {strokeDasharray: "5,4"}),
      Plot.text(["given-α bound"], {x: () => Ms[0], y: () => 1, dy: -8, textAnchor: "start", fill: "currentColor"}),
      Plot.line(ceiling, {x: "M", y: "value", strokeDasharray: "5,4", stroke: "#4e79a7"}),
      Plot.text(ceiling.slice(-1), {x: "M", y: "value", text: () => "√M: concatenation bound", dy: -8, textAnchor: "end", fill: "#4e79a7"}),
      Plot.line(rows, {x: "M", y: "limit", z: "width", stroke: "width", strokeDasharray: "3,3", strokeWidth: 1.5}),
      Plot.ruleX(rows, {x: "M", y1: (p: SharedExcessPoint) => p.ratio - 2 * p.se, y2: (p: SharedExcessPoint) => p.ratio + 2 * p.se, stroke: "width"}),
      Plot.dot(rows.filter((p) => p.d !== mine), {x: "M", y: "ratio", fill: "width", r: 2.5}),
      Plot.dot(rows.filter((p) => p.d === mine), {x: "M", y: "ratio", fill: "width", r: 4.5, stroke: "currentColor", strokeWidth: 1}),
      Plot.tip(rows, Plot.pointer({x: "M", y: "ratio", title: (p: SharedExcessPoint) => `M = ${p.M}, d = ${p.d}: ${p.ratio.toFixed(3)} ± ${p.se.toFixed(3)} (1 s.e.); large-n limit ${p.limit.toFixed(3)}`}))
    ]
  }), points);
}
