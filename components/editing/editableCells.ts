/**
 * What every editable cell shares: a cell is one function expression of a chapter's module (its
 * `// #region cell`), shown on the page; the reader's version is compiled here, checked call by call,
 * and its failures named in words a reader can act on. Framework-free: it runs in a Web Worker
 * (runCellInWorker), so a runaway edit can be stopped, and in Node for the tests.
 */
import {messageOf} from "../runtime/messageOf.js";

/** The text as one sentence: with a full stop at the end, never two. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** What went wrong with an edited cell, in words a reader can act on. */
export type CellFailure = "syntax" | "not-a-function" | "threw" | "shape" | "timeout" | "stopped" | "worker";

export class CellError extends Error {
  name = "CellError";
  constructor(readonly kind: CellFailure, message: string) {
    super(message);
  }
}

/** One editable cell: what it is called, and how its chapter's figure is computed with a given version of the function. */
export interface EditableCell {
  title: string; // "the plasticity rule"
  file: string; // its source: components/chapters/<chapter>/cells/<file>, which the page shows as code["cells/<file>"]
  /** Recomputes the figure's data with `fn` in place of the original; the result must survive structured cloning. */
  run(fn: (...args: never[]) => unknown, config: Record<string, unknown>): Promise<unknown> | unknown;
}

/** Where a reader's code starts inside the Function it is compiled to: stack lines minus this are the reader's lines. */
const PREAMBLE = '"use strict";\nreturn (\n';

/** The reader's text as a function, or a CellError saying why it is not one. */
export function compileCell(source: string): (...args: never[]) => unknown {
  let value: unknown;
  try {
    value = new Function(`${PREAMBLE}${source}\n);`)();
  } catch (error) {
    throw new CellError("syntax", `Your code does not parse: ${sentence(messageOf(error))}`);
  }
  if (typeof value !== "function") throw new CellError("not-a-function", `The cell must be one function expression, as the original is (function name(…) { … }), not ${value === null ? "null" : typeof value}.`);
  return value as (...args: never[]) => unknown;
}

/** The line of the reader's code an error was thrown from, where the stack says (Chrome and Node: "<anonymous>:line:column"). */
export function lineOfError(error: unknown): number | undefined {
  const match = /<anonymous>:(\d+):\d+/.exec(error instanceof Error ? error.stack ?? "" : "");
  if (!match) return undefined;
  const line = Number(match[1]) - 2 - PREAMBLE.split("\n").length + 1; // new Function puts "function anonymous(\n) {\n" before the body
  return line >= 1 ? line : undefined;
}

/**
 * Wraps the reader's function so that a wrong result is caught where it happens: `check` names what
 * is wrong with one output (or returns undefined), and an exception inside the reader's code is
 * reported with its line.
 */
export function checkedCell<A extends unknown[], R>(fn: (...args: never[]) => unknown, check: (output: unknown, ...args: A) => string | undefined): (...args: A) => R {
  return (...args: A) => {
    let output: unknown;
    try {
      output = (fn as (...args: A) => unknown)(...args);
    } catch (error) {
      if (error instanceof CellError) throw error;
      const line = lineOfError(error);
      throw new CellError("threw", `Your code threw ${error instanceof Error ? error.name : "an exception"}${line ? ` on line ${line}` : ""}: ${sentence(messageOf(error))}`);
    }
    const problem = check(output, ...args);
    if (problem) throw new CellError("shape", `Your code returned ${problem}.`);
    return output as R;
  };
}

/**
 * The text a page shows for a cell file (components/chapters/<chapter>/cells/): its function from the doc comment just
 * above `export function` to the end, without the `export` — one function expression, as compileCell
 * takes it, so the original is exactly what a reader starts editing.
 */
export function cellSource(fileText: string): string {
  const start = fileText.indexOf("export function ");
  if (start < 0) throw new Error("a cell file holds one exported function");
  const doc = fileText.lastIndexOf("/**", start);
  const from = doc >= 0 && fileText.slice(fileText.indexOf("*/", doc) + 2, start).trim() === "" ? doc : start;
  return (fileText.slice(from, start) + fileText.slice(start + "export ".length)).trim();
}

/** Stops a cell whose training went off the rails: names the first step whose loss is not a finite number (`what` the reader's function made, "scores", "gates"). */
export function requireFiniteLosses(losses: readonly number[], what: string): void {
  const bad = losses.findIndex((loss) => !Number.isFinite(loss));
  if (bad >= 0) throw new CellError("shape", `Your code's ${what} made the loss ${losses[bad]} at step ${bad + 1}: the ${what} must stay finite numbers.`);
}
