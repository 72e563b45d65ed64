// What every page takes from the site itself rather than from its bundle: URLs of files Framework
// copies into the build (the WASM backend's binaries, the code editor, the edited-cell worker and
// what it runs). Each page imports its own code from src/_build/page-<page>.js (made by `npm run bundle`).
import {FileAttachment} from "observablehq:stdlib";

// An edited cell runs in this worker, a file of the site (components/editing/cellWorker.ts), so that the page's
// Content-Security-Policy, which forbids eval, does not pass to the code that compiles the reader's text.
const cellWorker = FileAttachment("./_build/cellWorker.js").href;
const cellRunner = import.meta.resolve("./_build/cellRunner.js");
export const runCellInWorker = async (request) => (await import("./_build/runCellInWorker.js")).runCellInWorker({...request, worker: cellWorker, runner: cellRunner}); // fetched when a reader first runs an edit

// The worker chapters train in (components/runtime/experimentWorker.ts), a module of the site like the pages' bundles.
export const experimentWorker = import.meta.resolve("./_build/experimentWorker.js");

// The code editor (CodeMirror) behind every editable cell, fetched only when a reader edits.
export const editorModule = FileAttachment("./_build/editor.js").href;

export const wasmPaths = {
  "tfjs-backend-wasm.wasm": FileAttachment("./_build/tfjs-backend-wasm.wasm").href,
  "tfjs-backend-wasm-simd.wasm": FileAttachment("./_build/tfjs-backend-wasm-simd.wasm").href,
  "tfjs-backend-wasm-threaded-simd.wasm": FileAttachment("./_build/tfjs-backend-wasm-threaded-simd.wasm").href
};

// Starts the experiment worker above, and in it the backend the page's link asks for, while the page's own code still loads: a computing
// page's first cell calls it (components/runtime/experimentHost.ts). Fetched when called, so the home page never loads it.
export const startExperimentWorker = async () => (await import("./_build/experimentHost.js")).startExperimentWorker(experimentWorker, wasmPaths);
