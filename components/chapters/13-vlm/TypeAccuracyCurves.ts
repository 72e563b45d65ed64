import * as Plot from "@observablehq/plot";
import {withData} from "../../figures/figureData.js";
import {QUESTION_TYPES, type QuestionType} from "./vlmGrammar.js";
import type {VlmEvaluation} from "./vlmTrainer.js";
import {VLM_MODEL_KEYS, VLM_MODELS} from "./vlmSettings.js";

/**
 * Held-out accuracy against training step, one panel per question type, one line per model; a dashed rule marks the
 * best blind guess of each type (the most common answer to the question's exact words).
 */
export function TypeAccuracyCurves(evaluations: readonly VlmEvaluation[], {width = 640, steps, blindGuess}: {width?: number; steps: number; blindGuess: Record<QuestionType, number>}): HTMLElement | SVGSVGElement {
  const points = evaluations.flatMap((e) => VLM_MODEL_KEYS.flatMap((model) => QUESTION_TYPES.map((type) => ({type, model: VLM_MODELS[model].label, step: e.step, accuracy: e.accuracy[model][type]}))));
  const blind = QUESTION_TYPES.map((type) => ({type, accuracy: blindGuess[type]}));
  const columns = width < 520 ? 2 : 4; // a phone gets two rows of two
  const index = (type: QuestionType) => QUESTION_TYPES.indexOf(type);
  const fx = (d: {type: QuestionType}) => index(d.type) % columns;
  const fy = (d: {type: QuestionType}) => Math.floor(index(d.type) / columns);
  const panel = (width - 60) / columns;
  return withData(Plot.plot({
    width,
    height: (4 / columns) * Math.max(150, Math.min(200, panel)) + 80,
    marginLeft: 44,
    marginTop: 28,
    marginBottom: 36,
    x: {label: "step", domain: [0, steps], ticks: 3},
    y: {label: null, domain: [0, 1], grid: true, ticks: 5}, // the caption says what it is
    fx: {axis: null, padding: 0.12},
    fy: {axis: null, padding: 0.15},
    color: {legend: true, domain: VLM_MODEL_KEYS.map((model) => VLM_MODELS[model].label)},
    marks: [
      Plot.frame({strokeOpacity: 0.2}),
      Plot.text(blind, {fx, fy, text: "type", frameAnchor: "top-left", dx: 4, dy: -16, fill: "currentColor", fontWeight: "bold"}),
      Plot.ruleY(blind, {fx, fy, y: "accuracy", stroke: "currentColor", strokeDasharray: "3,3", strokeOpacity: 0.7}),
      Plot.lineY(points, {fx, fy, x: "step", y: "accuracy", z: "model", stroke: "model", strokeWidth: 2}),
      Plot.tip(points, Plot.pointer({fx, fy, x: "step", y: "accuracy", title: (d: {type: string; model: string; step: number; accuracy: number}) => `${d.type}, ${d.model}\nstep ${d.step}: ${d.accuracy.toFixed(3)}`}))
    ]
  }), points);
}
