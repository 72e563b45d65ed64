/**
 * The backends' names and the reports runtime.ts gives about them, as plain data: the page's controls
 * (BackendPicker, BackendBadge, RuntimeStatus) use these without loading tfjs.
 */
export const BACKENDS = ["webgpu", "wasm", "webgl", "cpu"] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendRequest = BackendName | "auto";

/** What the WebGPU adapter says about itself, or why there is none. */
export interface AdapterReport {
  available: boolean;
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
  reason?: string;
}

/** Which backend runs, what was asked for, and every message the reader should see. */
export interface RuntimeReport {
  backend: BackendName;
  requested: BackendRequest;
  adapter: AdapterReport;
  messages: string[];
}

/** Files of the WASM backend, as URLs the page can fetch (Node finds them itself). */
export type WasmPaths = Partial<Record<"tfjs-backend-wasm.wasm" | "tfjs-backend-wasm-simd.wasm" | "tfjs-backend-wasm-threaded-simd.wasm", string>>;

export interface RuntimeOptions {
  wasmPaths?: WasmPaths;
}

/** parseBackend("WebGPU") is "webgpu"; an unknown name is "auto" with a message naming it. */
export function parseBackend(value: string | null | undefined): {request: BackendRequest; message?: string} {
  if (value == null || value === "" || value === "auto") return {request: "auto"};
  const name = value.trim().toLowerCase();
  if ((BACKENDS as readonly string[]).includes(name)) return {request: name as BackendName};
  return {request: "auto", message: `Unknown backend "${value}": choose one of auto, ${BACKENDS.join(", ")}. Using the automatic choice.`};
}

/** The backend a page's link asks for (?backend=), else "auto": what its backend picker starts with. */
export function backendInLink(href: string): string {
  return new URL(href).searchParams.get("backend") ?? "auto";
}

/** The binaries' URLs resolved against the page: a worker resolves a relative URL against its own file, not the page. */
export function absoluteWasmPaths(paths: WasmPaths): WasmPaths {
  return Object.fromEntries(Object.entries(paths).map(([file, path]) => [file, new URL(path, location.href).href]));
}
