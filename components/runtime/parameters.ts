/**
 * A chapter's numeric settings as one typed table: the defaults, the ranges, and the checks that
 * controls, the command line and (later) URLs share, so a bad value always gets the same message.
 */
export interface ParameterSpec {
  label: string;
  value: number; // default
  min: number;
  max: number;
  step?: number;
  integer?: boolean;
  log?: boolean; // show on a log scale
  description?: string;
}

export type ParameterSpecs = Record<string, ParameterSpec>;
export type ParameterValues<S extends ParameterSpecs> = {[K in keyof S]: number};

/** The seed every experiment takes: a whole number in mulberry32's 32-bit range, 1 by default. */
export function seedParameter(description: string): ParameterSpec & {integer: true} {
  return {label: "seed", value: 1, min: 0, max: 4294967295, step: 1, integer: true, description};
}

/** The default of every parameter. */
export function defaultParameters<S extends ParameterSpecs>(specs: S): ParameterValues<S> {
  return Object.fromEntries(Object.entries(specs).map(([key, spec]) => [key, spec.value])) as ParameterValues<S>;
}

/** What is wrong with one value, or undefined when it is fine. */
export function parameterProblem(spec: ParameterSpec, value: unknown): string | undefined {
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof number !== "number" || !Number.isFinite(number)) return `${spec.label} must be a number, not ${JSON.stringify(value)}`;
  if (spec.integer && !Number.isInteger(number)) return `${spec.label} must be a whole number, not ${number}`;
  if (number < spec.min || number > spec.max) return `${spec.label} must be between ${spec.min} and ${spec.max}, not ${number}`;
  return undefined;
}

/** Checks every given value; a bad one is named in `problems` and replaced by its default. */
export function checkParameters<S extends ParameterSpecs>(specs: S, input: Partial<Record<keyof S, unknown>>): {values: ParameterValues<S>; problems: string[]} {
  const values = defaultParameters(specs);
  const problems: string[] = [];
  for (const key of Object.keys(input) as (keyof S & string)[]) {
    if (!(key in specs)) {
      problems.push(`unknown setting "${key}"`);
      continue;
    }
    if (input[key] === undefined) continue;
    const problem = parameterProblem(specs[key], input[key]);
    if (problem) problems.push(problem);
    else (values as Record<string, number>)[key] = Number(input[key]);
  }
  return {values, problems};
}

/** A setting out of range or of the wrong type. */
export class ParameterError extends RangeError {
  constructor(readonly problems: string[]) {
    super(problems.join("; "));
    this.name = "ParameterError";
  }
}

/** Like checkParameters, but throws a ParameterError naming every bad value. */
export function requireParameters<S extends ParameterSpecs>(specs: S, input: Partial<Record<keyof S, unknown>>): ParameterValues<S> {
  const {values, problems} = checkParameters(specs, input);
  if (problems.length) throw new ParameterError(problems);
  return values;
}
