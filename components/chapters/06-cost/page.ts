/** Everything chapter 6 (src/chapters/06-cost.md) imports: one esbuild entry (scripts/bundle.ts), so the page loads only its own code. */
import "../../runtime/pageSetup.js"; // first: registers the offline copy
import * as Inputs from "@observablehq/inputs";
export {BackendBadge} from "../../controls/BackendBadge.js";
export {BackendPicker} from "../../controls/BackendPicker.js";
export {download} from "../../controls/download.js";
export {element} from "../../controls/element.js";
export {linkedInput} from "../../controls/linkedInput.js";
export {Notice} from "../../controls/Notice.js";
export {ParameterControls} from "../../controls/ParameterControls.js";
export {RuntimeStatus} from "../../controls/RuntimeStatus.js";
export {CodeCell} from "../../editing/CodeCell.js";
export {Figure} from "../../figures/Figure.js";
export {figureTurn} from "../../figures/figureTurn.js";
export {tex} from "../../figures/tex.js";
export {sizePastBufferLimit} from "./bufferLimit.js";
export {TIMED_VARIANTS, TIMED_VARIANT_KEYS, TIMING_PARAMETERS} from "./timingSettings.js";
export {CostCurves} from "./CostCurves.js";
export {ErrorVsK} from "./ErrorVsK.js";
export {PruningCurves} from "./PruningCurves.js";
export {PruningScene} from "./PruningScene.js";
export {PRUNING_METHODS, PRUNING_METHOD_KEYS, PRUNING_PARAMETERS} from "./pruningSettings.js";
export {TOPK_ERROR_PARAMETERS} from "./topKSettings.js";
export * as Plot from "@observablehq/plot";
import {inWorker} from "../../runtime/experimentHost.js";
export {watchBackendInWorker} from "../../runtime/experimentHost.js";
export {nextTask} from "../../runtime/trainingLoop.js";
export {html} from "htl";
export {Inputs};
// The timings, the runs past the buffer limit, the top-k errors and the pruning runs are all computed in the
// experiment worker, on its backend: same names, same arguments, the answers as plain data.
export const sweepAttentionTiming = inWorker<typeof import("./attentionTiming.js").sweepAttentionTiming>("attentionTiming", "sweepAttentionTiming");
export const attentionAtSize = inWorker<typeof import("./attentionAtSize.js").attentionAtSize>("attentionAtSize", "attentionAtSize");
export const runTopKError = inWorker<typeof import("./topKError.js").runTopKError>("topKError", "runTopKError");
export const runTokenPruning = inWorker<typeof import("./tokenPruning.js").runTokenPruning>("tokenPruning", "runTokenPruning");
export const gpuBufferLimit = inWorker<typeof import("../../runtime/runtime.js").gpuBufferLimit>("runtime", "gpuBufferLimit");
