import {CellError} from "./editableCells.js";
import {element} from "../controls/element.js";
import type {CellOutcome} from "./runCellInWorker.js";
import type {CodeEditor} from "./codeEditor.js";
import {messageOf} from "../runtime/messageOf.js";

export interface CodeCellOptions {
  name: string; // the cell's name in EDITABLE_CELLS; the link keeps an edited version as ?cell.<name>=…
  title: string; // "the plasticity rule"
  original: string; // the code that runs by default, exactly as the page runs it
  editor: string; // URL of the editor bundle (src/course.js's editorModule), loaded when the reader edits
  run: (source: string, signal: AbortSignal) => Promise<CellOutcome>; // runCellInWorker with the chapter's settings
}

/** The value a CodeCell holds: null while the original runs, else the reader's code and what it computed. */
export type CodeCellValue = {source: string; outcome: CellOutcome} | null;

/** Sources the reader ran in this tab by clicking Run: a cell re-created by a new setting runs them again; code that only came with a link never runs unasked. */
const ranHere = new Map<string, string>();

const BACKEND_NAMES: Record<string, string> = {wasm: "WASM", cpu: "CPU"};

/** Base64url of the UTF-8 text, for the link. */
function encode(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decode(text: string): string {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder("utf-8", {fatal: true}).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/**
 * The function behind a figure, shown as code the reader can edit and run. Edit loads CodeMirror;
 * Run computes the figure again with the reader's version in a Web Worker (runaway code is stopped
 * there); Reset goes back to the original; "show my changes" diffs against it in place. A failure is
 * named here and the figure keeps the original. The value (for Framework's view()) is null while the
 * original runs, else the reader's source and its outcome. An edited version travels in the link, but
 * a link's code is only shown: it runs when the reader presses Run.
 */
export function CodeCell({name, title, original, editor: editorModule, run}: CodeCellOptions): HTMLElement & {value: CodeCellValue} {
  const param = `cell.${name}`;
  const code = element("div", {class: "code-cell-code"}, element("pre", {class: "code-excerpt"}, element("code", {}, original)));
  const edit = element("button", {type: "button", class: "edit"}, "Edit this code");
  const runButton = element("button", {type: "button", class: "run", disabled: true, title: "Ctrl+Enter in the editor"}, "Run");
  const reset = element("button", {type: "button", class: "reset", disabled: true}, "Reset to original");
  const changes = element("input", {type: "checkbox", class: "changes", disabled: true});
  const status = element("p", {class: "code-cell-status", role: "status", "aria-live": "polite", "data-state": "original"}, `This is the code that computes the figure. Edit it and run it to see ${title} your way.`);
  const root = element(
    "section",
    {class: "code-cell", "data-cell": name, "aria-label": `editable code: ${title}`},
    code,
    element("div", {class: "code-cell-actions"}, edit, runButton, reset, element("label", {}, changes, " show my changes")),
    status
  ) as unknown as HTMLElement & {value: CodeCellValue};
  root.value = null;
  // The editor's and the checkbox's own input events are not the cell's: only setValue announces a new value to view().
  root.addEventListener("input", (event) => event.target !== root && event.stopImmediatePropagation());

  let editor: CodeEditor | undefined;
  let running: AbortController | undefined;
  const say = (state: string, text: string) => {
    status.dataset.state = state;
    status.textContent = text;
  };
  const setValue = (value: CodeCellValue) => {
    if (root.value === null && value === null) return;
    root.value = value;
    root.dispatchEvent(new Event("input", {bubbles: true}));
  };
  const setLink = (source: string | undefined) => {
    const url = new URL(location.href);
    if (source === undefined) url.searchParams.delete(param);
    else url.searchParams.set(param, encode(source));
    history.replaceState(history.state, "", url);
  };

  const openEditor = async (text: string): Promise<CodeEditor | undefined> => {
    if (editor) return editor;
    edit.disabled = true;
    say("loading", "Loading the editor…");
    try {
      const {createCodeEditor} = (await import(new URL(editorModule, location.href).href)) as typeof import("./codeEditor.js");
      const dark = matchMedia("(prefers-color-scheme: dark)").matches;
      const holder = element("div", {class: "code-cell-editor"});
      code.replaceChildren(holder);
      editor = createCodeEditor(holder, {doc: text, original, label: `code of ${title}`, dark, onChange: () => (reset.disabled = false)});
      holder.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          void runSource();
        }
      });
      edit.hidden = true;
      runButton.disabled = false;
      changes.disabled = false;
      reset.disabled = text === original;
      return editor;
    } catch (error) {
      edit.disabled = false;
      say("failed", `The editor could not load: ${messageOf(error)}. The figure shows the original code.`);
      return undefined;
    }
  };

  const runSource = async () => {
    if (!editor) return;
    const source = editor.value();
    running?.abort();
    const controller = (running = new AbortController());
    if (source === original) {
      ranHere.delete(name);
      setLink(undefined);
      say("original", "This is the original code; the figure shows what it computes.");
      setValue(null);
      return;
    }
    say("running", "Running your code in a separate worker…");
    runButton.disabled = true;
    try {
      const outcome = await run(source, controller.signal);
      if (controller.signal.aborted) return;
      ranHere.set(name, source);
      setLink(source);
      say("ran", `Your code ran in ${(outcome.ms / 1000).toFixed(1)} s on ${BACKEND_NAMES[outcome.backend] ?? outcome.backend} in a worker; the figures computed with it say so in their captions. The link now carries your code.`);
      setValue({source, outcome});
    } catch (error) {
      if (controller.signal.aborted) return;
      const kind = error instanceof CellError ? error.kind : "threw";
      say("failed", `${messageOf(error)}${kind === "timeout" ? "" : " The figure still shows the original code's result."}`);
      setValue(null);
    } finally {
      if (running === controller) runButton.disabled = false;
    }
  };

  edit.addEventListener("click", () => void openEditor(original));
  runButton.addEventListener("click", () => void runSource());
  reset.addEventListener("click", () => {
    running?.abort();
    editor?.setValue(original);
    reset.disabled = true;
    ranHere.delete(name);
    setLink(undefined);
    say("original", "Back to the original code; the figure shows what it computes.");
    setValue(null);
  });
  changes.addEventListener("change", () => editor?.showChanges(changes.checked));

  // A link may carry an edited version: show it, but run it only if the reader ran it in this tab already.
  const linked = new URLSearchParams(location.search).get(param);
  if (linked !== null) {
    let source: string | undefined;
    try {
      source = decode(linked);
    } catch {
      say("failed", `The link's code for ${title} could not be read, so the original is shown.`);
    }
    if (source !== undefined && source !== original) {
      void openEditor(source).then((opened) => {
        if (!opened) return;
        if (ranHere.get(name) === source) void runSource();
        else say("from-link", "This link carries edited code, shown above. It has not run: read it, then press Run to use it, or Reset to original.");
      });
    }
  }
  return root;
}
