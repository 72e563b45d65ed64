/**
 * The one rasteriser of chapter 13's scenes, in plain TypeScript (no DOM, no canvas), so that Node's tests, the
 * training data and the page's drawings are the same pixels. Shapes are filled and anti-aliased by a fixed 4 × 4
 * supersampling of every pixel, so the edges are deterministic too.
 */
import {CELL_PIXELS, type Colour, IMAGE_SIZE, type Scene, type Shape, cellColumn, cellRow} from "./vlmScene.js";

/** Each colour's RGB in [0, 1]. */
export const PALETTE: Record<Colour, readonly [number, number, number]> = {
  red: [0.9, 0.2, 0.15],
  green: [0.15, 0.7, 0.2],
  blue: [0.15, 0.35, 0.95],
  yellow: [0.95, 0.85, 0.1]
};

/** The flat grey of the background, the same in R, G and B. */
export const BACKGROUND = 0.5;

/** Floats per image: [IMAGE_SIZE rows, IMAGE_SIZE columns, 3 channels]. */
export const IMAGE_FLOATS = IMAGE_SIZE * IMAGE_SIZE * 3;

/** Whether the point (x, y) of a cell, in pixels from its top-left corner, lies inside the shape. */
const INSIDE: Record<Shape, (x: number, y: number) => boolean> = {
  square: (x, y) => x >= 1 && x <= 7 && y >= 1 && y <= 7,
  circle: (x, y) => (x - 4) ** 2 + (y - 4) ** 2 <= 9,
  triangle: (x, y) => y <= 7 && Math.abs(x - 4) <= (y - 1) / 2 // apex (4, 1), base from (1, 7) to (7, 7)
};

const SUBSAMPLES = 4; // per side of a pixel

/** Each shape's coverage of every pixel of its cell, [CELL_PIXELS, CELL_PIXELS] row-major: the share of its 4 × 4 samples inside the shape. A cell starts on a whole pixel, so it is the same in every cell. */
const COVERAGE = Object.fromEntries(
  (Object.keys(INSIDE) as Shape[]).map((shape) => {
    const coverage = new Float64Array(CELL_PIXELS * CELL_PIXELS);
    for (let py = 0; py < CELL_PIXELS; ++py) {
      for (let px = 0; px < CELL_PIXELS; ++px) {
        let hits = 0;
        for (let sy = 0; sy < SUBSAMPLES; ++sy) {
          for (let sx = 0; sx < SUBSAMPLES; ++sx) if (INSIDE[shape](px + (sx + 0.5) / SUBSAMPLES, py + (sy + 0.5) / SUBSAMPLES)) ++hits;
        }
        coverage[py * CELL_PIXELS + px] = hits / SUBSAMPLES ** 2;
      }
    }
    return [shape, coverage];
  })
) as Record<Shape, Float64Array>;

/**
 * The scene as RGB in [0, 1], row-major [IMAGE_SIZE, IMAGE_SIZE, 3], written into `out` from `offset`
 * (a new image by default), so a batch can be filled in place.
 */
export function rasteriseScene(scene: Scene, out = new Float32Array(IMAGE_FLOATS), offset = 0): Float32Array {
  out.fill(BACKGROUND, offset, offset + IMAGE_FLOATS);
  for (const {colour, shape, cell} of scene.objects) {
    const covered = COVERAGE[shape];
    const rgb = PALETTE[colour];
    const top = cellRow(cell) * CELL_PIXELS;
    const left = cellColumn(cell) * CELL_PIXELS;
    for (let py = 0; py < CELL_PIXELS; ++py) {
      for (let px = 0; px < CELL_PIXELS; ++px) {
        const coverage = covered[py * CELL_PIXELS + px];
        if (coverage === 0) continue;
        const at = offset + ((top + py) * IMAGE_SIZE + left + px) * 3;
        for (let c = 0; c < 3; ++c) out[at + c] = BACKGROUND + (rgb[c] - BACKGROUND) * coverage;
      }
    }
  }
  return out;
}
