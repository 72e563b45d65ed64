import {SVD_SCENE} from "./svdScene.js";

/**
 * The colour of a planted concept of chapter 7 by name (in SVD_SCENE's order), grey for anything else:
 * brown, violet and magenta, hues apart from the modalities' (components/figures/modalityColours.ts), so that in
 * a figure of patches and words a concept is never read as "text" blue or "image" orange.
 */
export function conceptColour(name: string | undefined): string {
  const k = SVD_SCENE.concepts.findIndex((concept) => concept.name === name);
  return k < 0 ? "#bab0ab" : ["#8c564b", "#7570b3", "#e7298a", "#66a61e", "#a6761d"][k % 5];
}
