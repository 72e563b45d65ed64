/**
 * Chapter 13's world: scenes of coloured shapes on a 6 × 6 grid of 8 × 8-pixel cells, one object at most per cell.
 * A cell is also an image patch of the model, numbered row by row, so an object's cell is the patch it lies in.
 */

/** Cells per side of the grid. */
export const GRID = 6;

/** Pixels per side of a cell (and of a patch). */
export const CELL_PIXELS = 8;

/** Pixels per side of a scene's image: 6 × 8 = 48. */
export const IMAGE_SIZE = GRID * CELL_PIXELS;

/** Cells (and patches) per scene: 36. */
export const CELLS = GRID * GRID;

/** The fewest objects in a generated scene. */
export const MIN_OBJECTS = 2;

/** The most objects in a generated scene, and so the largest count a question can have as its answer. */
export const MAX_OBJECTS = 5;

/** The colours of the objects. */
export const COLOURS = ["red", "green", "blue", "yellow"] as const;

/** The shapes of the objects. */
export const SHAPES = ["square", "circle", "triangle"] as const;

/** One of COLOURS. */
export type Colour = (typeof COLOURS)[number];

/** One of SHAPES. */
export type Shape = (typeof SHAPES)[number];

/** A colour and a shape: what "the red square" names. */
export interface Kind {
  colour: Colour;
  shape: Shape;
}

/** One object: its kind and its cell (row × GRID + column, which is also its patch index). */
export interface SceneObject extends Kind {
  cell: number;
}

/** A scene: its objects in cell order, at most one per cell. */
export interface Scene {
  objects: readonly SceneObject[];
}

/** The row of a cell, 0 at the top. */
export const cellRow = (cell: number) => Math.floor(cell / GRID);

/** The column of a cell, 0 at the left. */
export const cellColumn = (cell: number) => cell % GRID;

/** A scene of these objects, sorted by cell; throws if a cell is outside the grid or holds two objects. */
export function makeScene(objects: readonly SceneObject[]): Scene {
  const sorted = [...objects].sort((a, b) => a.cell - b.cell);
  sorted.forEach(({cell}, i) => {
    if (!Number.isInteger(cell) || cell < 0 || cell >= CELLS) throw new RangeError(`cell ${cell} is outside the ${GRID} × ${GRID} grid`);
    if (i > 0 && sorted[i - 1].cell === cell) throw new RangeError(`cell ${cell} holds two objects`);
  });
  return {objects: sorted};
}

/** A scene as text, one "cell colour shape" per object in cell order: equal scenes, equal keys. */
export const sceneKey = (scene: Scene): string => scene.objects.map(({cell, colour, shape}) => `${cell} ${colour} ${shape}`).join(", ");
