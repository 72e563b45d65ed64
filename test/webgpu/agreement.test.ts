/**
 * Chapters 1, 7, 8, 9, 10, 11 and 13 on the real tfjs WebGPU backend in Node (Dawn over Chromium's
 * SwiftShader) agree with the CPU backend to 1e-4, and chapter 12's phase diagram with its single
 * simulation. Run by `npm run test:webgpu`, which sets the Vulkan paths.
 */
import assert from "node:assert/strict";
import {test} from "node:test";
import {installNodeWebGPU, nodeWebGPUProblem} from "../../scripts/nodeWebGPU.js";

const problem = nodeWebGPUProblem();
if (problem) throw new Error(problem); // .ci/run installs chromium; a missing one is a failure, not a skip

await installNodeWebGPU();
const {useBackend} = await import("../../components/runtime/runtime.js");
const {maxLossDifference, runBilinearHandshake} = await import("../../components/chapters/01-bilinear-handshake/bilinearHandshake.js");
const {runCoAttentionSVD} = await import("../../components/chapters/07-svd/coAttentionSVD.js");
const {runRademacher} = await import("../../components/chapters/08-rademacher/rademacher.js");
const {runAsrRescoring} = await import("../../components/chapters/09-asr-rescoring/asrRescoring.js");
const {runMaskedTextTable} = await import("../../components/chapters/10-text-table/maskedTextTable.js");
const {runPocketLigand} = await import("../../components/chapters/11-pocket-ligand/pocketLigand.js");
const {plasticityGridAxes, simulatePlasticity, simulatePlasticityGrid} = await import("../../components/chapters/12-plasticity/plasticity.js");
const {VlmTrainer} = await import("../../components/chapters/13-vlm/vlmTrainer.js");

/** Runs `run` on WebGPU, then on the CPU backend. */
async function onBoth<T>(run: () => Promise<T>): Promise<[gpu: T, cpu: T]> {
  const gpu = await useBackend("webgpu");
  assert.equal(gpu.backend, "webgpu", gpu.messages.join(" "));
  const onGPU = await run();
  await useBackend("cpu");
  return [onGPU, await run()];
}
const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

// 30 of the page's 200 steps: past the first 100% step (3–4) and into the fall of the loss, at a
// seventh of the time the whole run takes on the software adapter (57 s in CI).
test("the bilinear handshake on WebGPU matches the CPU backend to 1e-4 over 30 steps (losses, probabilities, W)", async () => {
  const gpu = await useBackend("webgpu");
  assert.equal(gpu.backend, "webgpu", gpu.messages.join(" "));
  assert.equal(gpu.adapter.available, true);
  const onGPU = await runBilinearHandshake({seed: 1, steps: 30});
  assert.equal(onGPU.backend, "webgpu");
  await useBackend("cpu");
  const onCPU = await runBilinearHandshake({seed: 1, steps: 30});
  assert.ok(maxLossDifference(onGPU, onCPU) < 1e-4, `max loss difference ${maxLossDifference(onGPU, onCPU)}`);
  const weights = onGPU.bilinearW.flat().map((w, i) => Math.abs(w - onCPU.bilinearW.flat()[i]));
  assert.ok(Math.max(...weights) < 1e-3, `W differs by ${Math.max(...weights)}`);
  for (const key of Object.keys(onCPU.models) as (keyof typeof onCPU.models)[]) {
    assert.ok(Math.abs(onGPU.models[key].maxAbsPMinusHalf - onCPU.models[key].maxAbsPMinusHalf) < 1e-4, key);
  }
});

test("chapter 7's power-iteration SVD on WebGPU matches the CPU backend to 1e-4 (singular values, cosines)", async () => {
  const [gpu, cpu] = await onBoth(() => runCoAttentionSVD({seed: 1}));
  assert.equal(gpu.backend, "webgpu");
  for (const key of ["singularValues", "cosPatches", "cosTokens"] as const) {
    assert.ok(gpu[key].every((value, i) => relative(value, cpu[key][i]) < 1e-4), `${key}: ${gpu[key]} vs ${cpu[key]}`);
  }
});

test("chapter 8's Monte-Carlo estimates and free-α search on WebGPU match the CPU backend to 1e-4", async () => {
  const [gpu, cpu] = await onBoth(() => runRademacher({seed: 1, n: 25, draws: 100}));
  assert.equal(gpu.backend, "webgpu");
  for (const key of ["cat", "fixed", "shared", "freeLower"] as const) assert.ok(relative(gpu[key], cpu[key]) < 1e-4, `${key}: ${gpu[key]} vs ${cpu[key]}`);
});

