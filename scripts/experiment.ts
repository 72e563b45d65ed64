/**
 * npm run experiment -- <chapter> [--seed N] [--backend cpu|wasm|webgpu] [--steps N] [--<parameter> X]
 * Runs a chapter's experiment in Node (the same function the page runs) and prints its JSON.
 */
import {experimentCommand, requestedBackend, UsageError} from "./experimentCommand.js";

function fail(error: unknown): never {
  process.stderr.write(`experiment: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
}

async function main() {
  const args = process.argv.slice(2);
  if (requestedBackend(args) === "webgpu") {
    const {installNodeWebGPU, nodeWebGPUProblem, reexecWithVulkanLoader} = await import("./nodeWebGPU.js");
    const problem = nodeWebGPUProblem();
    if (problem) throw new UsageError(problem);
    reexecWithVulkanLoader();
    await installNodeWebGPU();
  }
  const result = await experimentCommand(args);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0); // Dawn keeps the event loop alive
}

main().catch(fail);
