/**
 * The page's side of the experiment worker (experimentWorker.ts): a chapter's page calls its functions and
 * builds its trainers there, and draws the plain data they send back; tfjs itself never loads on the page.
 * One worker per page, started by watchBackendInWorker, which every computing page calls; a request made before
 * that waits for it. A page's first cell calls startExperimentWorker, so the worker and its backend start while the
 * page's own code (Plot, the figures) still loads.
 *
 * - inWorker(module, name) is the function `name` of a chapter module, run in the worker: its callbacks
 *   (onProgress, …) are called back on the page, and an AbortSignal among its options stops the worker's run.
 * - createInWorker / keepInWorker build an object there (a trainer) and return its stand-in: a Trainable that
 *   TrainingLoop drives, whose snapshot() is the last one the worker sent, whose listed fields are copied
 *   once, and whose listed methods, however deep (`comparison.full.example(row)`), run in the worker.
 *
 * For the console and the browser tests, globalThis.courseRuntime answers from the worker: memory() (a
 * promise of the worker's live tensor count), backend() and simulateDeviceLoss() (a promise).
 */
import {absoluteWasmPaths, backendInLink, type RuntimeReport, type WasmPaths} from "./backends.js";
import type {Trainable} from "./trainingLoop.js";

/** An argument as it crosses to the worker: functions and signals become stand-ins the worker turns back. */
export type Encoded = unknown;
export type HostMessage =
  | {type: "backend"; request: string | null | undefined; wasmPaths: WasmPaths}
  | {type: "call"; id: number; module?: string; handle?: number; path: string[]; args: Encoded[]; construct?: boolean; keep?: boolean; fields?: string[]}
  | {type: "abort"; signal: number}
  | {type: "dispose"; handle: number}
  | {type: "memory"; id: number}
  | {type: "loseDevice"; id: number};
export type WorkerMessage =
  | {type: "report"; report: RuntimeReport}
  | {type: "reply"; id: number; value?: unknown; error?: string; name?: string}
  | {type: "callback"; callback: number; args: unknown[]};

let worker: Worker | undefined;
let markStarted: (worker: Worker) => void;
const started = new Promise<Worker>((resolve) => (markStarted = resolve)); // a cell may ask before the page's runtime cell starts the worker: its request waits
let nextId = 1;
let latest: RuntimeReport | undefined;
let startedWith: string | undefined; // the backend startExperimentWorker asked for, until watchBackendInWorker takes over
const pending = new Map<number, {resolve: (value: any) => void; reject: (error: Error) => void}>();
const callbacks = new Map<number, (...args: unknown[]) => void>();
const listeners = new Set<(report: RuntimeReport) => void>();

function failAll(message: string): void {
  for (const {reject} of pending.values()) reject(new Error(message));
  pending.clear();
  const report: RuntimeReport = {backend: latest?.backend ?? "cpu", requested: "auto", adapter: {available: false}, messages: [message]};
  for (const listener of listeners) listener(report);
}