test("chapter 9's rescoring on WebGPU gives the CPU backend's accuracies (1000 utterances)", async () => {
  const [gpu, cpu] = await onBoth(() => runAsrRescoring({seed: 1, trials: 1000}));
  assert.equal(gpu.backend, "webgpu");
  assert.deepEqual([gpu.baseline, ...gpu.rescored, ...gpu.gated, gpu.irrelevant.ungated, gpu.irrelevant.gated], [cpu.baseline, ...cpu.rescored, ...cpu.gated, cpu.irrelevant.ungated, cpu.irrelevant.gated]);
});

const worstOf = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i])));

test("chapter 10's masked text–table model and its ablation on WebGPU match the CPU backend to 1e-4 over 3 steps (both losses)", async () => {
  const [gpu, cpu] = await onBoth(() => runMaskedTextTable({seed: 1, steps: 3}));
  assert.equal(gpu.backend, "webgpu");
  for (const task of ["token", "cell"] as const) assert.ok(worstOf(gpu.losses[task], cpu.losses[task]) < 1e-4, `${task}: ${gpu.losses[task]} vs ${cpu.losses[task]}`);
});

test("chapter 11's pocket–ligand fusion on WebGPU matches the CPU backend to 1e-4 over 3 steps (both models' losses), and is E(3)-invariant there too", async () => {
  const [gpu, cpu] = await onBoth(() => runPocketLigand({seed: 1, steps: 3}));
  assert.equal(gpu.backend, "webgpu");
  for (const model of ["fusion", "ligandOnly"] as const) assert.ok(worstOf(gpu.losses[model], cpu.losses[model]) < 1e-4, `${model}: ${gpu.losses[model]} vs ${cpu.losses[model]}`);
  assert.ok(gpu.invarianceError < 1e-4, `invariance on WebGPU ${gpu.invarianceError}`);
});

test("chapter 13's three models on WebGPU match the CPU backend to 1e-4 over 3 steps (every model's loss, and the answer's probabilities after them)", async () => {
  const image = new Float32Array(48 * 48 * 3).fill(0.5); // an empty grey scene
  const [gpu, cpu] = await onBoth(async () => {
    const trainer = new VlmTrainer({seed: 1, steps: 3, batch: 8, heldOut: 16});
    try {
      await trainer.advance(3);
      return {backend: trainer.backend, losses: trainer.snapshot().losses, answer: await trainer.ask(image, "how many red objects")};
    } finally {
      trainer.dispose();
    }
  });
  assert.equal(gpu.backend, "webgpu");
  for (const model of ["crossAttention", "pooled", "questionOnly"] as const) assert.ok(worstOf(gpu.losses[model], cpu.losses[model]) < 1e-4, `${model}: ${gpu.losses[model]} vs ${cpu.losses[model]}`);
  assert.ok(worstOf(gpu.answer.probabilities, cpu.answer.probabilities) < 1e-4, `probabilities: ${gpu.answer.probabilities} vs ${cpu.answer.probabilities}`);
});

test("chapter 12's phase diagram on WebGPU equals the float32 single simulation at its points to 1e-4 (8 × 8 cells, 40 days, every hour)", async () => {
  const gpu = await useBackend("webgpu");
  assert.equal(gpu.backend, "webgpu", gpu.messages.join(" "));
  const grid = await simulatePlasticityGrid({}, undefined, {axes: plasticityGridAxes(8)});
  assert.equal(grid.backend, "webgpu");
  const lanes = grid.tauThetas.length * grid.etaHs.length;
  grid.tauThetas.forEach((tauTheta, i) =>
    grid.etaHs.forEach((etaH, j) => {
      const single = simulatePlasticity({tauTheta, etaH}, undefined, {precision: "float32"});
      const lane = i * grid.etaHs.length + j;
      const worst = Math.max(...single.soundResponse.map((r, h) => Math.abs(r - grid.traces.soundResponse[h * lanes + lane])));
      assert.ok(worst < 1e-4, `τθ ${tauTheta}, η_H ${etaH}: ${worst}`);
      assert.equal(grid.regime[i][j], single.regime, `τθ ${tauTheta}, η_H ${etaH}`);
    })
  );
});

test.after(() => setImmediate(() => process.exit(process.exitCode ?? 0))); // Dawn keeps the event loop alive
