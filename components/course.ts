/**
 * Everything the pages use, bundled once for the browser by scripts/bundle.ts into
 * src/_build/course.js (tfjs reaches the page as one esbuild bundle; see README).
 */
import "./runtime/repairQuery.js"; // first: tfjs reads the page's URL as it loads, and a malformed one would stop it
import * as Plot from "@observablehq/plot";
import * as Inputs from "@observablehq/inputs";
import {html} from "htl";
import {simulateDeviceLoss, tensorMemory, activeBackend} from "./runtime/runtime.js";
import {registerServiceWorker} from "./runtime/registerServiceWorker.js";

export {Plot, Inputs, html};
export * from "./runtime/runtime.js";
export * from "./runtime/parameters.js";
export * from "./runtime/prng.js";
export * from "./runtime/trainingLoop.js";
export * from "./chapters.js";
export * from "./runtime/attention.js";
export * from "./runtime/attentionBenchmark.js";
export * from "./chapters/01-bilinear-handshake/bilinearHandshake.js";
export * from "./chapters/02-loud-frame/loudFrame.js";
export * from "./chapters/03-grounding/grounding.js";
export * from "./chapters/03-grounding/bindingCoAttention.js";
export * from "./chapters/04-channel-attention/channelAttention.js";
export * from "./chapters/05-multi-scale/multiScale.js";
export * from "./runtime/fusedAttention.js";
export * from "./chapters/06-cost/attentionVariants.js";
export * from "./chapters/06-cost/attentionTiming.js";
export * from "./chapters/06-cost/attentionAtSize.js";
export * from "./chapters/06-cost/topKError.js";
export * from "./chapters/06-cost/tokenPruning.js";
export * from "./chapters/07-svd/coAttentionSVD.js";
export * from "./chapters/08-rademacher/rademacher.js";
export * from "./chapters/08-rademacher/boundExpressions.js";
export * from "./chapters/09-asr-rescoring/asrRescoring.js";
export * from "./chapters/10-text-table/maskedTextTable.js";
export * from "./chapters/11-pocket-ligand/pocketLigand.js";
export * from "./editing/editableCells.js";
export * from "./editing/runEditedCell.js";
export * from "./editing/runCellInWorker.js";
export {CodeCell} from "./editing/CodeCell.js";
export {prepare} from "./runtime/prepare.js";
export {sampleDuringTraining} from "./runtime/sampleDuringTraining.js";
export {tex} from "./figures/tex.js";
export {element} from "./controls/element.js";
export {Figure} from "./figures/Figure.js";
export {BackendBadge} from "./controls/BackendBadge.js";
export {BackendPicker} from "./controls/BackendPicker.js";
export {Notice} from "./controls/Notice.js";
export {RuntimeStatus, describeAdapterReport} from "./controls/RuntimeStatus.js";
export {ParameterControls} from "./controls/ParameterControls.js";
export {linkedInput} from "./controls/linkedInput.js";
export {TrainingControls} from "./controls/TrainingControls.js";
export {LossCurves} from "./figures/LossCurves.js";
export {MatrixHeatmap} from "./figures/MatrixHeatmap.js";
export {GainSweep} from "./chapters/02-loud-frame/GainSweep.js";
export {ClipView} from "./chapters/02-loud-frame/ClipView.js";
export {AccuracyCurves} from "./figures/AccuracyCurves.js";
export {SceneView, AttentionBars} from "./chapters/03-grounding/SceneView.js";
export {GroundingSweep} from "./chapters/03-grounding/GroundingSweep.js";
export {CoAttentionView} from "./chapters/03-grounding/CoAttentionView.js";
export {ChannelMaps} from "./chapters/04-channel-attention/ChannelMaps.js";
export {SimilarityTrace} from "./chapters/05-multi-scale/SimilarityTrace.js";
export {GateStrip} from "./chapters/05-multi-scale/GateStrip.js";
export {AccuracyBars} from "./chapters/05-multi-scale/AccuracyBars.js";
export {CostCurves} from "./chapters/06-cost/CostCurves.js";
export {ErrorVsK} from "./chapters/06-cost/ErrorVsK.js";
export {PruningScene} from "./chapters/06-cost/PruningScene.js";
export {PruningCurves} from "./chapters/06-cost/PruningCurves.js";
export {AffinityHeatmap} from "./chapters/07-svd/AffinityHeatmap.js";
export {ScreePlot} from "./chapters/07-svd/ScreePlot.js";
export {ModeGallery} from "./chapters/07-svd/ModeGallery.js";
export {NoiseSweep} from "./chapters/07-svd/NoiseSweep.js";
export {ComplexityCurves} from "./chapters/08-rademacher/ComplexityCurves.js";
export {SharedExcess} from "./chapters/08-rademacher/SharedExcess.js";
export {AntipodalCurves} from "./chapters/08-rademacher/AntipodalCurves.js";
export {RescoringCurves} from "./chapters/09-asr-rescoring/RescoringCurves.js";
export {EvaluationCurves} from "./chapters/10-text-table/EvaluationCurves.js";
export {TableAttention} from "./chapters/10-text-table/TableAttention.js";
export {ComplexView, ATOM_COLOURS} from "./chapters/11-pocket-ligand/ComplexView.js";
export {AffinityScatter} from "./chapters/11-pocket-ligand/AffinityScatter.js";
export {linkedHighlight, tagElements} from "./figures/linkedHighlight.js";
// Chapter 12
export * from "./chapters/12-plasticity/plasticity.js";
export {CircuitDiagram} from "./chapters/12-plasticity/CircuitDiagram.js";
export {PlasticityTraces} from "./chapters/12-plasticity/PlasticityTraces.js";
export {PhaseDiagram} from "./chapters/12-plasticity/PhaseDiagram.js";
export {DayScrubber, prefersReducedMotion} from "./chapters/12-plasticity/DayScrubber.js";
export {AblationControls} from "./chapters/12-plasticity/AblationControls.js";
export {AblationResponses} from "./chapters/12-plasticity/AblationResponses.js";
// The home page
export {MODALITIES, MODALITY_COLOURS, modalityColour} from "./figures/modalityColours.js";
export {ChapterCard, ModalityChips} from "./home/ChapterCard.js";
export {HomeDemo, HOME_DEMO_PHRASE} from "./home/HomeDemo.js";

/** For the reader's console and the browser tests: live tensor count, active backend, and a simulated GPU loss. */
(globalThis as unknown as {courseRuntime: unknown}).courseRuntime = {memory: tensorMemory, backend: activeBackend, simulateDeviceLoss};
registerServiceWorker(); // after one visit the course works offline (dist/sw.js)
