import * as Plot from "@observablehq/plot";
import type {AsrResult} from "./asrRescoring.js";
import {withData} from "../../figures/figureData.js";

/**
 * 1-best accuracy against the visual weight λ: rescoring with the relevant image and with an
 * irrelevant one, each without and with the gate, against the acoustic-only baseline (grey rule);
 * a rule marks the reader's λ.
 */
export function RescoringCurves(result: Pick<AsrResult, "lambdas" | "rescored" | "gated" | "irrelevant" | "baseline">, {width = 640, lambda}: {width?: number; lambda?: number} = {}): SVGSVGElement | HTMLElement {
  const series = [
    {label: "relevant image", values: result.rescored, dash: undefined},
    {label: "relevant image, gated", values: result.gated, dash: "4,3"},
    {label: "irrelevant image", values: result.irrelevant.ungatedByLambda, dash: undefined},
    {label: "irrelevant image, gated", values: result.irrelevant.gatedByLambda, dash: "4,3"}
  ];
  const rows = series.flatMap(({label, values}) => result.lambdas.map((l, i) => ({lambda: l, label, accuracy: values[i]})));
  const colour = {domain: series.map((s) => s.label), range: ["#4e79a7", "#4e79a7", "#e15759", "#e15759"]};
  return withData(Plot.plot({
    width,
    height: Math.min(340, Math.max(240, width * 0.5)),
    marginBottom: 40,
    x: {label: "visual weight λ", labelAnchor: "center", labelOffset: 34},
    y: {domain: [0, 1], label: "1-best accuracy", grid: true},
    color: {legend: true, ...colour},
    marks: [
      Plot.ruleY([result.baseline], {stroke: "#888", strokeWidth: 2}),
      Plot.text([result.baseline], {x: () => result.lambdas.at(-1), y: (b: number) => b, text: () => "acoustic only", dy: -8, textAnchor: "end", fill: "#888"}),
      lambda === undefined ? null : Plot.ruleX([lambda], {stroke: "currentColor", strokeOpacity: 0.4}),
      ...series.map(({label, dash}) => Plot.line(rows.filter((r) => r.label === label), {x: "lambda", y: "accuracy", stroke: "label", strokeDasharray: dash, strokeWidth: 2})),
      Plot.dot(rows, {x: "lambda", y: "accuracy", fill: "label", r: 3}),
      Plot.tip(rows, Plot.pointer({x: "lambda", y: "accuracy", title: (d: (typeof rows)[number]) => `${d.label}\nλ = ${d.lambda}: ${d.accuracy.toFixed(3)}`}))
    ]
  }), rows);
}
