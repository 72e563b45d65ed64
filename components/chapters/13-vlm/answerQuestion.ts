/**
 * The ground truth of chapter 13: the answer to any question about any scene, generated or drawn by a reader, and
 * the object (patch) a question is about; undefined where the question does not apply to the scene.
 */
import {type Question} from "./vlmGrammar.js";
import {MAX_OBJECTS, type Scene, type SceneObject, cellColumn, cellRow} from "./vlmScene.js";

/** The squared distance between the centres of two cells, in cells. */
const squaredDistance = (a: number, b: number) => (cellRow(a) - cellRow(b)) ** 2 + (cellColumn(a) - cellColumn(b)) ** 2;

/**
 * The index in `cells` of the object that a relation to the object at `anchor` names: the nearest other object to
 * the anchor by the Euclidean distance between cell centres, among all of them ("nearest to") or only those in a
 * column strictly left of the anchor's ("left of"); undefined when there is none or two are equally near.
 */
export function relationReferent(cells: readonly number[], anchor: number, relation: "leftOf" | "nearestTo"): number | undefined {
  let best: number | undefined;
  let bestDistance = Infinity;
  let tied = false;
  cells.forEach((cell, i) => {
    if (i === anchor || (relation === "leftOf" && cellColumn(cell) >= cellColumn(cells[anchor]))) return;
    const d = squaredDistance(cell, cells[anchor]);
    if (d === bestDistance) tied = true;
    if (d < bestDistance) [best, bestDistance, tied] = [i, d, false];
  });
  return tied ? undefined : best;
}

/** The index of the only object that matches, or undefined when none or several do. */
function only(objects: readonly SceneObject[], matches: (object: SceneObject) => boolean): number | undefined {
  const found = objects.flatMap((object, i) => (matches(object) ? [i] : []));
  return found.length === 1 ? found[0] : undefined;
}

/** The index of the object whose colour or shape answers the question, where there is exactly one. */
function referent(scene: Scene, question: Question): number | undefined {
  const {objects} = scene;
  switch (question.form) {
    case "colourOf":
      return only(objects, (o) => o.shape === question.shape);
    case "shapeOf":
      return only(objects, (o) => o.colour === question.colour);
    case "leftOf":
    case "nearestTo": {
      const anchor = only(objects, (o) => o.colour === question.colour && o.shape === question.shape);
      return anchor === undefined ? undefined : relationReferent(objects.map((o) => o.cell), anchor, question.form);
    }
    default:
      return undefined;
  }
}

/**
 * The answer (a word of ANSWERS), or undefined when the question does not apply: its referent or anchor is missing
 * or not unique, a relation names no single object, or a count is above the largest answer.
 */
export function answerQuestion(scene: Scene, question: Question): string | undefined {
  const {objects} = scene;
  switch (question.form) {
    case "exists":
      return objects.some((o) => o.colour === question.colour && o.shape === question.shape) ? "yes" : "no";
    case "count": {
      const n = objects.filter((o) => o.colour === question.colour).length;
      return n <= MAX_OBJECTS ? String(n) : undefined; // a drawn scene may hold more than ANSWERS can say
    }
    case "shapeOf": {
      const i = referent(scene, question);
      return i === undefined ? undefined : objects[i].shape;
    }
    default: {
      const i = referent(scene, question);
      return i === undefined ? undefined : objects[i].colour;
    }
  }
}

/** The patch (cell) of the object an attribute or relation question asks about; undefined for existence and count, or when the question does not apply. */
export function referredPatch(scene: Scene, question: Question): number | undefined {
  const i = referent(scene, question);
  return i === undefined ? undefined : scene.objects[i].cell;
}
