/**
 * Everything the pages use, bundled once for the browser by scripts/bundle.ts into
 * src/_build/course.js (tfjs reaches the page as one esbuild bundle; see README).
 */
import "./repairQuery.js"; // first: tfjs reads the page's URL as it loads, and a malformed one would stop it
import * as Plot from "@observablehq/plot";
import * as Inputs from "@observablehq/inputs";
import {html} from "htl";
import {simulateDeviceLoss, tensorMemory, activeBackend} from "./runtime.js";
import {registerServiceWorker} from "./registerServiceWorker.js";

export {Plot, Inputs, html};
export * from "./runtime.js";
export * from "./parameters.js";
export * from "./prng.js";
export * from "./trainingLoop.js";
export * from "./chapters.js";
export * from "./attention.js";
export * from "./attentionBenchmark.js";
export * from "./bilinearHandshake.js";
export * from "./loudFrame.js";
export * from "./grounding.js";
export * from "./bindingCoAttention.js";
export * from "./channelAttention.js";
export * from "./multiScale.js";
export * from "./fusedAttention.js";
export * from "./attentionVariants.js";
export * from "./attentionTiming.js";
export * from "./attentionAtSize.js";
export * from "./topKError.js";
export * from "./tokenPruning.js";
export * from "./coAttentionSVD.js";
export * from "./rademacher.js";
export * from "./boundExpressions.js";
export * from "./asrRescoring.js";
export * from "./maskedTextTable.js";
export * from "./pocketLigand.js";
export * from "./editableCells.js";
export * from "./runEditedCell.js";
export * from "./runCellInWorker.js";
export {CodeCell} from "./CodeCell.js";
export {prepare} from "./prepare.js";
export {sampleDuringTraining} from "./sampleDuringTraining.js";
export {tex} from "./tex.js";
export {element} from "./element.js";
export {Figure} from "./Figure.js";
export {BackendBadge} from "./BackendBadge.js";
export {BackendPicker} from "./BackendPicker.js";
export {Notice} from "./Notice.js";
export {RuntimeStatus, describeAdapterReport} from "./RuntimeStatus.js";
export {ParameterControls} from "./ParameterControls.js";
export {linkedInput} from "./linkedInput.js";
export {TrainingControls} from "./TrainingControls.js";
export {LossCurves} from "./LossCurves.js";
export {MatrixHeatmap} from "./MatrixHeatmap.js";
export {GainSweep} from "./GainSweep.js";
export {ClipView} from "./ClipView.js";
export {AccuracyCurves} from "./AccuracyCurves.js";
export {SceneView, AttentionBars} from "./SceneView.js";
export {GroundingSweep} from "./GroundingSweep.js";
export {CoAttentionView} from "./CoAttentionView.js";
export {ChannelMaps} from "./ChannelMaps.js";
export {SimilarityTrace} from "./SimilarityTrace.js";
export {GateStrip} from "./GateStrip.js";
export {AccuracyBars} from "./AccuracyBars.js";
export {CostCurves} from "./CostCurves.js";
export {ErrorVsK} from "./ErrorVsK.js";
export {PruningScene} from "./PruningScene.js";
export {PruningCurves} from "./PruningCurves.js";
export {AffinityHeatmap} from "./AffinityHeatmap.js";
export {ScreePlot} from "./ScreePlot.js";
export {ModeGallery} from "./ModeGallery.js";
export {NoiseSweep} from "./NoiseSweep.js";
export {ComplexityCurves} from "./ComplexityCurves.js";
export {SharedExcess} from "./SharedExcess.js";
export {AntipodalCurves} from "./AntipodalCurves.js";
export {RescoringCurves} from "./RescoringCurves.js";
export {EvaluationCurves} from "./EvaluationCurves.js";
export {TableAttention} from "./TableAttention.js";
export {ComplexView, ATOM_COLOURS} from "./ComplexView.js";
export {AffinityScatter} from "./AffinityScatter.js";
export {linkedHighlight, tagElements} from "./linkedHighlight.js";
// Chapter 12
export * from "./plasticity.js";
export {CircuitDiagram} from "./CircuitDiagram.js";
export {PlasticityTraces} from "./PlasticityTraces.js";
export {PhaseDiagram} from "./PhaseDiagram.js";
export {DayScrubber, prefersReducedMotion} from "./DayScrubber.js";
export {AblationControls} from "./AblationControls.js";
export {AblationResponses} from "./AblationResponses.js";
// The home page
export {MODALITIES, MODALITY_COLOURS, modalityColour} from "./modalityColours.js";
export {ChapterCard, ModalityChips} from "./ChapterCard.js";
export {HomeDemo, HOME_DEMO_PHRASE} from "./HomeDemo.js";

/** For the reader's console and the browser tests: live tensor count, active backend, and a simulated GPU loss. */
(globalThis as unknown as {courseRuntime: unknown}).courseRuntime = {memory: tensorMemory, backend: activeBackend, simulateDeviceLoss};
registerServiceWorker(); // after one visit the course works offline (dist/sw.js)
