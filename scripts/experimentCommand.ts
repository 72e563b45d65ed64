/**
 * What `npm run experiment` does, as a function: parses `<chapter> [--backend b] [--<parameter> X]`,
 * checks every value, runs the chapter's experiment on the backend and returns its JSON. A bad
 * command line throws a UsageError with one line for the reader. The tests call it in-process.
 */
export const USAGE = "usage: npm run experiment -- <chapter> [--seed N] [--backend cpu|wasm|webgpu] [--steps N] [--<parameter> X]";
export const NODE_BACKENDS = ["cpu", "wasm", "webgpu"];

/** A command line the experiment cannot run: exit code 2 and this one-line message. */
export class UsageError extends Error {
  name = "UsageError";
}

/** Splits `chapter --name value --other=value` into the chapter names and the flags; every flag needs a value. */
export function parseFlags(args: string[]): {positionals: string[]; values: Record<string, string>} {
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
    if (!name) throw new UsageError(`malformed flag "${arg}" (${USAGE})`);
    if (value === undefined || (inline === undefined && value.startsWith("--"))) throw new UsageError(`--${name} needs a value (${USAGE})`);
    if (name in values) throw new UsageError(`--${name} is given twice`);
    values[name] = value;
  }
  return {positionals, values};
}

/** The backend a command line asks for (cpu by default); throws a UsageError for any other name. */
export function requestedBackend(args: string[]): string {
  const backend = parseFlags(args).values.backend ?? "cpu";
  if (!NODE_BACKENDS.includes(backend)) throw new UsageError(`--backend must be one of ${NODE_BACKENDS.join(", ")}, not "${backend}"`);
  return backend;
}

/** Runs the command line's experiment and returns its result, ready for JSON (WebGPU must already be installed where it is asked for). */
export async function experimentCommand(args: string[]): Promise<unknown> {
  const {positionals, values} = parseFlags(args);
  const backend = requestedBackend(args);
  const {EXPERIMENTS} = await import("../components/experiments.js");
  const {checkParameters} = await import("../components/runtime/parameters.js");
  const {useBackend} = await import("../components/runtime/runtime.js");
  if (positionals.length !== 1) throw new UsageError(`name one chapter: ${Object.keys(EXPERIMENTS).join(", ")} (${USAGE})`);
  const experiment = EXPERIMENTS[positionals[0]];
  if (!experiment) throw new UsageError(`unknown chapter "${positionals[0]}": choose one of ${Object.keys(EXPERIMENTS).join(", ")}`);
  const input = Object.fromEntries(Object.entries(values).filter(([key]) => key !== "backend"));
  for (const key of Object.keys(input)) {
    if (!(key in experiment.parameters)) throw new UsageError(`unknown flag --${key}: ${positionals[0]} takes --backend${Object.keys(experiment.parameters).map((name) => `, --${name}`).join("")}`);
  }
  const {values: config, problems} = checkParameters(experiment.parameters, input);
  if (problems.length) throw new UsageError(problems.join("; "));
  const report = await useBackend(backend);
  if (report.backend !== backend) throw new UsageError(`backend ${backend} could not run here: ${report.messages.join(" ")}`);
  return experiment.run(config);
}
