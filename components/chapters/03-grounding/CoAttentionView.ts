import {element} from "../../controls/element.js";
import {linkedHighlight, tagElements} from "../../figures/linkedHighlight.js";
import {MatrixHeatmap} from "../../figures/MatrixHeatmap.js";

/**
 * Both directions of co-attention side by side: each word's attention over the objects, and each
 * object's over the words. Pointing at a word (or an object), or reaching it with the arrow keys,
 * lights it up in both maps. Words are labelled in the text colour and objects in the image colour
 * (components/figures/modalityColours.ts), each with a thin strip along its edge.
 */
export function CoAttentionView({words, objects, textToImage, imageToText}: {words: string[]; objects: string[]; textToImage: number[][]; imageToText: number[][]}, {width = 640}: {width?: number} = {}): HTMLElement {
  const half = Math.max(260, Math.min(420, width / 2 - 16));
  const format = (v: number) => (v < 0.005 ? "" : v.toFixed(2));
  const numbers = objects.map((_, i) => String(i + 1)); // columns by number; the other map names them
  const t2i = MatrixHeatmap(textToImage, {rows: words, columns: numbers, rowLabel: "word", columnLabel: "text → image: each word's attention over objects (by number)", width: Math.max(half, 70 + 40 * objects.length), domain: [0, 1], scheme: "Blues", format, label: "text → image: each word's attention over the objects", rowModality: "text", columnModality: "image"});
  tagElements(t2i, 'g[aria-label="cell"] rect', words.flatMap((_, w) => objects.map((_, o) => `word-${w} object-${o}`)));
  const i2t = MatrixHeatmap(imageToText, {rows: objects, columns: words, rowLabel: "object", columnLabel: "image → text: each object's attention over words", width: Math.max(half, 130 + 52 * words.length), domain: [0, 1], scheme: "Oranges", format, marginLeft: 110, label: "image → text: each object's attention over the words", rowModality: "image", columnModality: "text"});
  tagElements(i2t, 'g[aria-label="cell"] rect', objects.flatMap((_, o) => words.map((_, w) => `object-${o} word-${w}`)));
  return linkedHighlight(element("div", {class: "linked-views"}, t2i, i2t));
}
