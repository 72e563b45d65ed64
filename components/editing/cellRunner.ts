/**
 * What the edited-cell worker (cellWorker.ts) imports to run a reader's cell: its own esbuild entry
 * (src/_build/cellRunner.js), fetched only when a reader runs an edit.
 */
export {useBackend, messageOf} from "../runtime/runtime.js";
export {runEditedCell} from "./runEditedCell.js";
