/**
 * Bundles the browser's code into src/_build/ with esbuild's code splitting:
 * - one entry per page, `page-<page>.js` (the page's `page.ts`: components/home/page.ts for the home page,
 *   components/runtime/machinePage.ts for Your machine, components/chapters/NN-slug/page.ts for each chapter),
 *   which the page imports and nothing else does;
 * - shared code (tfjs-core, Plot, the controls and figures) in `chunk-<hash>.js` files that every page that
 *   needs them shares, so a reader's browser fetches them once; tfjs's backends are chunks of their own,
 *   loaded on demand by components/runtime/runtime.ts;
 * - `texWorker.js`, the worker that draws the formulas a page computes (components/figures/tex.ts), with KaTeX;
 * - `runCellInWorker.js` and `cellRunner.js` (an edited cell's worker side), loaded only by the pages or workers
 *   that need them; the part of mathjs chapter 8 evaluates formulas with is a chunk the experiment worker
 *   loads when that page first asks it to evaluate them (components/chapters/08-rademacher/evaluateBounds.ts).
 * The code editor (CodeMirror, fetched when a reader edits) and the edited cell's worker script are files
 * the pages fetch by URL, so they are built whole, with no chunks. The WASM backend's binaries are copied
 * beside them and the course's fonts written (scripts/courseFonts.ts).
 * `--watch` rebuilds on every change, for live reload in `npm run dev`; there is no sw.js then, so
 * that bundle does not register the service worker (SERVICE_WORKER_BUILD, components/runtime/registerServiceWorker.ts).
 */
import {copyFileSync, mkdirSync, rmSync} from "node:fs";
import * as esbuild from "esbuild";
import {writeCourseFonts} from "./courseFonts.js";
import {BUILD_OUT as OUT, bundleOptions} from "./bundleOptions.js";

const WASM = ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"];
const watch = process.argv.includes("--watch");
const {split, whole} = bundleOptions({serviceWorker: !watch});

if (!watch) rmSync(OUT, {recursive: true, force: true}); // no stale chunk outlives the build that made it
mkdirSync(OUT, {recursive: true});
for (const file of WASM) copyFileSync(`node_modules/@tensorflow/tfjs-backend-wasm/dist/${file}`, `${OUT}/${file}`);
await writeCourseFonts();
if (watch) {
  for (const options of [split, whole]) await (await esbuild.context({...options, logLevel: "info"})).watch();
} else {
  await Promise.all([esbuild.build(split), esbuild.build(whole)]);
}
