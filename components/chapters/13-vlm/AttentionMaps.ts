import * as Plot from "@observablehq/plot";
import {element} from "../../controls/element.js";
import {withData} from "../../figures/figureData.js";
import {MatrixHeatmap} from "../../figures/MatrixHeatmap.js";
import {SceneImage} from "./SceneImage.js";
import {ANSWERS} from "./vlmGrammar.js";
import type {VlmAnswer} from "./vlmTrainer.js";

/** Each word of a question, numbered where it repeats ("the", "the ²"), so every row and column has its own name. */
export const wordLabels = (words: readonly string[]): string[] => words.map((word, i) => {
  const seen = words.slice(0, i).filter((w) => w === word).length;
  return seen === 0 ? word : `${word} ${seen + 1}`;
});

/** A word's weights over the patches in one head, or (word < 0) their mean over the question's words. */
export const weightsOf = (head: number[][], word: number): number[] =>
  word >= 0 ? head[word] : head[0].map((_, p) => head.reduce((sum, row) => sum + row[p], 0) / head.length);

/** One head's weights over the image for one word (or, word < 0, their mean over the words), titled with its layer and head. */
export function headMap(image: Float32Array, answer: VlmAnswer, layer: number, head: number, word: number, size: number) {
  const whose = word >= 0 ? `“${wordLabels(answer.words)[word]}”` : "the question's words (mean)";
  return SceneImage(image, {size, weights: weightsOf(answer.cross[layer][head], word), title: `layer ${layer + 1}, head ${head + 1}`, label: `cross-attention layer ${layer + 1}, head ${head + 1}: the weights of ${whose} over the 36 patches`});
}

/**
 * Where the model looked: every head of every cross-attention layer as a map over the image (BertViz's head view,
 * Vig 2019, with patches in place of the second sentence), for one word of the question or their mean.
 */
export function CrossAttentionMaps(image: Float32Array, answer: VlmAnswer, {word = -1, width = 640}: {word?: number; width?: number} = {}): HTMLElement {
  const heads = answer.cross[0].length;
  const size = Math.max(120, Math.min(180, (width - 24 * heads) / (heads * Math.min(2, answer.cross.length))));
  return element("div", {class: "vlm-attention-maps"}, ...answer.cross.flatMap((layer, l) => layer.map((_, h) => headMap(image, answer, l, h, word, size))));
}

/** The words' self-attention, one matrix per head: row = the word that asks, column = the word it reads. */
export function SelfAttentionMaps(answer: VlmAnswer, {width = 640}: {width?: number} = {}): HTMLElement {
  const labels = wordLabels(answer.words);
  const side = Math.max(240, Math.min(420, width / Math.min(2, answer.self.length) - 16));
  return element("div", {class: "figure-row"}, ...answer.self.map((head, h) =>
    MatrixHeatmap(head, {rows: labels, columns: labels, width: side, marginLeft: 70, domain: [0, 1], scheme: "Blues", format: (v) => (v >= 0.1 ? v.toFixed(1) : ""), label: `the words' self-attention, head ${h + 1}`, rowLabel: `head ${h + 1}: word`, columnLabel: "reads word"})
  ));
}

/** The answer's probabilities, the most likely `count` answers as bars. */
export function AnswerBars(answer: VlmAnswer, {width = 320, count = 6}: {width?: number; count?: number} = {}): HTMLElement | SVGSVGElement {
  const rows = ANSWERS.map((word, i) => ({answer: word, probability: answer.probabilities[i]})).sort((a, b) => b.probability - a.probability).slice(0, count);
  return withData(Plot.plot({
    width,
    height: 26 * count + 40,
    marginLeft: 64,
    x: {domain: [0, 1], label: "probability", grid: true},
    y: {domain: rows.map((r) => r.answer), label: null},
    marks: [
      Plot.barX(rows, {x: "probability", y: "answer", fill: (_: unknown, i: number) => (i === 0 ? "#4269d0" : "#9aa0a6")}),
      Plot.text(rows, {x: "probability", y: "answer", text: (d: {probability: number}) => d.probability.toFixed(2), dx: 4, textAnchor: "start", fill: "currentColor"})
    ]
  }), rows);
}
