import * as Plot from "@observablehq/plot";
import {withData} from "../../figures/figureData.js";

/** How the clips' gate values are distributed, one histogram per group (e.g. event type), with the group means marked. */
export function GateStrip(gates: {group: string; gate: number}[], {width = 640, label = "gate g (1 = short window, 0 = long)"}: {width?: number; label?: string} = {}): SVGSVGElement | HTMLElement {
  const groups = [...new Set(gates.map((d) => d.group))];
  const means = groups.map((group) => {
    const values = gates.filter((d) => d.group === group).map((d) => d.gate);
    return {group, gate: values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)};
  });
  return withData(Plot.plot({
    width,
    height: 50 + 90 * groups.length,
    marginLeft: 56,
    marginRight: 80,
    x: {domain: [0, 1], label, grid: true},
    y: {label: "clips", grid: true},
    fy: {domain: groups, label: null},
    marks: [
      Plot.rectY(gates, {...Plot.binX<Plot.RectYOptions>({y: "count"}, {x: {value: "gate", thresholds: 20, domain: [0, 1]}, fill: "group"}), fy: "group", fillOpacity: 0.7}),
      Plot.ruleX(means, {x: "gate", fy: "group", stroke: "currentColor", strokeWidth: 2, strokeDasharray: "4,3"}),
      Plot.text(means, {x: "gate", fy: "group", frameAnchor: "top", text: (d: {gate: number}) => `mean ${d.gate.toFixed(2)}`, dy: 2, dx: 24, fill: "currentColor"})
    ]
  }), gates);
}
