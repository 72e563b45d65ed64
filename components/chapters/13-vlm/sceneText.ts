/**
 * A scene as short text, for the link: each object as its cell, then its colour's and its shape's first letters,
 * joined by dots ("14rs.20bc" is a red square in cell 14 and a blue circle in cell 20); "" is an empty scene.
 */
import {CELLS, COLOURS, type Colour, type Scene, SHAPES, type Shape, makeScene} from "./vlmScene.js";

/** The most objects a drawn scene may hold: the grid's cells. */
export const MAX_DRAWN = CELLS;

/** The scene as text. */
export const sceneText = (scene: Scene): string => scene.objects.map(({cell, colour, shape}) => `${cell}${colour[0]}${shape[0]}`).join(".");

/** The scene a text names, or what is wrong with it. */
export function parseSceneText(text: string): {value: Scene} | {problem: string} {
  if (text.trim() === "") return {value: makeScene([])};
  const parts = text.split(".");
  const objects = [];
  for (const part of parts) {
    const match = /^(\d{1,2})([a-z])([a-z])$/.exec(part);
    const colour = COLOURS.find((c) => c[0] === match?.[2]) as Colour | undefined;
    const shape = SHAPES.find((s) => s[0] === match?.[3]) as Shape | undefined;
    if (!match || !colour || !shape) return {problem: `has "${part}", which is not a cell (0–${CELLS - 1}) followed by a colour (${COLOURS.map((c) => c[0]).join(", ")}) and a shape (${SHAPES.map((s) => s[0]).join(", ")})`};
    objects.push({cell: Number(match[1]), colour, shape});
  }
  try {
    return {value: makeScene(objects)};
  } catch (error) {
    return {problem: (error as Error).message};
  }
}
