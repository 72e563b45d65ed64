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
