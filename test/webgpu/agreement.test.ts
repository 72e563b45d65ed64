/**
 * Chapter 1's model on the real tfjs WebGPU backend in Node (Dawn over Chromium's SwiftShader)
 * agrees with the CPU backend to 1e-4. Run by `npm run test:webgpu`, which sets the Vulkan paths.
 */
import assert from "node:assert/strict";
import {test} from "node:test";
import {installNodeWebGPU, nodeWebGPUProblem} from "../../scripts/nodeWebGPU.js";

const problem = nodeWebGPUProblem();
if (problem) throw new Error(problem); // .ci/run installs chromium; a missing one is a failure, not a skip

await installNodeWebGPU();
const {useBackend} = await import("../../components/runtime.js");
const {maxLossDifference, runBilinearHandshake} = await import("../../components/bilinearHandshake.js");

test("the bilinear handshake on WebGPU matches the CPU backend to 1e-4 (losses, probabilities, W)", async () => {
  const gpu = await useBackend("webgpu");
  assert.equal(gpu.backend, "webgpu", gpu.messages.join(" "));
  assert.equal(gpu.adapter.available, true);
  const onGPU = await runBilinearHandshake({seed: 1});
  assert.equal(onGPU.backend, "webgpu");
  await useBackend("cpu");
  const onCPU = await runBilinearHandshake({seed: 1});
  assert.ok(maxLossDifference(onGPU, onCPU) < 1e-4, `max loss difference ${maxLossDifference(onGPU, onCPU)}`);
  const weights = onGPU.bilinearW.flat().map((w, i) => Math.abs(w - onCPU.bilinearW.flat()[i]));
  assert.ok(Math.max(...weights) < 1e-3, `W differs by ${Math.max(...weights)}`);
  for (const key of Object.keys(onCPU.models) as (keyof typeof onCPU.models)[]) {
    assert.ok(Math.abs(onGPU.models[key].maxAbsPMinusHalf - onCPU.models[key].maxAbsPMinusHalf) < 1e-4, key);
  }
});

test.after(() => setImmediate(() => process.exit(process.exitCode ?? 0))); // Dawn keeps the event loop alive
