// The pages' one import: the bundled components (src/_build/course.js, made by `npm run bundle`)
// and the URLs of the WASM backend's binaries, which Framework copies into the build.
import {FileAttachment} from "observablehq:stdlib";
import {runCellInWorker as runInWorker} from "./_build/course.js";

export * from "./_build/course.js";

// An edited cell runs in this worker, a file of the site (components/editing/cellWorker.ts), so that the page's
// Content-Security-Policy, which forbids eval, does not pass to the code that compiles the reader's text.
const cellWorker = FileAttachment("./_build/cellWorker.js").href;
export const runCellInWorker = (request) => runInWorker({...request, worker: cellWorker});

// The code editor (CodeMirror) behind every editable cell, fetched only when a reader edits.
export const editorModule = FileAttachment("./_build/editor.js").href;

export const wasmPaths = {
  "tfjs-backend-wasm.wasm": FileAttachment("./_build/tfjs-backend-wasm.wasm").href,
  "tfjs-backend-wasm-simd.wasm": FileAttachment("./_build/tfjs-backend-wasm-simd.wasm").href,
  "tfjs-backend-wasm-threaded-simd.wasm": FileAttachment("./_build/tfjs-backend-wasm-threaded-simd.wasm").href
};
