/** Everything chapter 3 (src/chapters/03-grounding.md) imports: one esbuild entry (scripts/bundle.ts), so the page loads only its own code. */
import "../../runtime/pageSetup.js"; // first: registers the offline copy
import * as Inputs from "@observablehq/inputs";
export {BackendBadge} from "../../controls/BackendBadge.js";
export {BackendPicker} from "../../controls/BackendPicker.js";
export {element} from "../../controls/element.js";
export {linkedInput} from "../../controls/linkedInput.js";
export {Notice} from "../../controls/Notice.js";
export {ParameterControls} from "../../controls/ParameterControls.js";
export {RuntimeStatus} from "../../controls/RuntimeStatus.js";
export {TrainingControls} from "../../controls/TrainingControls.js";
export {CodeCell} from "../../editing/CodeCell.js";
export {AccuracyCurves} from "../../figures/AccuracyCurves.js";
export {Figure} from "../../figures/Figure.js";
export {figureTurn} from "../../figures/figureTurn.js";
export {tex} from "../../figures/tex.js";
export {sampleDuringTraining} from "../../runtime/sampleDuringTraining.js";
import {inWorker} from "../../runtime/experimentHost.js";
export {createInWorker, watchBackendInWorker} from "../../runtime/experimentHost.js";
export {TrainingLoop} from "../../runtime/trainingLoop.js";
export {BINDING_MODELS, BINDING_PARAMETERS} from "./bindingSettings.js";
export {CoAttentionView} from "./CoAttentionView.js";
export {GROUNDING_CONSTANTS, GROUNDING_PARAMETERS, makeSceneFor, makeScenes, parsePhrase} from "./groundingScenes.js";
export {GroundingSweep} from "./GroundingSweep.js";
export {AttentionBars, SceneView} from "./SceneView.js";
export {html} from "htl";
export {Inputs};
// The attention itself runs in the experiment worker (grounding.ts): same names, same arguments, the answer as plain data.
export const twoStepAttention = inWorker<typeof import("./grounding.js").twoStepAttention>("grounding", "twoStepAttention");
export const coAttentionMaps = inWorker<typeof import("./grounding.js").coAttentionMaps>("grounding", "coAttentionMaps");
export const runGrounding = inWorker<typeof import("./grounding.js").runGrounding>("grounding", "runGrounding");
