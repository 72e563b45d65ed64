/** Everything chapter 5 (src/chapters/05-multi-scale.md) imports: one esbuild entry (scripts/bundle.ts), so the page loads only its own code. */
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
export {Figure} from "../../figures/Figure.js";
export {figureTurn} from "../../figures/figureTurn.js";
export {LossCurves} from "../../figures/LossCurves.js";
export {tex} from "../../figures/tex.js";
export {prepare} from "../../runtime/prepare.js";
export {sampleDuringTraining} from "../../runtime/sampleDuringTraining.js";
export {keepInWorker, watchBackendInWorker} from "../../runtime/experimentHost.js";
export {TrainingLoop} from "../../runtime/trainingLoop.js";
export {AccuracyBars} from "./AccuracyBars.js";
export {GateStrip} from "./GateStrip.js";
export {CLIP, MULTISCALE_MODELS, MULTISCALE_MODEL_KEYS, MULTISCALE_PARAMETERS} from "./multiScaleSettings.js";
export {SimilarityTrace} from "./SimilarityTrace.js";
export {html} from "htl";
export {Inputs};
