import * as Plot from "@observablehq/plot";
import {withData} from "../../figures/figureData.js";

export interface GroundingSweepData {
  beta1s: number[];
  twoStep: {left: number[]; closest: number[]};
  baselines: {label: string; value: number}[]; // horizontal reference lines
}

/** Argmax accuracy of the two-step attention against the first step's sharpness β₁, with baselines as rules. */
export function GroundingSweep({beta1s, twoStep, baselines}: GroundingSweepData, {width = 640}: {width?: number} = {}): SVGSVGElement | HTMLElement {
  // Baseline labels sit on their rules at the left; close values alternate above and below.
  const rules = [...baselines].sort((a, b) => a.value - b.value).map((d, i) => ({...d, dy: i % 2 ? 11 : -6}));
  const points = (["left", "closest"] as const).flatMap((task) => twoStep[task].map((accuracy, i) => ({task: `two-step, "${task === "left" ? "left of" : "closest to"}"`, beta1: beta1s[i], accuracy})));
  return withData(Plot.plot({
    width,
    height: Math.min(360, Math.max(260, width * 0.55)),
    marginBottom: 40,
    marginRight: 24,
    x: {type: "log", label: "β₁ (sharpness of step 1)", ticks: beta1s, tickFormat: "~g", labelAnchor: "center", labelOffset: 34},
    y: {domain: [0, 1], label: "accuracy over scenes", grid: true},
    color: {legend: true},
    marks: [
      Plot.ruleY(rules, {y: "value", stroke: "currentColor", strokeOpacity: 0.45, strokeDasharray: "4,3"}),
      Plot.text(rules.filter((d) => d.dy < 0), {y: "value", x: beta1s[0], text: (d: {label: string; value: number}) => `${d.label}: ${d.value.toFixed(2)}`, textAnchor: "start", dy: -6, fill: "currentColor", fontSize: 10}),
      Plot.text(rules.filter((d) => d.dy > 0), {y: "value", x: beta1s[0], text: (d: {label: string; value: number}) => `${d.label}: ${d.value.toFixed(2)}`, textAnchor: "start", dy: 11, fill: "currentColor", fontSize: 10}),
      Plot.lineY(points, {x: "beta1", y: "accuracy", z: "task", stroke: "task", strokeWidth: 2}),
      Plot.dot(points, {x: "beta1", y: "accuracy", fill: "task"}),
      Plot.tip(points, Plot.pointer({x: "beta1", y: "accuracy", title: (d: {task: string; beta1: number; accuracy: number}) => `${d.task}\nβ₁ = ${d.beta1}\naccuracy ${d.accuracy.toFixed(3)}`}))
    ]
  }), points);
}
