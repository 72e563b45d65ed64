import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {test} from "node:test";

function experiment(...args: string[]) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/experiment.ts", ...args], {encoding: "utf-8"});
  return {status: run.status, stdout: run.stdout, stderr: run.stderr.trim()};
}

test("npm run experiment -- bilinear prints the run as JSON with every model's numbers", () => {
  const {status, stdout} = experiment("bilinear", "--seed", "3", "--steps", "60");
  assert.equal(status, 0);
  const result = JSON.parse(stdout);
  assert.equal(result.seed, 3);
  assert.equal(result.backend, "cpu");
  for (const key of ["shape", "color", "concat", "bilinear", "mlp"]) {
    const model = result.models[key];
    assert.equal(model.losses.length, 60);
    assert.equal(model.finalLoss, model.losses[59]);
    for (const field of ["accuracy", "maxAbsPMinusHalf"]) assert.equal(typeof model[field], "number");
  }
  assert.ok(result.models.bilinear.finalLoss < 0.05);
});

test("the command line refuses an unknown chapter, flag, backend or value with one line and exit code 2", () => {
  for (const args of [["nope"], ["bilinear", "--bogus", "1"], ["bilinear", "--backend", "tpu"], ["bilinear", "--steps", "-3"], ["bilinear", "--seed"], []]) {
    const {status, stderr, stdout} = experiment(...args);
    assert.equal(status, 2, `${args.join(" ")}: exit ${status}`);
    assert.equal(stdout, "");
    assert.equal(stderr.split("\n").length, 1, `${args.join(" ")}: ${stderr}`);
    assert.match(stderr, /^experiment: /);
  }
});

test("npm run experiment -- robustness prints the gain sweep of all three models and the broadband control", () => {
  const {status, stdout} = experiment("robustness", "--seed", "2");
  assert.equal(status, 0);
  const result = JSON.parse(stdout);
  assert.deepEqual(result.gains, [0, 1, 2, 4, 8, 16, 64]);
  for (const key of ["dot", "additive", "layernorm"]) {
    assert.equal(result[key].mass.length, result.gains.length);
    assert.equal(result[key].accuracy.length, result.gains.length);
  }
  assert.equal(result.broadband.dot.mass.length, result.gains.length);
  assert.ok(result.dot.mass[5] < 0.01 && result.layernorm.mass[6] > 0.95);
});

test("npm run experiment -- grounding prints two-step accuracies per β₁, the baselines and the co-attention results", () => {
  const {status, stdout} = experiment("grounding", "--seed", "2", "--scenes", "500");
  assert.equal(status, 0);
  const result = JSON.parse(stdout);
  assert.ok(Array.isArray(result.beta1s) && result.beta1s.length >= 5);
  for (const task of ["left", "closest"]) assert.equal(result.twoStep[task].length, result.beta1s.length);
  for (const key of ["oneStep", "bagOfWords", "phraseMassOnTarget"]) assert.equal(typeof result[key], "number");
  for (const key of ["left", "closest"]) assert.equal(typeof result.leftmostShortcut[key], "number");
  for (const key of ["pooledTest", "attendTest"]) assert.equal(typeof result.coattention[key], "number");
  assert.ok(result.coattention.attendTest > result.coattention.pooledTest);
});

test("npm run experiment -- channel prints every model's test accuracy and the learned gates", () => {
  const {status, stdout} = experiment("channel", "--seed", "2", "--steps", "60");
  assert.equal(status, 0);
  const result = JSON.parse(stdout);
  for (const key of ["gap", "se", "concat", "textGate", "film", "textSe"]) assert.equal(typeof result.testAccuracy[key], "number", key);
  for (const key of ["se", "textGate", "film", "textSe"]) assert.equal(result.gates[key].length, 8, key);
});

test("npm run experiment -- multiscale prints accuracy per model and split, gate means, and the same without the confound", () => {
  const {status, stdout} = experiment("multiscale", "--seed", "2", "--clips", "120", "--steps", "60");
  assert.equal(status, 0);
  const result = JSON.parse(stdout);
  for (const block of [result, result.noConfound]) {
    for (const model of ["short", "long", "static", "gated"]) for (const split of ["all", "crash", "sentence"]) assert.equal(typeof block.accuracy[model][split], "number", `${model}.${split}`);
    for (const type of ["crash", "sentence"]) assert.equal(typeof block.gateMean[type], "number");
  }
});

