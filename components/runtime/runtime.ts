/**
 * The one module that chooses the tfjs backend. Nothing else calls tf.setBackend.
 *
 * Ladder: WebGPU on a hardware adapter, else WASM (fastest here when WebGPU is a software
 * adapter), then WebGL, then CPU. The reader can force one; an unknown or unavailable choice
 * falls back down the ladder with a message, never a dead page.
 *
 * Each backend's module loads only when the ladder reaches it (in the browser each is a chunk of its own,
 * scripts/bundle.ts): a page that runs on WASM fetches neither WebGL's nor WebGPU's code.
 */
import * as tf from "@tensorflow/tfjs-core";
import "#tfjs-gradients"; // Node: @tensorflow/tfjs registers them; browsers: tfjs-core's own module (package.json "imports")
import {messageOf} from "./messageOf.js";
import {parseBackend, type AdapterReport, type BackendName, type RuntimeOptions, type RuntimeReport, type WasmPaths} from "./backends.js";

export {BACKENDS, parseBackend} from "./backends.js";
export type {AdapterReport, BackendName, BackendRequest, RuntimeOptions, RuntimeReport, WasmPaths} from "./backends.js";

/** Asks the browser (or Node with Dawn) for a WebGPU adapter and reports what it is. */
export async function describeAdapter(): Promise<AdapterReport> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return {available: false, reason: "this browser exposes no WebGPU (navigator.gpu is missing)"};
  try {
    const adapter = await gpu.requestAdapter({powerPreference: "high-performance"});
    if (!adapter) return {available: false, reason: "the browser found no WebGPU adapter"};
    const info = (adapter as GPUAdapter & {info?: GPUAdapterInfo}).info;
    const legacyFallback = (adapter as GPUAdapter & {isFallbackAdapter?: boolean}).isFallbackAdapter;
    const infoFallback = (info as (GPUAdapterInfo & {isFallbackAdapter?: boolean}) | undefined)?.isFallbackAdapter;
    return {
      available: true,
      vendor: info?.vendor || undefined,
      architecture: info?.architecture || undefined,
      description: info?.description || undefined,
      isFallbackAdapter: Boolean(infoFallback ?? legacyFallback ?? info?.architecture === "swiftshader")
    };
  } catch (error) {
    return {available: false, reason: `requesting a WebGPU adapter failed: ${messageOf(error)}`};
  }
}

let knownWasmPaths: WasmPaths | undefined; // the last binaries' URLs a caller gave: later switches without options use them too

/** Loads a backend's module, which registers it with tfjs; the WASM backend is told where its binaries are first. */
const BACKEND_MODULES: Record<BackendName, () => Promise<unknown>> = {
  webgpu: () => import("@tensorflow/tfjs-backend-webgpu"),
  wasm: async () => {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    if (knownWasmPaths) wasm.setWasmPaths(knownWasmPaths);
  },
  webgl: () => import("@tensorflow/tfjs-backend-webgl"),
  cpu: () => import("@tensorflow/tfjs-backend-cpu")
};

let queue: Promise<unknown> = Promise.resolve();
let adapterReport: Promise<AdapterReport> | undefined;
const unusable = new Map<BackendName, string>(); // backends that failed this session, and why

/** Runs `task` after every earlier backend switch has finished, so switches never interleave. */
function serialized<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

/** Tries one backend; tf.setBackend may answer false yet leave getBackend() naming it, so check both. */
async function trySetBackend(name: BackendName): Promise<string | undefined> {
  if (unusable.has(name)) return unusable.get(name);
  try {
    await BACKEND_MODULES[name]();
  } catch (error) {
    return `${name}'s code could not be loaded: ${messageOf(error)}`;
  }
  if (!tf.findBackendFactory(name)) return `${name} is not available in this environment`;
  try {
    const ok = await tf.setBackend(name);
    if (!ok || tf.getBackend() !== name) return `${name} failed to initialise`;
    const probe = tf.scalar(1); // a real op, so a broken backend fails here and not in a chapter
    const value = (await probe.data())[0];
    probe.dispose();
    if (value !== 1) return `${name} computed a wrong value`;
    return undefined;
  } catch (error) {
    return `${name} failed: ${messageOf(error)}`;
  }
}

