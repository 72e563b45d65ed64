/**
 * Every chapter's experiment by its command-line name: what it is called, its parameters, and
 * the function that runs it on the active backend and returns plain JSON-ready numbers.
 */
import {HANDSHAKE_PARAMETERS, runBilinearHandshake} from "./bilinearHandshake.js";
import {LOUD_FRAME_PARAMETERS, runLoudFrame} from "./loudFrame.js";
import type {ParameterSpecs} from "./parameters.js";

export interface Experiment {
  chapter: number;
  title: string;
  parameters: ParameterSpecs;
  run(config: Record<string, number>): Promise<unknown>;
}

export const EXPERIMENTS: Record<string, Experiment> = {
  bilinear: {chapter: 1, title: "The shape-colour bilinear handshake", parameters: HANDSHAKE_PARAMETERS, run: (config) => runBilinearHandshake(config)},
  robustness: {chapter: 2, title: "Multiplicative vs additive attention under a loud frame", parameters: LOUD_FRAME_PARAMETERS, run: (config) => runLoudFrame(config)}
};
