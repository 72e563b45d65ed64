/** Everything chapter 13 (src/chapters/13-vlm.md) imports: one esbuild entry (scripts/bundle.ts), so the page loads only its own code. */
import "../../runtime/pageSetup.js"; // first: registers the offline copy
export {BackendBadge} from "../../controls/BackendBadge.js";
export {BackendPicker} from "../../controls/BackendPicker.js";
export {download} from "../../controls/download.js";
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
export {inWorker, keepInWorker, watchBackendInWorker} from "../../runtime/experimentHost.js";
export {mulberry32, streamSeed} from "../../runtime/prng.js";
export {sampleDuringTraining} from "../../runtime/sampleDuringTraining.js";
export {abortWhen, TrainingLoop, nextTask} from "../../runtime/trainingLoop.js";
export {AnswerBars, CrossAttentionMaps, SelfAttentionMaps} from "./AttentionMaps.js";
export {answerQuestion} from "./answerQuestion.js";
export {HeadScoreComparison} from "./HeadScoreComparison.js";
export {rasteriseScene} from "./rasteriseScene.js";
export {sampleExample} from "./sampleExample.js";
export {SceneImage} from "./SceneImage.js";
export {parseSceneText, sceneText} from "./sceneText.js";
export {TypeAccuracyCurves} from "./TypeAccuracyCurves.js";
export {ANSWERS, GRAMMAR_WORDS, QUESTION_TYPES, TEMPLATES, parseQuestion, wordsOutsideGrammar} from "./vlmGrammar.js";
export {CELLS, GRID, IMAGE_SIZE, MAX_OBJECTS, MIN_OBJECTS} from "./vlmScene.js";
export {VLM_MODELS, VLM_PARAMETERS, VLM_SIZES} from "./vlmSettings.js";
export {html} from "htl";
// Observable Inputs (the scene's slider, the question's box), the kept-model panel, the attention explorer, the scene
// editor and the picture reader come after the page's first result: each loads when its section first runs, which keeps
// the page's first result within its byte budget (scripts/pageBudgets.ts).
export const loadInputs = () => import("@observablehq/inputs");
export const loadKeptModelPanel = async () => ({...(await import("./KeptModelPanel.js")), ...(await import("./modelFiles.js"))});
export const loadAttentionExplorer = () => import("./AttentionExplorer.js");
export const loadSceneEditor = () => import("./SceneEditor.js");
export const loadPictureInput = () => import("./PictureInput.js");
