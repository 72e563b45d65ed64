/**
 * The worker an edited cell runs in (runCellInWorker), bundled to src/_build/cellWorker.js. It is a
 * file of the site, not a blob: made by the page, so the page's Content-Security-Policy (which forbids
 * eval) does not pass to it, and `compileCell` may turn the reader's text into a function here. It
 * imports cellRunner.js, whose URL the page sends, and runs the chapter's code on WASM or CPU.
 */
interface CellMessage {
  runner: string; // the URL of src/_build/cellRunner.js (components/editing/cellRunner.ts)
  cell: string;
  source: string;
  config: Record<string, unknown>;
  backend: "wasm" | "cpu";
  wasmPaths: Record<string, string>;
}

onmessage = async ({data}: MessageEvent<CellMessage>) => {
  let messageOf = (error: unknown) => String(error);
  try {
    const course = (await import(data.runner)) as typeof import("./cellRunner.js");
    messageOf = course.messageOf;
    const report = await course.useBackend(data.backend, {wasmPaths: data.wasmPaths});
    const started = performance.now();
    const result = await course.runEditedCell(data.cell, data.source, data.config);
    postMessage({ok: true, result, backend: report.backend, ms: performance.now() - started});
  } catch (error) {
    postMessage({ok: false, kind: (error as {kind?: string})?.kind ?? "threw", message: messageOf(error)});
  }
};
