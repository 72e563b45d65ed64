/** Everything chapter 4 (src/chapters/04-channel-attention.md) imports: one esbuild entry (scripts/bundle.ts), so the page loads only its own code. */
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
export {LossCurves} from "../../figures/LossCurves.js";
export {MatrixHeatmap} from "../../figures/MatrixHeatmap.js";
export {tex} from "../../figures/tex.js";
export {sampleDuringTraining} from "../../runtime/sampleDuringTraining.js";
export {createInWorker, watchBackendInWorker} from "../../runtime/experimentHost.js";
export {TrainingLoop, nextTask} from "../../runtime/trainingLoop.js";
export {CHANNEL_MODELS, CHANNEL_MODEL_KEYS, CHANNEL_PARAMETERS, CHANNEL_SIZES, SQUEEZED_NOISE_STD, idealisedConcatAccuracy, squeezedBlob} from "./channelSettings.js";
export {ChannelMaps} from "./ChannelMaps.js";
export {html} from "htl";
export {Inputs};
