import * as Plot from "@observablehq/plot";
import {withData} from "../../figures/figureData.js";

/**
 * The antipodal counter-example against n, log-log: concatenation's complexity decays like
 * 2B/√(πn) (dashed: theory), while the free-α lower bound stays at B for every n.
 */
export function AntipodalCurves({ns, cat, catTheory, freeLower}: {ns: readonly number[]; cat: readonly number[]; catTheory: readonly number[]; freeLower: readonly number[]}, {width = 640}: {width?: number} = {}): SVGSVGElement | HTMLElement {
  const rows = ns.flatMap((n, i) => [
    {n, label: "concatenation (Monte-Carlo)", value: cat[i]},
    {n, label: "free α(x), lower bound", value: freeLower[i]}
  ]);
  const theory = ns.map((n, i) => ({n, value: catTheory[i]}));
  return withData(Plot.plot({
    width,
    height: 260,
    marginBottom: 40,
    x: {type: "log", label: "sample size n", labelAnchor: "center", labelOffset: 34, tickFormat: "~s"},
    y: {type: "log", label: "empirical Rademacher complexity", grid: true, tickFormat: "~g"},
    color: {legend: true, domain: ["concatenation (Monte-Carlo)", "free α(x), lower bound"], range: ["#4e79a7", "#e15759"]},
    marks: [
      Plot.line(theory, {x: "n", y: "value", strokeDasharray: "5,4", stroke: "#4e79a7"}),
      Plot.line(rows, {x: "n", y: "value", stroke: "label", strokeWidth: 2}),
      Plot.dot(rows, {x: "n", y: "value", fill: "label"}),
      Plot.tip(rows, Plot.pointer({x: "n", y: "value", title: (d: (typeof rows)[number]) => `${d.label}\nn = ${d.n}: ${d.value.toFixed(4)}`}))
    ]
  }), rows);
}
