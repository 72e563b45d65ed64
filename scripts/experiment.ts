/**
 * npm run experiment -- <chapter> [--seed N] [--backend cpu|wasm|webgpu] [--steps N] [--<parameter> X]
 * Runs a chapter's experiment in Node (the same function the page runs) and prints its JSON.
 */
const USAGE = "usage: npm run experiment -- <chapter> [--seed N] [--backend cpu|wasm|webgpu] [--steps N] [--<parameter> X]";
const NODE_BACKENDS = ["cpu", "wasm", "webgpu"];

function fail(message: string): never {
  process.stderr.write(`experiment: ${message}\n`);
  process.exit(2);
}

/** Splits `chapter --name value --other=value` into the chapter names and the flags; every flag needs a value. */
function parseFlags(args: string[]): {positionals: string[]; values: Record<string, string>} {
  const positionals: string[] = [];
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; ++i) {
    const arg = args[i];
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const value = inline ?? args[++i];
    if (!name) fail(`malformed flag "${arg}" (${USAGE})`);
    if (value === undefined || (inline === undefined && value.startsWith("--"))) fail(`--${name} needs a value (${USAGE})`);
    if (name in values) fail(`--${name} is given twice`);
    values[name] = value;
  }
  return {positionals, values};
}

async function main() {
  const {positionals, values} = parseFlags(process.argv.slice(2));
  const backend = values.backend ?? "cpu";
  if (!NODE_BACKENDS.includes(backend)) fail(`--backend must be one of ${NODE_BACKENDS.join(", ")}, not "${backend}"`);
  if (backend === "webgpu") {
    const {installNodeWebGPU, nodeWebGPUProblem, reexecWithVulkanLoader} = await import("./nodeWebGPU.js");
    const problem = nodeWebGPUProblem();
    if (problem) fail(problem);
    reexecWithVulkanLoader();
    await installNodeWebGPU();
  }
  const {EXPERIMENTS} = await import("../components/experiments.js");
  const {checkParameters} = await import("../components/parameters.js");
  const {useBackend} = await import("../components/runtime.js");
  if (positionals.length !== 1) fail(`name one chapter: ${Object.keys(EXPERIMENTS).join(", ")} (${USAGE})`);
  const experiment = EXPERIMENTS[positionals[0]];
  if (!experiment) fail(`unknown chapter "${positionals[0]}": choose one of ${Object.keys(EXPERIMENTS).join(", ")}`);
  const input = Object.fromEntries(Object.entries(values).filter(([key]) => key !== "backend"));
  for (const key of Object.keys(input)) {
    if (!(key in experiment.parameters)) fail(`unknown flag --${key}: ${positionals[0]} takes --backend${Object.keys(experiment.parameters).map((name) => `, --${name}`).join("")}`);
  }
  const {values: config, problems} = checkParameters(experiment.parameters, input);
  if (problems.length) fail(problems.join("; "));
  const report = await useBackend(backend);
  if (report.backend !== backend) fail(`backend ${backend} could not run here: ${report.messages.join(" ")}`);
  const result = await experiment.run(config);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0); // Dawn keeps the event loop alive
}

main().catch((error) => {
  process.stderr.write(`experiment: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
