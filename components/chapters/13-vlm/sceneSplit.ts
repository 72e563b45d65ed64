/**
 * Chapter 13's training and held-out splits. A scene belongs to one split by a hash of its objects, so no scene
 * (and no scene-question pair) of the held-out set is ever drawn for training, at any sample size; each split also
 * draws from its own stream of the seed.
 */
import {mulberry32, type Random, streamSeed} from "../../runtime/prng.js";
import {type Scene, sceneKey} from "./vlmScene.js";

/** The two splits. */
export type Split = "train" | "heldout";

/** One scene in HELD_OUT_EVERY falls in the held-out split. */
export const HELD_OUT_EVERY = 5;

/** Each split's stream of a seed (stream 0 is left to the model's initial weights). */
const STREAMS: Record<Split, number> = {train: 1, heldout: 2};

/** FNV-1a, 32 bits. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; ++i) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The split a scene belongs to. */
export const sceneSplit = (scene: Scene): Split => (hash(sceneKey(scene)) % HELD_OUT_EVERY === 0 ? "heldout" : "train");

/** The generator of a split's examples for a seed. */
export const splitRandom = (seed: number, split: Split): Random => mulberry32(streamSeed(seed, STREAMS[split]));
