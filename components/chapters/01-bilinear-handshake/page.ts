/** Everything chapter 1 (src/chapters/01-bilinear-handshake.md) imports: one esbuild entry (scripts/bundle.ts), so the page loads only its own code. */
import "../../runtime/pageSetup.js"; // first: registers the offline copy
export {BackendBadge} from "../../controls/BackendBadge.js";
export {BackendPicker} from "../../controls/BackendPicker.js";
export {element} from "../../controls/element.js";
export {Notice} from "../../controls/Notice.js";
export {ParameterControls} from "../../controls/ParameterControls.js";
export {RuntimeStatus} from "../../controls/RuntimeStatus.js";
export {TrainingControls} from "../../controls/TrainingControls.js";
export {CodeCell} from "../../editing/CodeCell.js";
export {Figure} from "../../figures/Figure.js";
export {figureTurn} from "../../figures/figureTurn.js";
export {LossCurves} from "../../figures/LossCurves.js";
export {MatrixHeatmap} from "../../figures/MatrixHeatmap.js";
export {tex} from "../../figures/tex.js";
export {defaultParameters} from "../../runtime/parameters.js";
export {createInWorker, watchBackendInWorker} from "../../runtime/experimentHost.js";
export {TrainingLoop} from "../../runtime/trainingLoop.js";
export {HANDSHAKE_MODELS, HANDSHAKE_MODEL_KEYS, HANDSHAKE_PARAMETERS, PUZZLE, maxLossDifference} from "./handshakePuzzle.js";
export {html} from "htl";