function start(url: string): Worker {
  if (worker) return worker;
  worker = new Worker(new URL(url, location.href), {type: "module", name: "experiments"});
  worker.onmessage = ({data}: MessageEvent<WorkerMessage>) => {
    if (data.type === "report") {
      latest = data.report;
      for (const listener of listeners) listener(data.report);
    } else if (data.type === "callback") {
      callbacks.get(data.callback)?.(...data.args);
    } else {
      const waiting = pending.get(data.id);
      pending.delete(data.id);
      if (data.error !== undefined) waiting?.reject(Object.assign(new Error(data.error), {name: data.name ?? "Error"}));
      else waiting?.resolve(data.value);
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    failAll(`The worker this page computes in failed: ${event.message || "it could not be loaded"}. Reload the page to try again.`);
  };
  (globalThis as unknown as {courseRuntime: unknown}).courseRuntime = {
    memory: () => send<{numTensors: number; numBytes: number}>({type: "memory"}),
    backend: () => latest?.backend,
    simulateDeviceLoss: () => send<boolean>({type: "loseDevice"})
  };
  return worker;
}

type Request = HostMessage extends infer M ? (M extends {id: number} ? Omit<M, "id"> : never) : never;

/** Posts a request and resolves with the worker's answer; `signal` rejects it at once with the signal's reason, and `settled` cleans up either way. */
function send<T>(message: Request, {signal, settled, id = nextId++}: {signal?: AbortSignal; settled?: () => void; id?: number} = {}): Promise<T> {
  if (signal?.aborted) {
    settled?.();
    return Promise.reject(signal.reason); // replaced before it started: nothing to ask the worker
  }
  const answer = new Promise<T>((resolve, reject) => {
    pending.set(id, {resolve, reject});
    signal?.addEventListener("abort", () => reject(signal.reason), {once: true});
    void started.then((running) => running.postMessage({...message, id}));
  });
  if (settled) answer.then(settled, settled); // (a handler for both outcomes, so no rejection goes unhandled here)
  return answer;
}

/** Replaces the functions and signals among a call's arguments (at the top level, or one level into an options object) with stand-ins. */
function encode(args: unknown[]): {args: Encoded[]; signal?: AbortSignal; release: () => void} {
  const mine: number[] = [];
  let signal: AbortSignal | undefined;
  const one = (value: unknown): Encoded => {
    if (typeof value === "function") {
      const id = nextId++;
      callbacks.set(id, value as (...args: unknown[]) => void);
      mine.push(id);
      return {$callback: id};
    }
    if (value instanceof AbortSignal) {
      const id = nextId++;
      signal = value;
      value.addEventListener("abort", () => worker?.postMessage({type: "abort", signal: id} satisfies HostMessage), {once: true});
      return {$signal: id};
    }
    return value;
  };
  const encoded = args.map((arg) => {
    if (arg && typeof arg === "object" && Object.getPrototypeOf(arg) === Object.prototype && Object.values(arg).some((item) => typeof item === "function" || item instanceof AbortSignal)) {
      return {$options: Object.fromEntries(Object.entries(arg).map(([key, item]) => [key, one(item)]))};
    }
    return one(arg);
  });
  return {args: encoded, signal, release: () => mine.forEach((id) => callbacks.delete(id))};
}

function call<T>(target: {module?: string; handle?: number}, path: string[], args: unknown[], {id, ...extra}: {construct?: boolean; keep?: boolean; fields?: string[]; id?: number} = {}): Promise<T> {
  const {args: encoded, signal, release} = encode(args);
  return send<T>({type: "call", ...target, path, args: encoded, ...extra}, {signal, settled: release, id});
}

/**
 * Like runtime.ts's watchBackend, with the backend chosen in the worker: reports the first choice and any
 * later switch (a lost GPU device). `worker` is the URL of src/_build/experimentWorker.js (src/course.js's
 * experimentWorker). Returns a function that stops listening.
 */
export function watchBackendInWorker(requested: string | null | undefined, onReport: (report: RuntimeReport) => void, {wasmPaths = {}, worker: url}: {wasmPaths?: WasmPaths; worker: string}): () => void {
  const running = start(url);
  listeners.add(onReport);
  if (startedWith !== undefined && startedWith === (requested ?? "auto")) {
    if (latest) onReport(latest); // the backend startExperimentWorker asked for is this one: its report, if it came, is the page's
  } else {
    running.postMessage({type: "backend", request: requested, wasmPaths: absoluteWasmPaths(wasmPaths)} satisfies HostMessage);
  }
  startedWith = undefined; // from now on, every request is the picker's
  markStarted(running); // requests made before this follow the backend's choice
  return () => listeners.delete(onReport);
}

/**
 * Starts the page's worker, and in it the backend the page's link asks for (what its picker will start with), at once:
 * a page's first cell calls it, before the page's own code has loaded, so tfjs and its WASM binary load in the worker
 * meanwhile. The picker's first request, through watchBackendInWorker, then finds that backend chosen or on its way.
 */
export function startExperimentWorker(url: string, wasmPaths: WasmPaths = {}): void {
  if (worker) return;
  startedWith = backendInLink(location.href);
  start(url).postMessage({type: "backend", request: startedWith, wasmPaths: absoluteWasmPaths(wasmPaths)} satisfies HostMessage);
}

/** The function `name` ("runGrounding", or "MultiScaleTrainer.create") of a module experimentWorker.ts lists, run in the worker. */
export function inWorker<F extends (...args: any[]) => unknown>(module: string, name: string): (...args: Parameters<F>) => Promise<Awaited<ReturnType<F>>> {
  return (...args) => call({module}, name.split("."), args);
}

interface Described {
  fields: Record<string, unknown>;
  step?: number;
  steps?: number;
  snapshot?: unknown;
}

/** A trainer, or any object the worker keeps, seen from the page. */
class RemoteModel implements Trainable {
  step: number;
  steps: number;
  private latest: unknown;
  private disposed = false;

  constructor(readonly handle: number, readonly fields: Record<string, unknown>, described: Described) {
    this.step = described.step ?? 0;
    this.steps = described.steps ?? 0;
    this.latest = described.snapshot;
  }

  async advance(count: number): Promise<void> {
    const described = await call<Described>({handle: this.handle}, ["advance"], [count]);
    if (this.disposed) return;
    this.step = described.step ?? this.step;
    this.latest = described.snapshot;
  }

  /** What the trainer reported after its last chunk of steps. */
  snapshot(): unknown {
    return this.latest;
  }

  dispose(): void {
    this.disposed = true;
    worker?.postMessage({type: "dispose", handle: this.handle} satisfies HostMessage);
  }
}

/**
 * A stand-in for `path` on the kept object: call it to run that method in the worker, or read on toward a
 * deeper method. Only the methods the page declared exist: anything else reads as undefined, as it must for
 * the duck typing a page's runtime does (a value with `next` is taken for a generator, one with `then` for a promise).
 */
function remotePath(handle: number, path: string[], methods: string[][]): unknown {
  return new Proxy(function () {}, {
    apply: (_, __, args) => call({handle}, path, args),
    get: (_, property) => {
      const longer = [...path, String(property)];
      const known = typeof property === "string" && methods.some((method) => longer.every((part, i) => method[i] === part));
      return known ? remotePath(handle, longer, methods) : undefined;
    }
  });
}

function standIn<T>(handle: number, described: Described, methods: string[]): T {
  const model = new RemoteModel(handle, described.fields, described);
  const paths = methods.map((method) => method.split("."));
  return new Proxy(model, {
    get(target, property, receiver) {
      if (typeof property === "symbol" || property in target) return Reflect.get(target, property, receiver);
      if (property in target.fields) return target.fields[property];
      return paths.some((path) => path[0] === property) ? remotePath(handle, [property], paths) : undefined;
    }
  }) as T;
}

/** What the page may use of an object the worker keeps: `fields` copied once (plain data), `methods` (dotted for a nested one: "full.example") run in the worker. */
export interface StandInShape {
  fields?: string[];
  methods?: string[];
}

/** `new className(...args)` in the worker: the stand-in of the object it made. */
export async function createInWorker<T = any>(module: string, className: string, args: unknown[], {fields = [], methods = []}: StandInShape = {}): Promise<T> {
  const handle = nextId++; // the request's id: the worker keeps the object under it
  const described = await call<Described>({module}, [className], args, {construct: true, fields, id: handle});
  return standIn<T>(handle, described, methods);
}

/** Like createInWorker, for an object a function makes (`MultiScaleTrainer.create`). */
export async function keepInWorker<T = any>(module: string, name: string, args: unknown[], {fields = [], methods = []}: StandInShape = {}): Promise<T> {
  const handle = nextId++;
  const described = await call<Described>({module}, name.split("."), args, {keep: true, fields, id: handle});
  return standIn<T>(handle, described, methods);
}
