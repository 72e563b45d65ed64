/**
 * Chapter 13's "keep a model": a finished run as tfjs model artifacts and as the two files a reader downloads, restored
 * into a fresh trainer that answers exactly as the trained one, and anything else refused with a reason. (The browser's
 * IndexedDB storage itself is exercised by the browser suite: a second visit skips training.)
 */
import assert from "node:assert/strict";
import {after, before, test} from "node:test";
import type * as tf from "@tensorflow/tfjs-core";
import {vlmArtifactsProblem, vlmStoreUrl} from "../../components/chapters/13-vlm/keptModel.js";
import {modelFiles, readModelFiles} from "../../components/chapters/13-vlm/modelFiles.js";
import {rasteriseScene} from "../../components/chapters/13-vlm/rasteriseScene.js";
import {VlmTrainer} from "../../components/chapters/13-vlm/vlmTrainer.js";
import {useBackend} from "../../components/runtime/runtime.js";

const SETTINGS = {steps: 3, batch: 8, heldOut: 16, seed: 4};
const IMAGE = rasteriseScene({objects: [{cell: 7, colour: "red", shape: "circle"}, {cell: 20, colour: "blue", shape: "square"}]});
const QUESTION = "what colour is the circle";
let trained: VlmTrainer;
let artifacts: tf.io.ModelArtifacts;

before(async () => {
  await useBackend("cpu");
  trained = new VlmTrainer(SETTINGS);
  await trained.advance(SETTINGS.steps);
  artifacts = await trained.artifacts();
});
after(() => trained.dispose());

/** A copy of the artifacts with `change` applied to a deep copy of its topology and specs. */
const altered = (change: (copy: tf.io.ModelArtifacts) => void): tf.io.ModelArtifacts => {
  const copy = {...artifacts, modelTopology: structuredClone(artifacts.modelTopology), weightSpecs: structuredClone(artifacts.weightSpecs)};
  change(copy);
  return copy;
};

test("a kept run restored into a fresh trainer of the same settings answers exactly as the trained one, with its record", async () => {
  const restored = new VlmTrainer(SETTINGS);
  try {
    restored.restore(artifacts);
    assert.equal(restored.step, SETTINGS.steps);
    assert.deepEqual(restored.snapshot().losses, trained.snapshot().losses);
    assert.deepEqual(restored.snapshot().evaluations, trained.snapshot().evaluations);
    assert.equal(restored.snapshot().kept?.state, "restored");
    const [mine, theirs] = await Promise.all([restored.ask(IMAGE, QUESTION), trained.ask(IMAGE, QUESTION)]);
    assert.deepEqual(mine, theirs);
    const fresh = new VlmTrainer(SETTINGS); // the same seed untrained: the weights really came from the file
    assert.notDeepEqual((await fresh.ask(IMAGE, QUESTION)).probabilities, theirs.probabilities);
    fresh.dispose();
  } finally {
    restored.dispose();
  }
});

test("the downloaded files (tfjs's model.json layout) read back to artifacts that restore the same answers", async () => {
  const {json, weights, names} = modelFiles(artifacts as Parameters<typeof modelFiles>[0], "vlm-seed4");
  assert.deepEqual(names, ["vlm-seed4.json", "vlm-seed4.weights.bin"]);
  assert.deepEqual(JSON.parse(await json.text()).weightsManifest[0].paths, ["./vlm-seed4.weights.bin"]);
  const read = await readModelFiles([new File([weights], "vlm-seed4 (1).weights.bin"), new File([json], names[0])]); // a browser may rename a second download
  assert.equal(vlmArtifactsProblem(read as tf.io.ModelArtifacts), undefined);
  const restored = new VlmTrainer(SETTINGS);
  restored.restore(read as tf.io.ModelArtifacts);
  assert.deepEqual((await restored.ask(IMAGE, QUESTION)).probabilities, (await trained.ask(IMAGE, QUESTION)).probabilities);
  restored.dispose();
});

test("files that are not a model this page saved are refused, naming what is wrong", async () => {
  await assert.rejects(readModelFiles([new File(["{}"], "a.bin")]), /one \.json and the \.weights\.bin/);
  await assert.rejects(readModelFiles([new File(["not json"], "model.json")]), /model\.json is not JSON/);
  await assert.rejects(readModelFiles([new File([JSON.stringify({modelTopology: {}, weightsManifest: [{paths: ["./w.bin"], weights: []}]})], "model.json"), new File(["x"], "a.bin"), new File(["y"], "b.bin")]), /names its weights w\.bin/);
});

test("artifacts that are not a finished run of this chapter's three models are refused, naming why", () => {
  assert.equal(vlmArtifactsProblem(artifacts), undefined);
  assert.match(vlmArtifactsProblem(altered((copy) => ((copy.modelTopology as {format: string}).format = "layers-model")))!, /not a model this chapter saved/);
  assert.match(vlmArtifactsProblem(altered((copy) => ((copy.modelTopology as {config: {batch: number}}).config.batch = 1000)))!, /settings are not ones this page can train/);
  assert.match(vlmArtifactsProblem(altered((copy) => ((copy.modelTopology as {snapshot: {step: number}}).snapshot.step = 1)))!, /no finished run/);
  assert.match(vlmArtifactsProblem(altered((copy) => copy.weightSpecs!.pop()))!, /lists \d+ weights, where the three models have \d+/);
  assert.match(vlmArtifactsProblem(altered((copy) => (copy.weightSpecs![0].shape = [3, 3])))!, /is float32 \[3, 3\], not float32/);
  assert.match(vlmArtifactsProblem({...artifacts, weightData: (artifacts.weightData as ArrayBuffer).slice(8)})!, /hold \d+ bytes, where the model needs \d+/);
});

test("a run of other settings is not restored, and names the settings that differ", () => {
  const other = new VlmTrainer({...SETTINGS, seed: 5});
  assert.throws(() => other.restore(artifacts), /other settings \(seed 4, not 5\)/);
  assert.equal(other.step, 0);
  other.dispose();
});

test("an unfinished run is not offered for keeping, and each settings has its own place in the browser's storage", async () => {
  const unfinished = new VlmTrainer(SETTINGS);
  await assert.rejects(unfinished.artifacts(), /step 0 of 3: a model is kept once all its steps are taken/);
  unfinished.dispose();
  assert.equal(vlmStoreUrl(trained.config), "indexeddb://cross-modal-attention/13-vlm?steps=3&learningRate=0.003&batch=8&heldOut=16&seed=4");
  assert.notEqual(vlmStoreUrl({...trained.config, seed: 5}), vlmStoreUrl(trained.config));
});
