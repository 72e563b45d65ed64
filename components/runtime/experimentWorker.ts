/**
 * The worker the chapters compute in, so that a page's thread only draws: its own esbuild entry
 * (src/_build/experimentWorker.js), started by experimentHost.ts. Here the backend is chosen by the course's
 * one backend module (runtime.ts: the ladder, ?backend=, a lost GPU device), a chapter's functions are
 * called and its trainers built and kept, and every answer goes back as plain data. A chapter's code loads
 * only when its page first asks for it.
 */
import {messageOf, simulateDeviceLoss, tensorMemory, watchBackend} from "./runtime.js";
import type {Encoded, HostMessage, WorkerMessage} from "./experimentHost.js";

/** Every module a page may call into, by the name experimentHost.ts's inWorker() uses. */
const MODULES: Record<string, () => Promise<Record<string, unknown>>> = {
  bilinearHandshake: () => import("../chapters/01-bilinear-handshake/bilinearHandshake.js"),
  loudFrame: () => import("../chapters/02-loud-frame/loudFrame.js"),
  grounding: () => import("../chapters/03-grounding/grounding.js"),
  bindingCoAttention: () => import("../chapters/03-grounding/bindingCoAttention.js"),
  channelAttention: () => import("../chapters/04-channel-attention/channelAttention.js"),
  multiScale: () => import("../chapters/05-multi-scale/multiScale.js"),
  attentionTiming: () => import("../chapters/06-cost/attentionTiming.js"),
  attentionAtSize: () => import("../chapters/06-cost/attentionAtSize.js"),
  topKError: () => import("../chapters/06-cost/topKError.js"),
  tokenPruning: () => import("../chapters/06-cost/tokenPruning.js"),
  coAttentionSVD: () => import("../chapters/07-svd/coAttentionSVD.js"),
  rademacher: () => import("../chapters/08-rademacher/rademacher.js"),
  rademacherBounds: () => import("../chapters/08-rademacher/evaluateBounds.js"),
  asrRescoring: () => import("../chapters/09-asr-rescoring/asrRescoring.js"),
  maskedTextTable: () => import("../chapters/10-text-table/maskedTextTable.js"),
  pocketLigand: () => import("../chapters/11-pocket-ligand/pocketLigand.js"),
  plasticity: () => import("../chapters/12-plasticity/plasticity.js"),
  vlm: () => import("../chapters/13-vlm/vlmTrainer.js"),
  attentionBenchmark: () => import("./attentionBenchmark.js"),
  runtime: () => import("./runtime.js")
};

type Kept = {dispose?(): void; snapshot?(): unknown; step?: number; steps?: number; advance?(count: number): Promise<void>} & Record<string, unknown>;
const kept = new Map<number, Kept>(); // objects a page holds a handle to (a trainer), by the id of the request that made them
const signals = new Map<number, AbortController>(); // by the id of the signal the page sent
let stopWatching: (() => void) | undefined;
let backendChosen: Promise<void> | undefined; // resolves at the first report: no call runs before a backend does
const post = (message: WorkerMessage) => postMessage(message);

/** Turns the page's stand-ins back into what the function expects: a callback posts to the page, a signal aborts when the page's does (its id joins `opened`). */
function decode(value: Encoded, opened: number[]): unknown {
  if (value && typeof value === "object" && "$callback" in value) {
    const callback = value.$callback as number;
    return (...args: unknown[]) => post({type: "callback", callback, args});
  }
  if (value && typeof value === "object" && "$signal" in value) {
    const controller = new AbortController();
    signals.set(value.$signal as number, controller);
    opened.push(value.$signal as number);
    return controller.signal;
  }
  if (value && typeof value === "object" && "$options" in value) return Object.fromEntries(Object.entries(value.$options as Record<string, Encoded>).map(([key, item]) => [key, decode(item, opened)]));
  return value;
}

/** What the page learns about an object it keeps a handle to: its plain fields, and its training state if it trains. */
function describe(object: Kept, fields: string[]): Record<string, unknown> {
  return {fields: Object.fromEntries(fields.map((name) => [name, object[name]])), step: object.step, steps: object.steps, snapshot: object.snapshot?.()};
}

async function run(data: Extract<HostMessage, {type: "call"}>): Promise<unknown> {
  const opened: number[] = []; // the signals this call's arguments brought, dropped when it ends
  try {
    return await call(data, opened);
  } finally {
    for (const id of opened) signals.delete(id);
  }
}

async function call(data: Extract<HostMessage, {type: "call"}>, opened: number[]): Promise<unknown> {
  await backendChosen;
  let target: unknown;
  let self: unknown;
  if (data.handle !== undefined) {
    target = kept.get(data.handle);
    if (!target) throw Object.assign(new Error("this model was freed: a newer setting replaced it"), {name: "AbortError"});
  } else {
    const load = MODULES[data.module!];
    if (!load) throw new Error(`no module "${data.module}" in the experiment worker`);
    target = await load();
  }
  for (const name of data.path) {
    self = target;
    target = (target as Record<string, unknown>)[name];
  }
  const args = data.args.map((arg) => decode(arg, opened));
  if (data.construct) {
    const object = new (target as new (...args: unknown[]) => Kept)(...args);
    kept.set(data.id, object);
    return describe(object, data.fields ?? []);
  }
  if (typeof target !== "function") return target;
  const result = await (target as (...args: unknown[]) => unknown).apply(self, args);
  if (data.keep) {
    kept.set(data.id, result as Kept);
    return describe(result as Kept, data.fields ?? []);
  }
  if (data.handle !== undefined && data.path.length === 1 && data.path[0] === "advance") return describe(kept.get(data.handle)!, []);
  return result;
}

onmessage = ({data}: MessageEvent<HostMessage>) => {
  switch (data.type) {
    case "backend": {
      stopWatching?.();
      let chosen: () => void;
      backendChosen ??= new Promise<void>((resolve) => (chosen = resolve));
      stopWatching = watchBackend(data.request, (report) => (chosen?.(), post({type: "report", report})), {wasmPaths: data.wasmPaths});
      return;
    }
    case "call":
      run(data).then(
        (value) => post({type: "reply", id: data.id, value}),
        (error) => post({type: "reply", id: data.id, error: messageOf(error), name: (error as Error)?.name})
      );
      return;
    case "abort":
      signals.get(data.signal)?.abort(Object.assign(new Error("replaced by a newer setting"), {name: "AbortError"}));
      return;
    case "dispose":
      kept.get(data.handle)?.dispose?.(); // a chunk still in flight notices and returns (each trainer checks after its read-back)
      kept.delete(data.handle);
      return;
    case "memory":
      post({type: "reply", id: data.id, value: tensorMemory()});
      return;
    case "loseDevice":
      post({type: "reply", id: data.id, value: simulateDeviceLoss()});
      return;
  }
};
