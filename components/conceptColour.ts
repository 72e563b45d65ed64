import {SVD_SCENE} from "./coAttentionSVD.js";

/** The colour of a planted concept of chapter 7 by name (Tableau 10, in SVD_SCENE's order), grey for anything else. */
export function conceptColour(name: string | undefined): string {
  const k = SVD_SCENE.concepts.findIndex((concept) => concept.name === name);
  return k < 0 ? "#bab0ab" : ["#4e79a7", "#f28e2c", "#e15759", "#76b7b2", "#59a14f"][k % 5];
}
