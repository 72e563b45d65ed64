/** Images cut into the model's tokens: non-overlapping 8 × 8 patches, row by row, each flattened (ViT, Dosovitskiy et al. 2021). */
import {CELLS, CELL_PIXELS, GRID, IMAGE_SIZE} from "./vlmScene.js";

/** Floats per patch: 8 × 8 pixels × RGB = 192. */
export const PATCH_FLOATS = CELL_PIXELS * CELL_PIXELS * 3;

/**
 * `count` images [count, 48, 48, 3] (RGB in [0, 1], row-major) as patches [count, 36, 192], centred on the
 * background grey (0.5 → 0) so an empty patch is all zeros; patch p = row × 6 + column is grid cell p.
 */
export function patchify(images: Float32Array, count: number): Float32Array {
  const out = new Float32Array(count * CELLS * PATCH_FLOATS);
  let at = 0;
  for (let image = 0; image < count; ++image) {
    const base = image * IMAGE_SIZE * IMAGE_SIZE * 3;
    for (let row = 0; row < GRID; ++row)
      for (let column = 0; column < GRID; ++column)
        for (let y = 0; y < CELL_PIXELS; ++y) {
          const from = base + ((row * CELL_PIXELS + y) * IMAGE_SIZE + column * CELL_PIXELS) * 3;
          for (let i = 0; i < CELL_PIXELS * 3; ++i) out[at++] = images[from + i] - 0.5;
        }
  }
  return out;
}