test("npm run experiment -- cost prints error against k for both cases, the pruning table and a small timing sweep", () => {
  const {status, stdout, stderr} = experiment("cost", "--seed", "2", "--scenes", "300");
  assert.equal(status, 0, stderr);
  const result = JSON.parse(stdout);
  assert.equal(result.seed, 2);
  for (const points of [result.errorVsK.diffuse, result.errorVsK.clustered]) {
    assert.deepEqual(points.map((p: {k: number}) => p.k), [1, 2, 4, 8, 16, 32, 64, 128, 256]);
    for (const p of points) for (const field of ["error", "mass", "bound"]) assert.equal(typeof p[field], "number");
  }
  assert.deepEqual(result.pruning.map((row: {keep: number}) => row.keep), [0.125, 0.25, 0.5, 1]);
  for (const row of result.pruning) for (const method of ["cls", "random", "text"]) assert.equal(typeof row.survival[method] + typeof row.grounding[method], "numbernumber");
  assert.deepEqual([...new Set(result.timing.map((t: {variant: string}) => t.variant))], ["dense", "local", "topk"], "no fused kernel on the CPU backend");
  assert.deepEqual([...new Set(result.timing.map((t: {n: number}) => t.n))], [64, 128, 256]);
  for (const t of result.timing) assert.ok(t.ms > 0);
});

test("npm run experiment -- svd prints the top singular values, the predictions, the gap and the cosines per concept", () => {
  const {status, stdout, stderr} = experiment("svd", "--seed", "2");
  assert.equal(status, 0, stderr);
  const result = JSON.parse(stdout);
  assert.equal(result.noise, 0.05);
  assert.equal(result.singularValues.length, 5);
  assert.equal(result.predicted.length, 3);
  assert.equal(result.gap, result.singularValues[2] / result.singularValues[3]);
  for (const key of ["cosPatches", "cosTokens"]) assert.equal(result[key].length, 3, key);
  assert.deepEqual(result.concepts, ["barn", "dog", "cat"]);
});

test("npm run experiment -- rademacher prints the estimates, their standard errors and the bounds against n, and the antipodal case", () => {
  const {status, stdout, stderr} = experiment("rademacher", "--seed", "2", "--draws", "100");
  assert.equal(status, 0, stderr);
  const result = JSON.parse(stdout);
  assert.deepEqual([result.M, result.d, result.B], [4, 8, 1]);
  for (const n of [25, 100, 400]) assert.ok(result.ns.includes(n), `ns has ${n}`);
  for (const key of ["cat", "catBound", "fixed", "shared", "attnBound", "freeLower"]) assert.equal(result[key].length, result.ns.length, key);
  for (const key of ["cat", "fixed", "shared"]) assert.equal(result.se[key].length, result.ns.length, `se.${key}`);
  assert.equal(typeof result.antipodal.freeLower, "number");
  assert.ok(result.antipodal.freeLower > 0.99);
});

test("npm run experiment -- asr prints the baseline, the rescored accuracies against λ and the irrelevant-image control", () => {
  const {status, stdout, stderr} = experiment("asr", "--seed", "2", "--trials", "1000");
  assert.equal(status, 0, stderr);
  const result = JSON.parse(stdout);
  assert.equal(typeof result.baseline, "number");
  assert.ok(result.lambdas.includes(1));
  assert.equal(result.rescored.length, result.lambdas.length);
  for (const key of ["ungated", "gated"]) assert.equal(typeof result.irrelevant[key], "number", key);
  assert.ok(result.rescored[result.lambdas.indexOf(1)] > result.baseline);
});

test("npm run experiment -- masked prints token accuracy, cell MSE, the ablation and both loss curves", () => {
  const {status, stdout, stderr} = experiment("masked", "--seed", "2", "--steps", "20");
  assert.equal(status, 0, stderr);
  const result = JSON.parse(stdout);
  for (const key of ["tokenAccuracy", "cellMse"]) assert.equal(typeof result[key], "number", key);
  for (const key of ["tokenAccuracy", "cellMse"]) assert.equal(typeof result.ablation[key], "number", `ablation.${key}`);
  for (const key of ["token", "cell"]) assert.equal(result.losses[key].length, 20, `losses.${key}`);
});

test("npm run experiment -- binding prints the fusion and ligand-only Pearson r and the invariance error", () => {
  const {status, stdout, stderr} = experiment("binding", "--seed", "2", "--steps", "10", "--backend", "wasm");
  assert.equal(status, 0, stderr);
  const result = JSON.parse(stdout);
  for (const key of ["pearson", "ligandOnlyPearson", "invarianceError"]) assert.equal(typeof result[key], "number", key);
  assert.ok(result.invarianceError < 1e-4, `invariance error ${result.invarianceError}`);
});
