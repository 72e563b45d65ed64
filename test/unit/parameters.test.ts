import assert from "node:assert/strict";
import {test} from "node:test";
import {HANDSHAKE_PARAMETERS} from "../../components/chapters/01-bilinear-handshake/bilinearHandshake.js";
import {checkParameters, defaultParameters, ParameterError, requireParameters} from "../../components/runtime/parameters.js";

test("checkParameters keeps valid values and accepts numeric strings", () => {
  const {values, problems} = checkParameters(HANDSHAKE_PARAMETERS, {learningRate: "0.05", steps: 10});
  assert.deepEqual(problems, []);
  assert.equal(values.learningRate, 0.05);
  assert.equal(values.steps, 10);
  assert.equal(values.seed, 1);
});

test("checkParameters names each bad value and falls back to its default", () => {
  const {values, problems} = checkParameters(HANDSHAKE_PARAMETERS, {learningRate: 50, steps: 2.5, seed: "abc", colour: 3} as Record<string, unknown>);
  assert.equal(problems.length, 4);
  assert.match(problems.join("\n"), /learning rate must be between 0.001 and 2, not 50/);
  assert.match(problems.join("\n"), /steps must be a whole number, not 2.5/);
  assert.match(problems.join("\n"), /seed must be a number, not "abc"/);
  assert.match(problems.join("\n"), /unknown setting "colour"/);
  assert.deepEqual(values, defaultParameters(HANDSHAKE_PARAMETERS));
});

test("requireParameters throws a ParameterError that names the problem", () => {
  assert.throws(() => requireParameters(HANDSHAKE_PARAMETERS, {initScale: -1}), (error: unknown) => error instanceof ParameterError && /init scale must be between 0 and 3/.test(error.message));
});
