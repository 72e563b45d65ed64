import {element} from "../../controls/element.js";
import {headMap, weightsOf, wordLabels} from "./AttentionMaps.js";
import {cellColumn, cellRow} from "./vlmScene.js";
import type {VlmAnswer} from "./vlmTrainer.js";

/** Plot's observable10 colours, one per head, as BertViz colours its heads. */
const HEAD_COLOURS = ["#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#3ca951", "#ff8ab7", "#a463f2", "#97bbf5", "#9c6b4e", "#9498a0"];
const headColour = (head: number) => HEAD_COLOURS[head % HEAD_COLOURS.length];
const patchName = (patch: number) => `patch (${cellRow(patch) + 1}, ${cellColumn(patch) + 1})`;
const largestAt = (weights: readonly number[]) => weights.indexOf(Math.max(...weights));
const meanOf = (rows: readonly (readonly number[])[]) => rows[0].map((_, j) => rows.reduce((sum, row) => sum + row[j], 0) / rows.length);

/**
 * BertViz's head view (Vig 2019) of one answer, in place: a layer and a head to choose, the question's words to hover,
 * focus or pin (the maps then show that word's weights over the image, else their mean over the words), and under the
 * words the self-attention of the current word.
 */
export function AttentionExplorer(image: Float32Array, answer: VlmAnswer, {width = 640}: {width?: number} = {}): HTMLElement {
  const labels = wordLabels(answer.words);
  const heads = answer.cross[0].length;
  const sizeAll = Math.max(120, Math.min(180, (width - 24 * heads) / heads));
  const sizeOne = Math.max(120, Math.min(240, width - 24));
  let layer = answer.cross.length - 1;
  let head = -1; // −1: all heads
  let pinned = -1; // −1: no word pinned, the maps show the mean over the words
  let preview: number | undefined; // the word under the pointer or with focus, shown over the pinned one
  const current = () => preview ?? pinned;

  const layerSelect = element("select", {"data-role": "layer"}, ...answer.cross.map((_, l) => element("option", {value: l, selected: l === layer}, `layer ${l + 1}`)));
  const headButtons = [-1, ...answer.cross[0].keys()].map((h) => element("button", {type: "button", class: "vlm-explorer-head", "data-head": h < 0 ? "all" : h, "aria-pressed": "false"},
    h < 0 ? null : element("span", {class: "vlm-explorer-swatch", style: `background:${headColour(h)}`, "aria-hidden": "true"}), h < 0 ? "all heads" : `head ${h + 1}`));
  const wordButtons = labels.map((label, i) => element("button", {type: "button", class: "vlm-explorer-word", "data-word": i, "aria-pressed": "false", tabindex: i === 0 ? 0 : -1}, label));
  const selfCaption = element("span", {class: "vlm-explorer-self-caption"});
  const selfCells = labels.map((label, j) => element("span", {class: "vlm-explorer-self", "data-reads": j}, element("span", {}, label), element("small", {})));
  const maps = element("div", {class: "vlm-attention-maps vlm-explorer-maps", "data-role": "maps"});
  const status = element("p", {class: "vlm-explorer-status", "data-role": "status", role: "status", "aria-live": "polite"});
  const root = element("div", {class: "vlm-explorer"},
    element("div", {class: "vlm-explorer-controls"},
      element("label", {}, "layer ", layerSelect),
      element("div", {class: "vlm-explorer-heads", role: "group", "aria-label": "heads", "data-role": "heads"}, ...headButtons)),
    element("div", {class: "vlm-explorer-words", role: "toolbar", "aria-label": "the question's words: hover or focus one to see its attention, press one to pin it", "data-role": "words"}, ...wordButtons),
    element("div", {class: "vlm-explorer-self-row", "data-role": "self-row"}, selfCaption, ...selfCells),
    maps, status);

  // each head's map per layer, word and size, drawn once: hovering back and forth along the words redraws nothing
  const drawn = new Map<string, HTMLElement>();
  const mapOf = (h: number, word: number, size: number) => {
    const key = `${layer} ${h} ${word} ${size}`;
    if (!drawn.has(key)) drawn.set(key, element("div", {class: "vlm-explorer-map", style: `border-color:${headColour(h)}`}, headMap(image, answer, layer, h, word, size)));
    return drawn.get(key)!;
  };

  // The self-attention row follows the current word; with none, it shows what the maps show, the mean over the words
  // asking: how much weight each word receives on average (the column means), so the row is never blank.
  function drawSelf(word: number) {
    const chosen = head >= 0 && head < answer.self.length ? [answer.self[head]] : answer.self; // the text has its own heads
    const rows = chosen.map((matrix) => (word >= 0 ? matrix[word] : meanOf(matrix)));
    const weights = meanOf(rows);
    const whose = chosen.length === 1 ? `self-attention head ${head + 1}` : `mean of ${chosen.length} self-attention heads`;
    selfCaption.textContent = word >= 0 ? `“${labels[word]}” reads (${whose}):` : `each word's share of the words' self-attention, on average (${whose}):`;
    selfCells.forEach((cell, j) => {
      cell.style.background = `rgba(66, 105, 208, ${(0.75 * weights[j]).toFixed(3)})`; // at most 0.75 opaque: the word stays legible on it in both themes
      cell.title = word >= 0 ? `“${labels[word]}” gives “${labels[j]}” ${weights[j].toFixed(2)} of its self-attention` : `“${labels[j]}” receives ${weights[j].toFixed(2)} of a word's self-attention on average`;
      cell.lastElementChild!.textContent = weights[j].toFixed(2);
    });
  }

  function describe(word: number, chosen: number[]) {
    const weightsIn = (h: number) => weightsOf(answer.cross[layer][h], word);
    if (chosen.length === 1) {
      const weights = weightsIn(chosen[0]);
      const top = largestAt(weights);
      const who = word >= 0 ? `“${labels[word]}” puts ${weights[top].toFixed(2)} of its weight` : `the question's words, on average, put ${weights[top].toFixed(2)} of their weight`;
      return `Layer ${layer + 1}, head ${chosen[0] + 1}: ${who} on ${patchName(top)}, its largest.`;
    }
    const tops = chosen.map((h, i) => {
      const weights = weightsIn(h);
      const top = largestAt(weights);
      return `head ${h + 1}${i === 0 ? " puts most weight" : ""} on ${patchName(top)} (${weights[top].toFixed(2)})`;
    });
    return `Layer ${layer + 1}, ${word >= 0 ? `“${labels[word]}”` : "the question's words on average"}: ${tops.join(", ")}.`;
  }

  let shown = ""; // the layer, head and word on screen
  /**
   * Redraws for the layer, head and word now chosen. The status line is a live region: what focus, a press or a layer
   * says is read out, but a pointer passing over the words (`announce` false) changes the line on screen silently,
   * so a screen reader is not handed a sentence for every word the mouse crosses.
   */
  function draw(announce = true) {
    headButtons.forEach((button, i) => button.setAttribute("aria-pressed", String(i - 1 === head)));
    wordButtons.forEach((button, i) => button.setAttribute("aria-pressed", String(i === pinned)));
    const word = current();
    if (shown === `${layer} ${head} ${word}`) return;
    shown = `${layer} ${head} ${word}`;
    const chosen = head >= 0 ? [head] : [...answer.cross[layer].keys()];
    maps.replaceChildren(...chosen.map((h) => mapOf(h, word, head >= 0 ? sizeOne : sizeAll)));
    drawSelf(word);
    status.setAttribute("aria-live", announce ? "polite" : "off");
    status.textContent = describe(word, chosen);
  }

  layerSelect.addEventListener("change", () => {
    layer = Number(layerSelect.value);
    draw();
  });
  headButtons.forEach((button, i) => button.addEventListener("click", () => {
    head = i - 1;
    draw();
  }));
  wordButtons.forEach((button, i) => {
    const show = (word: number | undefined, announce = true) => {
      preview = word;
      draw(announce);
    };
    button.addEventListener("pointerenter", () => show(i, false));
    button.addEventListener("pointerleave", () => show(undefined, false));
    button.addEventListener("focus", () => {
      wordButtons.forEach((other) => other.setAttribute("tabindex", other === button ? "0" : "-1")); // one tab stop, where focus last was
      show(i);
    });
    button.addEventListener("blur", () => show(undefined));
    button.addEventListener("click", () => { // a button's click is also its Enter and Space
      pinned = pinned === i ? -1 : i;
      draw();
    });
    button.addEventListener("keydown", (event) => {
      const next = {ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: labels.length - 1}[event.key];
      if (next === undefined || next < 0 || next >= labels.length) return;
      event.preventDefault();
      wordButtons[next].focus();
    });
  });
  draw();
  return root;
}
