/** Everything chapter 2 (src/chapters/02-loud-frame.md) imports: one esbuild entry (scripts/bundle.ts), so the page loads only its own code. */
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
export {sampleDuringTraining} from "../../runtime/sampleDuringTraining.js";
export {createInWorker, watchBackendInWorker} from "../../runtime/experimentHost.js";
export {TrainingLoop} from "../../runtime/trainingLoop.js";
export {ClipView} from "./ClipView.js";
export {GainSweep} from "./GainSweep.js";
export {CLIP_SIZES, LOUD_FRAME_GAINS, LOUD_FRAME_MODELS, LOUD_FRAME_MODEL_KEYS, LOUD_FRAME_PARAMETERS} from "./loudFrameSettings.js";
export {html} from "htl";
export {Inputs};
