/**
 * Every chapter's experiment by its command-line name: what it is called, its parameters, and
 * the function that runs it on the active backend and returns plain JSON-ready numbers.
 */
import {HANDSHAKE_PARAMETERS, runBilinearHandshake} from "./chapters/01-bilinear-handshake/bilinearHandshake.js";
import {LOUD_FRAME_PARAMETERS, runLoudFrame} from "./chapters/02-loud-frame/loudFrame.js";
import {GROUNDING_PARAMETERS, runGrounding} from "./chapters/03-grounding/grounding.js";
import {BINDING_PARAMETERS, runBinding} from "./chapters/03-grounding/bindingCoAttention.js";
import {CHANNEL_PARAMETERS, runChannel} from "./chapters/04-channel-attention/channelAttention.js";
import {MULTISCALE_PARAMETERS, runMultiScale} from "./chapters/05-multi-scale/multiScale.js";
import {runTopKError} from "./chapters/06-cost/topKError.js";
import {PRUNING_PARAMETERS, runTokenPruning} from "./chapters/06-cost/tokenPruning.js";
import {sweepAttentionTiming} from "./chapters/06-cost/attentionTiming.js";
import {SVD_PARAMETERS, runCoAttentionSVD} from "./chapters/07-svd/coAttentionSVD.js";
import {RADEMACHER_PARAMETERS, runRademacherSweep} from "./chapters/08-rademacher/rademacher.js";
import {ASR_PARAMETERS, runAsrRescoring} from "./chapters/09-asr-rescoring/asrRescoring.js";
import {MASKED_PARAMETERS, runMaskedTextTable} from "./chapters/10-text-table/maskedTextTable.js";
import {POCKET_PARAMETERS, runPocketLigand} from "./chapters/11-pocket-ligand/pocketLigand.js";
import {PLASTICITY_PARAMETERS, runPlasticity} from "./chapters/12-plasticity/plasticity.js";
import {VLM_PARAMETERS, runVlm} from "./chapters/13-vlm/vlmTrainer.js";
import {activeBackend} from "./runtime/runtime.js";
import type {ParameterSpecs} from "./runtime/parameters.js";

export interface Experiment {
  chapter: number;
  title: string;
  parameters: ParameterSpecs;
  run(config: Record<string, number>): Promise<unknown>;
}

export const EXPERIMENTS: Record<string, Experiment> = {
  bilinear: {chapter: 1, title: "The shape-colour bilinear handshake", parameters: HANDSHAKE_PARAMETERS, run: (config) => runBilinearHandshake(config)},
  robustness: {chapter: 2, title: "Multiplicative vs additive attention under a loud frame", parameters: LOUD_FRAME_PARAMETERS, run: (config) => runLoudFrame(config)},
  grounding: {
    chapter: 3,
    title: "Grounding with queries, keys and values, and co-attention's binding problem",
    parameters: {...GROUNDING_PARAMETERS, steps: BINDING_PARAMETERS.steps, learningRate: BINDING_PARAMETERS.learningRate},
    run: async ({beta1, scenes, seed, steps, learningRate}) => {
      const grounding = await runGrounding({beta1, scenes, seed});
      const {pooledTrain, pooledTest, attendTrain, attendTest} = await runBinding({steps, learningRate, seed});
      return {...grounding, coattention: {pooledTrain, pooledTest, attendTrain, attendTest}};
    }
  },
  channel: {chapter: 4, title: "Channel attention: squeeze-and-excitation and text-guided gates", parameters: CHANNEL_PARAMETERS, run: (config) => runChannel(config)},
  multiscale: {
    chapter: 5,
    title: "Hierarchical multi-scale attention, with and without the ambient-hum confound",
    parameters: (({confound: _, ...rest}) => rest)(MULTISCALE_PARAMETERS),
    run: async (config) => {
      const {accuracy, gateMean, seed, backend} = await runMultiScale({...config, confound: 1});
      const control = await runMultiScale({...config, confound: 0});
      return {seed, backend, config, accuracy, gateMean, noConfound: {accuracy: control.accuracy, gateMean: control.gateMean}};
    }
  },
  cost: {
    chapter: 6,
    title: "What attention costs: top-k error, token pruning, and timing",
    parameters: PRUNING_PARAMETERS,
    run: async ({seed, scenes, noise}) => {
      const {diffuse, clustered, effectiveSupport} = await runTopKError({seed});
      const {pruning} = await runTokenPruning({seed, scenes, noise});
      const {points} = await sweepAttentionTiming({smallest: 64, largest: 256, seed}, {runs: 3, budgetMs: 300});
      return {seed, backend: activeBackend(), errorVsK: {diffuse, clustered, effectiveSupport}, pruning, timing: points.map(({variant, n, ms}) => ({variant, n, ms}))};
    }
  },
  svd: {
    chapter: 7,
    title: "Reading co-attention with SVD: singular values and modes of a planted affinity",
    parameters: SVD_PARAMETERS,
    run: async (config) => {
      const {seed, backend, noise, strength3, iterations, singularValues, predicted, gap, order, cosPatches, cosTokens, subspace} = await runCoAttentionSVD(config);
      return {seed, backend, noise, strength3, iterations, singularValues, predicted, gap, concepts: order, cosPatches, cosTokens, subspace};
    }
  },
  rademacher: {
    chapter: 8,
    title: "Rademacher complexity of attention fusion vs concatenation, Monte-Carlo against the bounds",
    parameters: (({n: _, ...rest}) => rest)(RADEMACHER_PARAMETERS), // the sweep runs every n of DEFAULT_NS
    run: (config) => runRademacherSweep(config)
  },
  asr: {chapter: 9, title: "Ship or sheep? ASR N-best rescoring by cross-modal alignment with an image", parameters: ASR_PARAMETERS, run: (config) => runAsrRescoring(config)},
  masked: {chapter: 10, title: "Masked text–table modelling: cross-attention from masked words to cells and back, with the ablation", parameters: MASKED_PARAMETERS, run: (config) => runMaskedTextTable(config)},
  binding: {chapter: 11, title: "Protein pocket (EGNN-lite) + ligand (GNN) fused by distance-biased cross-attention into an affinity", parameters: POCKET_PARAMETERS, run: (config) => runPocketLigand(config)},
  plasticity: {chapter: 12, title: "Cross-modal plasticity: a rate model of A1 input unmasked in deprived V1, with BCM, homeostasis and the phase diagram", parameters: PLASTICITY_PARAMETERS, run: (config) => runPlasticity(config)},
  vlm: {chapter: 13, title: "A vision-language transformer on pixels: words query image patches, against a question-only and a pooled-image baseline", parameters: VLM_PARAMETERS, run: (config) => runVlm(config)}
};
