import {element} from "./element.js";
import type {BackendName} from "../runtime/runtime.js";

const NAMES: Record<BackendName, string> = {webgpu: "WebGPU", wasm: "WASM", webgl: "WebGL", cpu: "CPU"};

/** A badge naming the tfjs backend that computed a result. */
export function BackendBadge(backend: BackendName, {prefix = "ran on"}: {prefix?: string} = {}): HTMLElement {
  return element("span", {class: `backend-badge backend-${backend}`, "data-backend": backend, title: `computed by the tfjs ${backend} backend`}, `${prefix} ${NAMES[backend] ?? backend}`);
}
