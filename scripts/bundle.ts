/**
 * Bundles components/course.ts (tfjs, its backends, Plot and the course's components) into
 * src/_build/course.js for the pages, components/chapters/08-rademacher/math.ts (the part of mathjs a page evaluates
 * formulas with) into src/_build/math.js for the pages that need it, components/editing/codeEditor.ts
 * (CodeMirror, loaded when a reader edits a cell) into src/_build/editor.js, components/editing/cellWorker.ts
 * (the worker an edited cell runs in) into src/_build/cellWorker.js, copies the WASM backend's binaries
 * beside them, and writes the course's fonts (scripts/courseFonts.ts).
 * `--watch` rebuilds on every change, for live reload in `npm run dev`; there is no sw.js then, so
 * that bundle does not register the service worker (SERVICE_WORKER_BUILD, components/runtime/registerServiceWorker.ts).
 */
import {copyFileSync, mkdirSync} from "node:fs";
import * as esbuild from "esbuild";
import {writeCourseFonts} from "./courseFonts.js";

const OUT = "src/_build";
const WASM = ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"];

mkdirSync(OUT, {recursive: true});
for (const file of WASM) copyFileSync(`node_modules/@tensorflow/tfjs-backend-wasm/dist/${file}`, `${OUT}/${file}`);
await writeCourseFonts();

const watch = process.argv.includes("--watch");
const options: esbuild.BuildOptions = {
  entryPoints: {course: "components/course.ts", math: "components/chapters/08-rademacher/math.ts", editor: "components/editing/codeEditor.ts", cellWorker: "components/editing/cellWorker.ts"},
  outdir: OUT,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  legalComments: "none",
  define: {"process.env.NODE_ENV": '"production"', SERVICE_WORKER_BUILD: String(!watch)},
  // The WASM backend's Emscripten glue mentions Node modules it never loads in a browser.
  external: ["fs", "path", "worker_threads", "perf_hooks", "os", "crypto"],
  logLevel: "warning"
};

if (watch) {
  const context = await esbuild.context({...options, logLevel: "info"});
  await context.watch();
} else {
  await esbuild.build(options);
}
