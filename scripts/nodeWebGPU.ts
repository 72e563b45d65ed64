/**
 * Gives Node a real WebGPU (npm `webgpu`, Dawn) over Chromium's own Vulkan loader and SwiftShader
 * driver, so the tfjs WebGPU backend runs outside a browser. Must run before runtime.ts is imported:
 * the backend registers itself only where navigator.gpu exists at load time.
 */
import {spawnSync} from "node:child_process";
import {existsSync} from "node:fs";

const CHROMIUM_LIBS = "/usr/lib/chromium"; // Debian's chromium package ships libvulkan.so.1 and SwiftShader here
const SWIFTSHADER_ICD = `${CHROMIUM_LIBS}/vk_swiftshader_icd.json`;

/** Why Node cannot get WebGPU here, or undefined when it can (VK_ICD_FILENAMES may name a real GPU's driver). */
export function nodeWebGPUProblem(): string | undefined {
  const driver = process.env.VK_ICD_FILENAMES;
  if (driver && driver !== SWIFTSHADER_ICD) return existsSync(driver) ? undefined : `VK_ICD_FILENAMES names ${driver}, which is missing`;
  if (!existsSync(SWIFTSHADER_ICD)) return `WebGPU in Node needs Debian's chromium package (${SWIFTSHADER_ICD} is missing)`;
  return undefined;
}

/**
 * The dynamic linker reads LD_LIBRARY_PATH only at start-up, so without it this re-runs the same
 * command with it set and exits with that run's status.
 */
export function reexecWithVulkanLoader(): void {
  if ((process.env.LD_LIBRARY_PATH ?? "").split(":").includes(CHROMIUM_LIBS)) return;
  const env = {...process.env, LD_LIBRARY_PATH: [CHROMIUM_LIBS, process.env.LD_LIBRARY_PATH].filter(Boolean).join(":"), VK_ICD_FILENAMES: SWIFTSHADER_ICD};
  const run = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {env, stdio: "inherit"});
  process.exit(run.status ?? 1);
}

/** Installs navigator.gpu and the WebGPU globals (GPUBufferUsage, ...) from Dawn. */
export async function installNodeWebGPU(): Promise<void> {
  process.env.VK_ICD_FILENAMES ??= SWIFTSHADER_ICD;
  const {create, globals} = await import("webgpu");
  Object.assign(globalThis, globals);
  Object.defineProperty(globalThis, "navigator", {value: {gpu: create([])}, configurable: true, writable: true});
}
