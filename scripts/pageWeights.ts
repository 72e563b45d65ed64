/**
 * What each page's JavaScript weighs before its first result: the page's entry bundle with every chunk it
 * imports statically (what the browser must fetch before the entry runs), gzip-compressed as a static host
 * sends it. Built in memory with scripts/bundle.ts's own options, so the numbers are those of `npm run build`
 * and deterministic. Chunks loaded with import() later (KaTeX, CodeMirror, mathjs, the home page's demo) are
 * not counted; a page that computes (all but the home page) also counts the WASM backend's chunks, which it
 * loads before its first result on the fallback path. A chapter that trains in the experiment worker
 * (components/runtime/experimentWorker.ts) counts what the worker fetches for it too: the worker's entry with its
 * static imports, the WASM backend, and the chunk of the chapter's own code the worker loads.
 */
import {readFileSync} from "node:fs";
import {gzipSync} from "node:zlib";
import * as esbuild from "esbuild";
import {BUILD_OUT, bundleOptions, pageEntries} from "./bundleOptions.js";

export interface PageWeight {
  gzipBytes: number; // of all files below, each compressed on its own
  files: string[]; // the entry, then its static imports, as paths in src/_build/
  computes: boolean; // whether tfjs-core is among them
  worker: boolean; // whether the page computes in the experiment worker (its files are among them)
  tfjsOnPage: boolean; // whether tfjs-core loads on the page's own thread
}

/** Each page's weight, by entry name (page-index, page-01-bilinear-handshake, …), with what src/course.js imports statically where the page uses it. */
export async function pageWeights(): Promise<Record<string, PageWeight>> {
  const {split} = bundleOptions({serviceWorker: true});
  const result = await esbuild.build({...split, write: false, metafile: true, logLevel: "silent"});
  const contents = new Map(result.outputFiles.map((file) => [file.path.slice(file.path.indexOf(BUILD_OUT)), file.contents]));
  const outputs = result.metafile.outputs;
  const closure = (start: string): string[] => {
    const seen = new Set<string>();
    const visit = (path: string) => {
      if (seen.has(path)) return;
      seen.add(path);
      for (const edge of outputs[path]?.imports ?? []) if (edge.kind === "import-statement" && !edge.external) visit(edge.path);
    };
    visit(start);
    return [...seen];
  };
  const wasmBackend = Object.keys(outputs).find((path) => Object.keys(outputs[path].inputs).some((input) => input.includes("node_modules/@tensorflow/tfjs-backend-wasm/")));
  if (!wasmBackend) throw new Error("no chunk holds the WASM backend");
  const dynamicImports = (path: string) => (outputs[path]?.imports ?? []).filter((edge) => edge.kind === "dynamic-import" && !edge.external).map((edge) => edge.path);
  const shim = readFileSync("src/course.js", "utf-8"); // what src/course.js imports from the bundle, statically
  const shimImports = [...shim.matchAll(/^import [^;]* from "\.\/_build\/([\w-]+\.js)";/gm)].map(([, file]) => `${BUILD_OUT}/${file}`);
  const weights: Record<string, PageWeight> = {};
  for (const name of Object.keys(pageEntries())) {
    const page = readFileSync(name === "page-index" ? "src/index.md" : name === "page-machine" ? "src/machine.md" : `src/chapters/${name.slice(5)}.md`, "utf-8");
    const usesShim = /from "(\.\.?\/)course\.js"/.test(page);
    const worker = /\bexperimentWorker\b/.test(page);
    const chapterCode = `components/chapters/${name.slice("page-".length)}/`;
    const workerFiles = worker ? [...closure(`${BUILD_OUT}/experimentWorker.js`), ...dynamicImports(`${BUILD_OUT}/experimentWorker.js`).filter((path) => Object.keys(outputs[path].inputs).some((input) => input.startsWith(chapterCode))).flatMap(closure)] : [];
    const holdsTfjs = (path: string) => Object.keys(outputs[path].inputs).some((input) => input.includes("node_modules/@tensorflow/tfjs-core/"));
    const tfjsOnPage = closure(`${BUILD_OUT}/${name}.js`).some(holdsTfjs);
    const own = [...closure(`${BUILD_OUT}/${name}.js`), ...workerFiles];
    const computes = own.some(holdsTfjs);
    const files = [...new Set([...own, ...(usesShim ? shimImports.flatMap(closure) : []), ...(computes ? closure(wasmBackend) : [])])];
    weights[name] = {gzipBytes: files.reduce((sum, file) => sum + gzipSync(contents.get(file)!, {level: 9}).length, 0), files, computes, worker, tfjsOnPage};
  }
  return weights;
}
