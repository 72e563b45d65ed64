/**
 * Every chapter's editable cell by name, and running one with the reader's source in place of the
 * original: what the worker behind a CodeCell does, and what the tests call in Node.
 */
import {CellError, compileCell, lineOfError, sentence, type EditableCell} from "./editableCells.js";
import {PLASTICITY_CELL} from "./plasticity.js";
import {messageOf} from "./messageOf.js";

export const EDITABLE_CELLS: Record<string, EditableCell> = {
  "plasticity.rule": PLASTICITY_CELL
};

/** Recomputes a cell's figure with `source` compiled in place of the original function. */
export async function runEditedCell(name: string, source: string, config: Record<string, unknown>): Promise<unknown> {
  const cell = EDITABLE_CELLS[name];
  if (!cell) throw new CellError("worker", `There is no editable cell "${name}" (cells: ${Object.keys(EDITABLE_CELLS).join(", ")}).`);
  const fn = compileCell(source);
  try {
    return await cell.run(fn, config);
  } catch (error) {
    if (error instanceof CellError) throw error;
    const line = lineOfError(error);
    throw new CellError("threw", `With your code the computation failed${line ? ` (line ${line} of your code)` : ""}: ${sentence(messageOf(error))}`);
  }
}
