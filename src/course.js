// The pages' one import: the bundled components (src/_build/course.js, made by `npm run bundle`)
// and the URLs of the WASM backend's binaries, which Framework copies into the build.
import {FileAttachment} from "observablehq:stdlib";

export * from "./_build/course.js";

// The code editor (CodeMirror) behind every editable cell, fetched only when a reader edits.
export const editorModule = FileAttachment("./_build/editor.js").href;

export const wasmPaths = {
  "tfjs-backend-wasm.wasm": FileAttachment("./_build/tfjs-backend-wasm.wasm").href,
  "tfjs-backend-wasm-simd.wasm": FileAttachment("./_build/tfjs-backend-wasm-simd.wasm").href,
  "tfjs-backend-wasm-threaded-simd.wasm": FileAttachment("./_build/tfjs-backend-wasm-threaded-simd.wasm").href
};