/** The automatic order for this adapter: WebGPU first only on real hardware. */
function ladder(adapter: AdapterReport): BackendName[] {
  const hardware = adapter.available && !adapter.isFallbackAdapter;
  return hardware ? ["webgpu", "wasm", "webgl", "cpu"] : ["wasm", "webgl", "cpu", "webgpu"];
}

/** Switches to the requested backend, or the best one that runs, and reports which. Not serialized: callers hold the queue. */
async function switchBackend(requested: string | null | undefined, options: RuntimeOptions): Promise<RuntimeReport> {
  if (options.wasmPaths && Object.keys(options.wasmPaths).length) knownWasmPaths = options.wasmPaths;
  const {request, message} = parseBackend(requested);
  const messages = message ? [message] : [];
  adapterReport ??= describeAdapter();
  const adapter = await adapterReport;
  const order = request === "auto" ? ladder(adapter) : [request, ...ladder(adapter).filter((name) => name !== request)];
  for (const name of order) {
    const failure = await trySetBackend(name);
    if (failure === undefined) {
      if (request !== "auto" && name !== request) messages.push(`Using ${name} instead.`);
      return {backend: name, requested: request, adapter, messages};
    }
    if (name === request) messages.push(`The requested backend could not run: ${failure}.`);
  }
  throw new Error(`No tfjs backend could run here (${messages.join(" ")})`);
}

/** Switches to the requested backend (or the best one) and reports what actually runs. */
export function useBackend(requested: string | null | undefined = "auto", options: RuntimeOptions = {}): Promise<RuntimeReport> {
  return serialized(() => switchBackend(requested, options));
}

/**
 * Runs `task` on the requested backend with no other switch in between, then goes back to the
 * backend that ran before. For measuring several backends from one page.
 */
export function withBackend<T>(requested: BackendName, task: (report: RuntimeReport) => Promise<T>, options: RuntimeOptions = {}): Promise<T> {
  return serialized(async () => {
    const previous = tf.getBackend();
    try {
      return await task(await switchBackend(requested, options));
    } finally {
      if (previous && tf.getBackend() !== previous) await switchBackend(previous, options);
    }
  });
}

/**
 * Keeps a backend running for a page: reports the first choice, and if the WebGPU device is
 * lost later, marks WebGPU unusable, moves down the ladder and reports again with a message.
 * Returns a function that stops watching.
 */
export function watchBackend(requested: string | null | undefined, onReport: (report: RuntimeReport) => void, options: RuntimeOptions = {}): () => void {
  let active = true;
  const follow = (report: RuntimeReport) => {
    if (!active) return;
    onReport(report);
    const device = webgpuDevice();
    if (report.backend !== "webgpu" || !device) return;
    device.lost.then((info) => {
      if (!active || tf.getBackend() !== "webgpu") return;
      const why = `The GPU device was lost (${info.reason}${info.message ? `: ${info.message}` : ""}).`;
      unusable.set("webgpu", "the GPU device was lost earlier in this session; reload the page to try WebGPU again");
      useBackend("auto", options).then(
        (next) => follow({...next, messages: [why, `Switched to ${next.backend}; results below were recomputed there.`, ...next.messages]}),
        (error) => onReport({...report, messages: [why, messageOf(error)]})
      );
    });
  };
  useBackend(requested, options).then(follow, (error) =>
    onReport({backend: "cpu", requested: "auto", adapter: {available: false}, messages: [messageOf(error)]})
  );
  return () => {
    active = false;
  };
}

/** The GPUDevice behind the active WebGPU backend, if that is what runs. */
function webgpuDevice(): GPUDevice | undefined {
  if (tf.getBackend() !== "webgpu") return undefined;
  return (tf.backend() as unknown as {device?: GPUDevice}).device;
}

