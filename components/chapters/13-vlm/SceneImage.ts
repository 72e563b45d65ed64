import * as Plot from "@observablehq/plot";
import {withData} from "../../figures/figureData.js";
import {CELL_PIXELS, CELLS, GRID, IMAGE_SIZE, cellColumn, cellRow} from "./vlmScene.js";

const drawn = new WeakMap<Float32Array, string>(); // image → its PNG as a data URL: the maps of one scene share it

/**
 * A 48 × 48 RGB image (floats in [0, 1], row by row) as a PNG data URL, drawn once per image. Plot's raster mark
 * parses one CSS colour per pixel: four heads' maps of one scene took 55 ms of the page's thread that way.
 */
function pictureOf(image: Float32Array): string {
  const known = drawn.get(image);
  if (known) return known;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = IMAGE_SIZE;
  const pixels = new ImageData(IMAGE_SIZE, IMAGE_SIZE);
  for (let i = 0; i < IMAGE_SIZE * IMAGE_SIZE; ++i) {
    for (let c = 0; c < 3; ++c) pixels.data[4 * i + c] = Math.round(255 * Math.min(1, Math.max(0, image[3 * i + c])));
    pixels.data[4 * i + 3] = 255;
  }
  canvas.getContext("2d")!.putImageData(pixels, 0, 0);
  const url = canvas.toDataURL("image/png");
  drawn.set(image, url);
  return url;
}

/**
 * The image the model reads, at `size` pixels a side, with the 6 × 6 patch grid, and optionally attention weights
 * over its 36 patches drawn on it: each patch veiled in proportion to how little weight it gets, so what the model
 * looked at stays clear (the weights' largest is fully clear), and its weight written on hover.
 */
export function SceneImage(image: Float32Array, {size = 192, weights, title, label}: {size?: number; weights?: readonly number[]; title?: string; label?: string} = {}): HTMLElement | SVGSVGElement {
  const largest = weights ? Math.max(1e-9, ...weights) : 1;
  const patches = Array.from({length: CELLS}, (_, p) => ({p, x1: cellColumn(p) * CELL_PIXELS, x2: (cellColumn(p) + 1) * CELL_PIXELS, y1: cellRow(p) * CELL_PIXELS, y2: (cellRow(p) + 1) * CELL_PIXELS, weight: weights?.[p] ?? 0}));
  const chart = Plot.plot({
    width: size,
    height: size + (title ? 20 : 0),
    marginTop: title ? 20 : 0,
    margin: 0,
    x: {domain: [0, IMAGE_SIZE], axis: null},
    y: {domain: [0, IMAGE_SIZE], axis: null, reverse: true}, // row 0 at the top
    ariaLabel: label,
    marks: [
      Plot.image([pictureOf(image)], {x: IMAGE_SIZE / 2, y: IMAGE_SIZE / 2, width: size, height: size, src: (url: string) => url, preserveAspectRatio: "none", imageRendering: "pixelated"}),
      weights ? Plot.rect(patches, {x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "black", fillOpacity: (d: {weight: number}) => 0.75 * (1 - d.weight / largest)}) : null,
      Plot.gridX(Array.from({length: GRID - 1}, (_, i) => (i + 1) * CELL_PIXELS), {stroke: "white", strokeOpacity: 0.35}),
      Plot.gridY(Array.from({length: GRID - 1}, (_, i) => (i + 1) * CELL_PIXELS), {stroke: "white", strokeOpacity: 0.35}),
      title ? Plot.text([title], {frameAnchor: "top", dy: -14, fill: "currentColor"}) : null,
      weights ? Plot.tip(patches, Plot.pointer({x: (d: {x1: number}) => d.x1 + CELL_PIXELS / 2, y: (d: {y1: number}) => d.y1 + CELL_PIXELS / 2, title: (d: {p: number; weight: number}) => `patch (${cellRow(d.p) + 1}, ${cellColumn(d.p) + 1})\nweight ${d.weight.toFixed(3)}`})) : null
    ]
  });
  return weights ? withData(chart, patches.map(({p, weight}) => ({patch: p, row: cellRow(p) + 1, column: cellColumn(p) + 1, weight}))) : chart;
}
