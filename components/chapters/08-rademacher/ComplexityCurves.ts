import * as Plot from "@observablehq/plot";
import type {RademacherSweep} from "./rademacher.js";
import {withData} from "../../figures/figureData.js";

const CLASSES = [
  {key: "cat", bound: "catBound", label: "concatenation", colour: "#4e79a7"},
  {key: "fixed", bound: "attnBound", label: "attention, given α (uniform)", colour: "#f28e2c"},
  {key: "shared", bound: undefined, label: "attention, shared learned α", colour: "#59a14f"},
  {key: "freeLower", bound: undefined, label: "attention, free α(x) (lower bound)", colour: "#e15759"}
] as const;

/**
 * Monte-Carlo estimates of the empirical Rademacher complexity of each fusion class against the
 * sample size n, log-log: solid lines with ±2 standard-error bands, and the closed-form bounds
 * (concatenation B√ΣR²/√n, attention B·maxR/√n) dashed in the colour of the class they bound.
 */
export function ComplexityCurves(sweep: Pick<RademacherSweep, "ns" | "cat" | "fixed" | "shared" | "freeLower" | "catBound" | "attnBound" | "se">, {width = 640, n}: {width?: number; n?: number} = {}): SVGSVGElement | HTMLElement {
  const estimates = CLASSES.flatMap(({key, label}) =>
    sweep.ns.map((size, i) => {
      const value = sweep[key][i];
      const se = key === "freeLower" ? 0 : sweep.se[key][i];
      return {n: size, label, value, low: value - 2 * se, high: value + 2 * se, se};
    })
  );
  const bounds = CLASSES.filter((c) => c.bound).flatMap(({bound, label}) => sweep.ns.map((size, i) => ({n: size, label, value: sweep[bound!][i]})));
  return withData(Plot.plot({
    width,
    height: Math.min(380, Math.max(260, width * 0.55)),
    marginBottom: 40,
    x: {type: "log", label: "sample size n", labelAnchor: "center", labelOffset: 34, tickFormat: "~s"},
    y: {type: "log", label: "empirical Rademacher complexity (dashed: bound)", grid: true, tickFormat: "~g"},
    color: {legend: true, domain: CLASSES.map((c) => c.label), range: CLASSES.map((c) => c.colour)},
    marks: [
      n === undefined ? null : Plot.ruleX([n], {stroke: "currentColor", strokeOpacity: 0.4}),
      Plot.areaY(estimates.filter((d) => d.se > 0), {x: "n", y1: "low", y2: "high", fill: "label", fillOpacity: 0.2}),
      Plot.line(bounds, {x: "n", y: "value", stroke: "label", strokeDasharray: "5,4", strokeWidth: 1.5}),
      Plot.line(estimates, {x: "n", y: "value", stroke: "label", strokeWidth: 2}),
      Plot.dot(estimates, {x: "n", y: "value", fill: "label", r: 2.5}),
      Plot.tip(estimates, Plot.pointer({x: "n", y: "value", title: (d: (typeof estimates)[number]) => `${d.label}\nn = ${d.n}: ${d.value.toFixed(4)}${d.se ? ` ± ${d.se.toFixed(4)} (1 s.e.)` : ""}`}))
    ]
  }), [...estimates, ...bounds]);
}
