import * as Plot from "@observablehq/plot";
import {element} from "../../controls/element.js";
import {gridKeyboard, markElements} from "../../figures/gridKeyboard.js";
import type {MaskedExample} from "./maskedSettings.js";
import {withData} from "../../figures/figureData.js";
import {modalityColour, type Modality} from "../../figures/modalityColours.js";

const percent = (w: number) => `${Math.round(100 * w)}%`;
const ink = (w: number) => (w > 0.55 ? "white" : "currentColor"); // readable on the Blues scheme in both themes

/**
 * One row of tokens, each shaded by the attention a masked query puts on it; the arrow keys read them in turn.
 * The tokens' names and a thin strip above them are in their modality's colour (components/figures/modalityColours.ts).
 */
function tokenRow(tokens: {token: string; text: string; weight: number; target?: boolean}[], {width, title, modality}: {width: number; title: string; modality: Modality}) {
  const colour = modalityColour(modality);
  const chart = withData(Plot.plot({
    width,
    height: 96,
    marginTop: 24,
    marginBottom: 8,
    marginLeft: 4,
    marginRight: 4,
    ariaLabel: title,
    ariaDescription: tokens.map((t) => `${t.token}: ${t.text}, attention ${percent(t.weight)}`).join("; "),
    x: {domain: tokens.map((t) => t.token), label: null},
    y: {axis: null},
    color: {type: "linear", domain: [0, 1], scheme: "Blues"},
    marks: [
      Plot.axisX({anchor: "top", tickSize: 0, color: colour, label: null}),
      Plot.frame({anchor: "top", stroke: colour, strokeWidth: 3, className: `modality-strip modality-${modality}`}),
      Plot.cell(tokens, {x: "token", fill: "weight", inset: 2, stroke: (t) => (t.target ? "currentColor" : "none"), strokeWidth: 2}),
      Plot.text(tokens, {x: "token", text: (t) => `${t.text}\n${percent(t.weight)}`, fill: (t) => ink(t.weight), fontSize: 13, lineHeight: 1.3}),
      Plot.tip(tokens, Plot.pointerX({x: "token", title: (t) => `${t.token}: ${t.text}\nattention ${t.weight.toFixed(3)}`}))
    ]
  }), tokens);
  const cells = markElements(chart, 'g[aria-label="cell"] rect');
  return gridKeyboard(chart, {
    label: title,
    rows: 1,
    columns: tokens.length,
    cell: (_, i) => (cells.has(i) ? {element: cells.get(i)!, text: `${tokens[i].token}: ${tokens[i].text}${tokens[i].target ? " (the one it should read)" : ""}, attention ${percent(tokens[i].weight)}`} : undefined)
  });
}

/**
 * Both masked tasks on one row: (A) the sentence's masked value token attends over the table's cells,
 * (B) the masked cell attends over the sentence's two tokens; each token shaded by its attention weight,
 * the table's cells named in the table colour and the sentence's tokens in the text colour.
 */
export function TableAttention(example: MaskedExample, {width = 640}: {width?: number} = {}): HTMLElement {
  const {row, columns, column, value, tokenAttention, cellAttention, textTokens, predictedToken, predictedCell} = example;
  const panel = Math.min(width, 560);
  const cells = columns.map((name, j) => ({token: name, text: row[j].toFixed(2), weight: tokenAttention[j], target: j === column}));
  const words = textTokens.map((token, i) => ({token: ["[COL]", "[VAL]"][i], text: token.replace(/^\[\S+ |\]$/g, ""), weight: cellAttention[i]}));
  const heading = (text: string) => element("p", {class: "panel-heading"}, text);
  return element(
    "div",
    {class: "table-attention"},
    heading(`(A) The sentence is “[COL ${columns[column]}] [MASK]”. The masked word reads the table and guesses ${predictedToken} (it was ${value}).`),
    tokenRow(cells, {width: panel, title: "attention of the masked value word over the table's cells", modality: "table"}),
    heading(`(B) The ${columns[column]} cell is masked. It reads the sentence “${textTokens.join(" ")}” and guesses ${predictedCell.toFixed(2)} (it was ${row[column].toFixed(2)}).`),
    tokenRow(words, {width: Math.min(panel, 320), title: "attention of the masked cell over the sentence's tokens", modality: "text"})
  );
}
