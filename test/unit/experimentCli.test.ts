/**
 * `npm run experiment`: the command line itself (a child process: JSON on stdout, one line and exit
 * code 2 for a bad command), then every chapter's JSON through the same function, in this process.
 */
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {test} from "node:test";
import {experimentCommand, UsageError} from "../../scripts/experimentCommand.js";

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/experiment.ts", ...args], {encoding: "utf-8"});
  return {status: run.status, stdout: run.stdout, stderr: run.stderr.trim()};
}

/** The command's result as the command line prints it: through JSON and back. */
async function experiment(...args: string[]) {
  return JSON.parse(JSON.stringify(await experimentCommand(args)));
}

test("npm run experiment -- bilinear prints the run as JSON with every model's numbers", () => {
  const {status, stdout} = cli("bilinear", "--seed", "3", "--steps", "60");
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

test("the command line refuses a bad command with one line on stderr, nothing on stdout and exit code 2", () => {
  const {status, stderr, stdout} = cli("bilinear", "--steps", "-3");
  assert.deepEqual([status, stdout], [2, ""]);
  assert.match(stderr, /^experiment: steps must be between 1 and \d+, not -3$/);
});

test("an unknown chapter, flag, backend or value, or a flag without its value, is refused with a one-line usage message", async () => {
  for (const args of [["nope"], ["bilinear", "--bogus", "1"], ["bilinear", "--backend", "tpu"], ["bilinear", "--steps", "-3"], ["bilinear", "--seed"], [], ["bilinear", "--seed", "1", "--seed", "2"]]) {
    await assert.rejects(experimentCommand(args), (error: Error) => error instanceof UsageError && !error.message.includes("\n"), args.join(" "));
  }
});

test("npm run experiment -- robustness prints the gain sweep of all three models and the broadband control", async () => {
  const result = await experiment("robustness", "--seed", "2");
  assert.deepEqual(result.gains, [0, 1, 2, 4, 8, 16, 64]);
  for (const key of ["dot", "additive", "layernorm"]) {
    assert.equal(result[key].mass.length, result.gains.length);
    assert.equal(result[key].accuracy.length, result.gains.length);
  }
  assert.equal(result.broadband.dot.mass.length, result.gains.length);
  assert.ok(result.dot.mass[5] < 0.01 && result.layernorm.mass[6] > 0.95);
});

test("npm run experiment -- grounding prints two-step accuracies per β₁, the baselines and the co-attention results", async () => {
  const result = await experiment("grounding", "--seed", "2", "--scenes", "500");
  assert.ok(Array.isArray(result.beta1s) && result.beta1s.length >= 5);
  for (const task of ["left", "closest"]) assert.equal(result.twoStep[task].length, result.beta1s.length);
  for (const key of ["oneStep", "bagOfWords", "phraseMassOnTarget"]) assert.equal(typeof result[key], "number");
  for (const key of ["left", "closest"]) assert.equal(typeof result.leftmostShortcut[key], "number");
  for (const key of ["pooledTest", "attendTest"]) assert.equal(typeof result.coattention[key], "number");
  assert.ok(result.coattention.attendTest > result.coattention.pooledTest);
});

test("npm run experiment -- channel prints every model's test accuracy and the learned gates", async () => {
  const result = await experiment("channel", "--seed", "2", "--steps", "60");
  for (const key of ["gap", "se", "concat", "textGate", "film", "textSe"]) assert.equal(typeof result.testAccuracy[key], "number", key);
  for (const key of ["se", "textGate", "film", "textSe"]) assert.equal(result.gates[key].length, 8, key);
});

test("npm run experiment -- multiscale prints accuracy per model and split, gate means, and the same without the confound", async () => {
  const result = await experiment("multiscale", "--seed", "2", "--clips", "120", "--steps", "60");
  for (const block of [result, result.noConfound]) {
    for (const model of ["short", "long", "static", "gated"]) for (const split of ["all", "crash", "sentence"]) assert.equal(typeof block.accuracy[model][split], "number", `${model}.${split}`);
    for (const type of ["crash", "sentence"]) assert.equal(typeof block.gateMean[type], "number");
  }
});

test("npm run experiment -- cost prints error against k for both cases, the pruning table and a small timing sweep", async () => {
  const result = await experiment("cost", "--seed", "2", "--scenes", "300");
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

test("npm run experiment -- svd prints the top singular values, the predictions, the gap and the cosines per concept", async () => {
  const result = await experiment("svd", "--seed", "2");
  assert.equal(result.noise, 0.05);
  assert.equal(result.singularValues.length, 5);
  assert.equal(result.predicted.length, 3);
  assert.equal(result.gap, result.singularValues[2] / result.singularValues[3]);
  for (const key of ["cosPatches", "cosTokens"]) assert.equal(result[key].length, 3, key);
  assert.deepEqual(result.concepts, ["barn", "dog", "cat"]);
});

test("npm run experiment -- rademacher prints the estimates, their standard errors and the bounds against n, and the antipodal case", async () => {
  const result = await experiment("rademacher", "--seed", "2", "--draws", "100");
  assert.deepEqual([result.M, result.d, result.B], [4, 8, 1]);
  for (const n of [25, 100, 400]) assert.ok(result.ns.includes(n), `ns has ${n}`);
  for (const key of ["cat", "catBound", "fixed", "shared", "attnBound", "freeLower"]) assert.equal(result[key].length, result.ns.length, key);
  for (const key of ["cat", "fixed", "shared"]) assert.equal(result.se[key].length, result.ns.length, `se.${key}`);
  assert.equal(typeof result.antipodal.freeLower, "number");
  assert.ok(result.antipodal.freeLower > 0.99);
});

test("npm run experiment -- asr prints the baseline, the rescored accuracies against λ and the irrelevant-image control", async () => {
  const result = await experiment("asr", "--seed", "2", "--trials", "1000");
  assert.equal(typeof result.baseline, "number");
  assert.ok(result.lambdas.includes(1));
  assert.equal(result.rescored.length, result.lambdas.length);
  for (const key of ["ungated", "gated"]) assert.equal(typeof result.irrelevant[key], "number", key);
  assert.ok(result.rescored[result.lambdas.indexOf(1)] > result.baseline);
});

test("npm run experiment -- masked prints token accuracy, cell MSE, the ablation and both loss curves", async () => {
  const result = await experiment("masked", "--seed", "2", "--steps", "20");
  for (const key of ["tokenAccuracy", "cellMse"]) assert.equal(typeof result[key], "number", key);
  for (const key of ["tokenAccuracy", "cellMse"]) assert.equal(typeof result.ablation[key], "number", `ablation.${key}`);
  for (const key of ["token", "cell"]) assert.equal(result.losses[key].length, 20, `losses.${key}`);
});

test("npm run experiment -- binding prints the fusion and ligand-only Pearson r and the invariance error", async () => {
  const result = await experiment("binding", "--seed", "2", "--steps", "10", "--backend", "wasm");
  for (const key of ["pearson", "ligandOnlyPearson", "invarianceError"]) assert.equal(typeof result[key], "number", key);
  assert.ok(result.invarianceError < 1e-4, `invariance error ${result.invarianceError}`);
});

test("npm run experiment -- plasticity prints the hourly response, onset, half-maximum, the final state, the ablations and the phase diagram", async () => {
  const result = await experiment("plasticity", "--days", "20");
  assert.equal(result.days.length, 20 * 24 + 1);
  assert.equal(result.soundResponse.length, result.days.length);
  for (const key of ["onsetDay", "halfDay"]) assert.equal(typeof result[key], "number", key);
  for (const key of ["soundResponse", "meanRate", "thetaM"]) assert.equal(typeof result.final[key], "number", `final.${key}`);
  assert.equal(result.ablations.noHomeostasis.final.soundResponse, 0);
  assert.equal(result.ablations.plainHebb.maxWeight, 10);
  const {tauThetas, etaHs, takeoverDay, regime} = result.grid;
  assert.deepEqual([tauThetas.length, etaHs.length, takeoverDay.length, regime.length], [32, 32, 32, 32]);
  assert.ok(takeoverDay.every((row: unknown[]) => row.length === 32) && regime.flat().every((r: string) => ["converged", "oscillating", "runaway", "slow"].includes(r)));
});

test("npm run experiment -- vlm prints each model's held-out accuracy by question type, the grounding and the speed", async () => {
  const result = await experiment("vlm", "--seed", "2", "--steps", "10", "--backend", "wasm");
  assert.deepEqual([result.seed, result.backend, result.steps], [2, "wasm", 10]);
  for (const model of ["crossAttention", "questionOnly", "pooled"])
    for (const type of ["attribute", "existence", "count", "relation", "overall"]) {
      const accuracy = result[model].accuracy[type];
      assert.ok(accuracy >= 0 && accuracy <= 1, `${model}.${type}: ${accuracy}`);
    }
  for (const key of ["meanMass", "topPatchRate"]) assert.ok(result.grounding[key] >= 0 && result.grounding[key] <= 1, `grounding.${key}`);
  assert.equal(result.grounding.perHead.length, 2);
  assert.ok(result.stepsPerSecond > 0);
});
