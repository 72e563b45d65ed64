/** Everything chapter 9 (src/chapters/09-asr-rescoring.md) imports: one esbuild entry (scripts/bundle.ts), so the page loads only its own code. */
import "../../runtime/pageSetup.js"; // first: registers the offline copy
import * as Inputs from "@observablehq/inputs";
export {BackendBadge} from "../../controls/BackendBadge.js";
export {BackendPicker} from "../../controls/BackendPicker.js";
export {element} from "../../controls/element.js";
export {ParameterControls} from "../../controls/ParameterControls.js";
export {RuntimeStatus} from "../../controls/RuntimeStatus.js";
export {CodeCell} from "../../editing/CodeCell.js";
export {Figure} from "../../figures/Figure.js";
export {figureTurn} from "../../figures/figureTurn.js";
export {MatrixHeatmap} from "../../figures/MatrixHeatmap.js";
export {tex} from "../../figures/tex.js";
export {abortWhen, nextTask} from "../../runtime/trainingLoop.js";
export {ASR_CONFUSION_SETS, ASR_CONSTANTS, ASR_LANGUAGE_SCORE, ASR_PARAMETERS} from "./asrSettings.js";
export {RescoringCurves} from "./RescoringCurves.js";
import {inWorker} from "../../runtime/experimentHost.js";
export {watchBackendInWorker} from "../../runtime/experimentHost.js";
export {html} from "htl";
export {Inputs};
// The rescoring runs in the experiment worker (asrRescoring.ts): same name, same arguments, the answer as plain data.
export const runAsrRescoring = inWorker<typeof import("./asrRescoring.js").runAsrRescoring>("asrRescoring", "runAsrRescoring");
