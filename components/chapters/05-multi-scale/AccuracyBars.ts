import * as Plot from "@observablehq/plot";
import {withData} from "../../figures/figureData.js";

/** Accuracy of several models on several splits as grouped bars, with chance marked. */
export function AccuracyBars(accuracy: Record<string, Record<string, number>>, {labels = {}, width = 640, chance = 0.5}: {labels?: Record<string, string>; width?: number; chance?: number} = {}): SVGSVGElement | HTMLElement {
  const rows = Object.entries(accuracy).flatMap(([model, splits]) => Object.entries(splits).map(([split, value]) => ({model: labels[model] ?? model, split, value})));
  const models = [...new Set(rows.map((r) => r.model))];
  return withData(Plot.plot({
    width,
    height: 280,
    marginBottom: 40,
    fx: {label: null, domain: [...new Set(rows.map((r) => r.split))]},
    x: {axis: null, domain: models},
    y: {domain: [0, 1], label: "test accuracy", grid: true},
    color: {legend: true, domain: models},
    marks: [
      Plot.barY(rows, {fx: "split", x: "model", y: "value", fill: "model"}),
      Plot.text(rows, {fx: "split", x: "model", y: "value", text: (d: {value: number}) => d.value.toFixed(2), dy: -6, fontSize: 9, fill: "currentColor"}),
      Plot.ruleY([chance], {strokeDasharray: "2,3", strokeOpacity: 0.6}),
      Plot.ruleY([0])
    ]
  }), rows);
}