/** Destroys the active GPU device, as a driver reset would: for tests and for readers who want to see recovery. */
export function simulateDeviceLoss(): boolean {
  const device = webgpuDevice();
  device?.destroy();
  return device !== undefined;
}

/**
 * On WebGPU, compiles every shader `run` would use without running it and without blocking the page
 * (tfjs's parallel compilation: pipelines are created asynchronously), so the first real call does
 * not stall the main thread while a shader compiles; resolves with the milliseconds it took. Off
 * WebGPU it does nothing. `run`'s outputs are meaningless and are freed.
 *
 * tfjs's own checkCompileCompletionAsync() is unsafe when other tfjs work runs meanwhile (it matches
 * pipelines to cache keys by position, and a pending pipeline found by another op throws), so the
 * new pipelines are taken out of the backend's cache while they compile and put back by key; work
 * that needs one of them in the meantime compiles its own.
 */
export async function compileAhead(run: () => tf.TensorContainer): Promise<number> {
  if (tf.getBackend() !== "webgpu") return 0;
  const start = performance.now();
  const cache = (tf.backend() as unknown as {pipelineCache: Record<string, GPUComputePipeline | Promise<GPUComputePipeline>>}).pipelineCache;
  const known = new Set(Object.keys(cache));
  tf.env().set("WEBGPU_ENGINE_COMPILE_ONLY", true);
  try {
    tf.tidy(() => {
      run(); // returns nothing to tidy, so it frees run's outputs too
    });
  } finally {
    tf.env().set("WEBGPU_ENGINE_COMPILE_ONLY", false);
  }
  const pending = Object.entries(cache).filter(([key, pipeline]) => !known.has(key) && pipeline instanceof Promise);
  for (const [key] of pending) delete cache[key];
  const compiled = await Promise.all(pending.map(([, pipeline]) => pipeline));
  pending.forEach(([key], i) => {
    cache[key] ??= compiled[i];
  });
  return performance.now() - start;
}

/**
 * Runs `work` inside WebGPU's validation and out-of-memory error scopes: a buffer past the device's
 * limits is an asynchronous GPU error, not an exception, so without them a failed allocation reads
 * back as zeros. Resolves with the value, or with what went wrong (a thrown error or a GPU error).
 */
export async function catchGPUErrors<T>(work: () => Promise<T>): Promise<{value: T; error?: undefined} | {value?: undefined; error: string}> {
  const device = webgpuDevice();
  device?.pushErrorScope("out-of-memory");
  device?.pushErrorScope("validation");
  let result: {value: T; error?: undefined} | {value?: undefined; error: string};
  try {
    result = {value: await work()};
  } catch (error) {
    result = {error: messageOf(error)};
  }
  const gpuErrors = device ? [await device.popErrorScope(), await device.popErrorScope()] : [];
  const gpuError = gpuErrors.find((error) => error);
  return gpuError ? {error: gpuError.message.split("\n")[0]} : result;
}

/** The largest buffer the active WebGPU device can bind (an unfused N × M score matrix must fit), or undefined off WebGPU. */
export function gpuBufferLimit(): number | undefined {
  const limits = webgpuDevice()?.limits;
  return limits ? Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize) : undefined;
}

/** The backend that runs now. */
export function activeBackend(): BackendName {
  return tf.getBackend() as BackendName;
}

/** Live tensor count and bytes, for leak checks. */
export function tensorMemory(): {numTensors: number; numBytes: number} {
  const {numTensors, numBytes} = tf.memory();
  return {numTensors, numBytes};
}

export {messageOf};

// For the reader's console and the browser tests: live tensor count, active backend, and a simulated GPU loss.
if (typeof document !== "undefined") (globalThis as unknown as {courseRuntime: unknown}).courseRuntime = {memory: tensorMemory, backend: activeBackend, simulateDeviceLoss};
