import {CellError, type CellFailure} from "./editableCells.js";
import {absoluteWasmPaths, type BackendName, type WasmPaths} from "../runtime/backends.js";

export interface CellRequest {
  cell: string; // a name of EDITABLE_CELLS, like "plasticity.rule"
  source: string; // the reader's function
  config: Record<string, unknown>; // the chapter's settings, as plain data
  backend: BackendName; // the page's backend; a worker runs WASM or CPU (WebGPU and WebGL stay with the page)
  wasmPaths?: WasmPaths; // URLs of the WASM binaries, resolved against the page
  timeoutMs?: number; // default 20 s
  signal?: AbortSignal; // a newer run or setting stops this one
  worker: string; // URL of src/_build/cellWorker.js (components/editing/cellWorker.ts); src/course.js supplies it
  runner: string; // URL of src/_build/cellRunner.js (components/editing/cellRunner.ts), which the worker imports; src/course.js supplies it
}

export interface CellOutcome {
  result: unknown;
  backend: BackendName; // where it ran, in the worker
  ms: number;
}

/** The backend a worker uses for a page on `backend`: WASM or CPU as the page has them, else WASM. */
export function workerBackend(backend: BackendName): BackendName {
  return backend === "cpu" || backend === "wasm" ? backend : "wasm";
}

/**
 * Runs an edited cell in a Web Worker of its own: the reader's code cannot block the page, and a
 * run past `timeoutMs` (an endless loop, say) is stopped by terminating the worker. Rejects with a
 * CellError that says what went wrong.
 */
export function runCellInWorker({cell, source, config, backend, wasmPaths = {}, timeoutMs = 20_000, signal, worker: workerUrl, runner}: CellRequest): Promise<CellOutcome> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CellError("stopped", "This run was replaced before it started."));
    const worker = new Worker(new URL(workerUrl, location.href), {type: "module", name: `cell ${cell}`});
    const finish = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", stop);
      worker.terminate();
    };
    const fail = (kind: CellFailure, message: string) => {
      finish();
      reject(new CellError(kind, message));
    };
    const timer = setTimeout(() => fail("timeout", `Your code ran for more than ${timeoutMs / 1000} s, so it was stopped (an endless loop?). The figure still shows the original.`), timeoutMs);
    const stop = () => fail("stopped", "This run was replaced by a newer one.");
    signal?.addEventListener("abort", stop);
    worker.onmessage = ({data}) => {
      finish();
      if (data.ok) resolve({result: data.result, backend: data.backend, ms: data.ms});
      else reject(new CellError(data.kind, data.message));
    };
    worker.onerror = (event) => fail("worker", `The worker that runs your code failed to start: ${event.message || "unknown error"}.`);
    worker.postMessage({runner: new URL(runner, location.href).href, cell, source, config, backend: workerBackend(backend), wasmPaths: absoluteWasmPaths(wasmPaths)});
  });
}
