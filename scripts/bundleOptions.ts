/**
 * How scripts/bundle.ts builds the browser's code, shared with the byte-budget test (test/unit/pageBudgets.test.ts),
 * which builds the same entries in memory to weigh what each page fetches.
 */
import {existsSync, readdirSync} from "node:fs";
import type * as esbuild from "esbuild";

export const BUILD_OUT = "src/_build";

/**
 * Every page's entry module, by the name of the bundle made of it in src/_build/:
 * page-index.js for src/index.md, page-machine.js for src/machine.md, page-01-bilinear-handshake.js for chapter 1.
 * A chapter's folder gets its entry once its page exists (src/chapters/<folder>.md), as the sidebar lists it.
 */
export function pageEntries(): Record<string, string> {
  const entries: Record<string, string> = {"page-index": "components/home/page.ts", "page-machine": "components/runtime/machinePage.ts"};
  for (const folder of readdirSync("components/chapters").sort()) if (existsSync(`src/chapters/${folder}.md`)) entries[`page-${folder}`] = `components/chapters/${folder}/page.ts`;
  return entries;
}

/** `split`: the pages' entries and the modules they load later, sharing chunks; `whole`: files fetched by URL, built with no chunks. */
export function bundleOptions({serviceWorker}: {serviceWorker: boolean}): {split: esbuild.BuildOptions; whole: esbuild.BuildOptions} {
  const common: esbuild.BuildOptions = {
    outdir: BUILD_OUT,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    define: {"process.env.NODE_ENV": '"production"', SERVICE_WORKER_BUILD: String(serviceWorker)},
    // The WASM backend's Emscripten glue mentions Node modules it never loads in a browser.
    external: ["fs", "path", "worker_threads", "perf_hooks", "os", "crypto"],
    logLevel: "warning"
  };
  return {
    split: {
      ...common,
      entryPoints: {...pageEntries(), "home-demo": "components/home/demo.ts", experimentWorker: "components/runtime/experimentWorker.ts", experimentHost: "components/runtime/experimentHost.ts", texWorker: "components/figures/texWorker.ts", runCellInWorker: "components/editing/runCellInWorker.ts", cellRunner: "components/editing/cellRunner.ts"},
      splitting: true,
      chunkNames: "chunk-[hash]"
    },
    whole: {...common, entryPoints: {editor: "components/editing/codeEditor.ts", cellWorker: "components/editing/cellWorker.ts"}}
  };
}
