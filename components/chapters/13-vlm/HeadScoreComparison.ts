import * as Plot from "@observablehq/plot";
import {withData} from "../../figures/figureData.js";
import type {HeadScoreResult} from "./headScoreCell.js";
import {QUESTION_TYPES} from "./vlmGrammar.js";

/** The trained cross-attention model's held-out accuracy per question type, as trained and with the reader's score in one head, side by side. */
export function HeadScoreComparison(result: HeadScoreResult, {width = 640}: {width?: number} = {}): HTMLElement | SVGSVGElement {
  const which = {original: "as trained", yours: `your score in layer ${result.layer + 1}, head ${result.head + 1}`};
  const rows = (["original", "yours"] as const).flatMap((key) => [...QUESTION_TYPES, "overall" as const].map((type) => ({type, version: which[key], accuracy: result[key].accuracy[type]})));
  return withData(Plot.plot({
    width,
    height: 260,
    marginBottom: 36,
    x: {axis: null, domain: Object.values(which)},
    fx: {label: null, domain: [...QUESTION_TYPES, "overall"]},
    y: {label: "held-out accuracy", domain: [0, 1], grid: true},
    color: {legend: true, domain: Object.values(which), range: ["#9aa0a6", "#4269d0"]},
    marks: [
      Plot.barY(rows, {fx: "type", x: "version", y: "accuracy", fill: "version"}),
      Plot.text(rows, {fx: "type", x: "version", y: "accuracy", text: (d: {accuracy: number}) => d.accuracy.toFixed(2), dy: -6, fill: "currentColor", fontSize: 10}),
      Plot.ruleY([0])
    ]
  }), rows);
}
