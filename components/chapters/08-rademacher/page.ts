/** Everything chapter 8 (src/chapters/08-rademacher.md) imports: one esbuild entry (scripts/bundle.ts), so the page loads only its own code. */
import "../../runtime/pageSetup.js"; // first: registers the offline copy
import * as Inputs from "@observablehq/inputs";
export {BackendBadge} from "../../controls/BackendBadge.js";
export {BackendPicker} from "../../controls/BackendPicker.js";
export {element} from "../../controls/element.js";
export {linkedInput} from "../../controls/linkedInput.js";
export {Notice} from "../../controls/Notice.js";
export {ParameterControls} from "../../controls/ParameterControls.js";
export {RuntimeStatus} from "../../controls/RuntimeStatus.js";
export {CodeCell} from "../../editing/CodeCell.js";
export {Figure} from "../../figures/Figure.js";
export {figureTurn} from "../../figures/figureTurn.js";
export {tex} from "../../figures/tex.js";
export {messageOf} from "../../runtime/messageOf.js";
export {abortWhen, nextFrame, nextTask} from "../../runtime/trainingLoop.js";
export {AntipodalCurves} from "./AntipodalCurves.js";
export {BOUND_EXPRESSIONS} from "./boundExpressions.js";
export {ComplexityCurves} from "./ComplexityCurves.js";
export {DEFAULT_NS, EXCESS_WIDTHS, RADEMACHER_PARAMETERS, parseNorms, sharedExcessLimit, sweepPoint} from "./rademacherSettings.js";
export {SharedExcess} from "./SharedExcess.js";
export * as Plot from "@observablehq/plot";
import {inWorker} from "../../runtime/experimentHost.js";
export {watchBackendInWorker} from "../../runtime/experimentHost.js";
export {html} from "htl";
export {Inputs};
// The Monte-Carlo estimates run in the experiment worker (rademacher.ts): same names, same arguments, the answer as plain data.
export const runRademacherSweep = inWorker<typeof import("./rademacher.js").runRademacherSweep>("rademacher", "runRademacherSweep");
export const runSharedExcess = inWorker<typeof import("./rademacher.js").runSharedExcess>("rademacher", "runSharedExcess");
// So do mathjs's evaluations of the bounds (evaluateBounds.ts).
export const evaluateBounds = inWorker<typeof import("./evaluateBounds.js").evaluateBounds>("rademacherBounds", "evaluateBounds");
export const antipodalBounds = inWorker<typeof import("./evaluateBounds.js").antipodalBounds>("rademacherBounds", "antipodalBounds");
