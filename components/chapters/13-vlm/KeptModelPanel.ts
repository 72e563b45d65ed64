import {element} from "../../controls/element.js";
import {messageOf} from "../../runtime/messageOf.js";
import type {VlmKept} from "./vlmTrainer.js";

/** What the panel shows of a run: whether it has finished, and whether it is kept in this browser. */
export interface KeptRun {
  finished: boolean;
  kept?: VlmKept;
}

export interface KeptModelOptions {
  run: () => KeptRun; // the run's state now
  subscribe: (listener: () => void) => void; // calls the listener as the run goes on (the page unsubscribes when it draws the panel anew)
  retrain: () => Promise<void>; // forget the kept run and train anew
  download: () => Promise<void>; // save the finished run as files
  load: (files: File[]) => Promise<string>; // take a model from files; resolves to what happened, in words
}

/** A sentence on where the run is kept, from its `kept` record. */
function keptSentence({finished, kept}: KeptRun): string {
  const when = (iso?: string) => (iso ? new Date(iso).toLocaleString() : "earlier");
  if (kept?.state === "restored") return `Restored from this browser's storage (trained ${when(kept.savedAt)}${kept.trainedOn ? ` on ${kept.trainedOn}` : ""}): nothing was trained this time. Press “Train again” to watch it learn.`;
  if (kept?.state === "saved") return "Kept in this browser (its IndexedDB storage, through tfjs): open the page again with these settings and it skips training.";
  if (kept?.state === "unsaved") return kept.message ?? "This run is not kept in this browser.";
  return finished ? "This run is not kept in this browser." : "When the run finishes, it is kept in this browser, so a later visit with the same settings skips training.";
}

/**
 * Keep a model: where the run is kept, and buttons to train again, download the finished models as files (tfjs's
 * model.json layout) and load such files back. Nothing leaves the machine: the files are the reader's own.
 */
export function KeptModelPanel({run, subscribe, retrain, download, load}: KeptModelOptions): HTMLElement {
  const status = element("p", {class: "kept-model-status", role: "status"});
  const problem = element("p", {class: "kept-model-problem", role: "alert", hidden: true});
  const say = (text: string, {error = false} = {}) => {
    problem.hidden = !error;
    problem.textContent = error ? text : "";
    if (!error) status.textContent = text;
  };
  const busy = (button: HTMLButtonElement, work: () => Promise<unknown>) => async () => {
    button.disabled = true;
    try {
      await work();
    } catch (error) {
      say(messageOf(error), {error: true});
    } finally {
      button.disabled = false;
      refresh();
    }
  };
  const retrainButton = element("button", {type: "button"}, "Train again") as HTMLButtonElement;
  retrainButton.addEventListener("click", busy(retrainButton, retrain));
  const downloadButton = element("button", {type: "button"}, "Download the models") as HTMLButtonElement;
  downloadButton.addEventListener("click", busy(downloadButton, download));
  const files = element("input", {type: "file", multiple: true, accept: ".json,.bin,application/json,application/octet-stream", "aria-label": "load a model: its .json and .weights.bin together"}) as HTMLInputElement;
  files.addEventListener("change", async () => {
    const chosen = [...(files.files ?? [])];
    files.value = ""; // the same files may be chosen again
    if (chosen.length === 0) return;
    try {
      say(await load(chosen));
    } catch (error) {
      say(messageOf(error), {error: true});
    }
  });
  const refresh = () => {
    const now = run();
    status.textContent = keptSentence(now);
    downloadButton.disabled = !now.finished;
    downloadButton.title = now.finished ? "the three models' weights, settings and record: a .json and a .weights.bin" : "available once the run finishes";
  };
  refresh();
  subscribe(refresh);
  return element("div", {class: "kept-model"}, status, problem,
    element("div", {class: "kept-model-actions"}, retrainButton, downloadButton, element("label", {class: "kept-model-load"}, "Load a model (its .json and .weights.bin together): ", files)));
}
