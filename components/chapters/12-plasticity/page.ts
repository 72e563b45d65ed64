/** Everything chapter 12 (src/chapters/12-plasticity.md) imports: one esbuild entry (scripts/bundle.ts), so the page loads only its own code. */
import "../../runtime/pageSetup.js"; // first: registers the offline copy
import * as Inputs from "@observablehq/inputs";
export {BackendBadge} from "../../controls/BackendBadge.js";
export {BackendPicker} from "../../controls/BackendPicker.js";
export {element} from "../../controls/element.js";
export {linkedInput} from "../../controls/linkedInput.js";
export {ParameterControls} from "../../controls/ParameterControls.js";
export {RuntimeStatus} from "../../controls/RuntimeStatus.js";
export {CodeCell} from "../../editing/CodeCell.js";
export {Figure} from "../../figures/Figure.js";
export {figureTurn} from "../../figures/figureTurn.js";
export {tex} from "../../figures/tex.js";
export {messageOf} from "../../runtime/messageOf.js";
export {abortWhen, nextTask} from "../../runtime/trainingLoop.js";
export {AblationControls} from "./AblationControls.js";
export {AblationResponses} from "./AblationResponses.js";
export {CircuitDiagram} from "./CircuitDiagram.js";
export {DayScrubber} from "./DayScrubber.js";
export {PhaseDiagram} from "./PhaseDiagram.js";
export {FULL_PLASTICITY, PLASTICITY_ABLATIONS, PLASTICITY_CIRCUIT, PLASTICITY_RULE_PARAMETERS, PLASTICITY_SETTING_PARAMETERS, RESTORE_DAYS, SLOW_THRESHOLD_TAU, joinPlasticityRuns, plasticitySnapshot, restoredLight} from "./plasticityModel.js";
export {PlasticityTraces} from "./PlasticityTraces.js";
import {inWorker} from "../../runtime/experimentHost.js";
export {watchBackendInWorker} from "../../runtime/experimentHost.js";
export {html} from "htl";
export {Inputs};
// The simulations run in the experiment worker: the phase diagram, thousands of runs at once on the chosen backend
// (plasticity.ts), and the single runs in plain numbers (plasticityModel.ts), of which the page asks for dozens.
export const simulatePlasticity = inWorker<typeof import("./plasticityModel.js").simulatePlasticity>("plasticity", "simulatePlasticity");
export const restoreVision = inWorker<typeof import("./plasticityModel.js").restoreVision>("plasticity", "restoreVision");
export const simulatePlasticityGrid = inWorker<typeof import("./plasticity.js").simulatePlasticityGrid>("plasticity", "simulatePlasticityGrid");
