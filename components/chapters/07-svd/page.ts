/** Everything chapter 7 (src/chapters/07-svd.md) imports: one esbuild entry (scripts/bundle.ts), so the page loads only its own code. */
import "../../runtime/pageSetup.js"; // first: registers the offline copy
export {BackendBadge} from "../../controls/BackendBadge.js";
export {BackendPicker} from "../../controls/BackendPicker.js";
export {element} from "../../controls/element.js";
export {Notice} from "../../controls/Notice.js";
export {ParameterControls} from "../../controls/ParameterControls.js";
export {RuntimeStatus} from "../../controls/RuntimeStatus.js";
export {CodeCell} from "../../editing/CodeCell.js";
export {Figure} from "../../figures/Figure.js";
export {figureTurn} from "../../figures/figureTurn.js";
export {linkedHighlight} from "../../figures/linkedHighlight.js";
export {tex} from "../../figures/tex.js";
export {abortWhen, nextTask} from "../../runtime/trainingLoop.js";
export {AffinityHeatmap} from "./AffinityHeatmap.js";
export {SVD_PARAMETERS, SVD_SCENE} from "./svdScene.js";
export {ModeGallery} from "./ModeGallery.js";
export {NoiseSweep} from "./NoiseSweep.js";
export {ScreePlot} from "./ScreePlot.js";
import {inWorker} from "../../runtime/experimentHost.js";
export {watchBackendInWorker} from "../../runtime/experimentHost.js";
export {html} from "htl";
// The affinity and its SVD run in the experiment worker (coAttentionSVD.ts): same names, same arguments, the answer as plain data.
export const runCoAttentionSVD = inWorker<typeof import("./coAttentionSVD.js").runCoAttentionSVD>("coAttentionSVD", "runCoAttentionSVD");
export const runSVDNoiseSweep = inWorker<typeof import("./coAttentionSVD.js").runSVDNoiseSweep>("coAttentionSVD", "runSVDNoiseSweep");
