/**
 * npm run bench:attention -- [--n 256,512,1024,2048] [--d 64] [--largest 4096] [--tilings 32x4,64x2] [--out file.json]
 *
 * The course's fused WebGPU attention kernel against tfjs's own matMul-softmax-matMul, both on the
 * tfjs WebGPU backend in Node (Dawn): time per call, GFLOP/s (4·N²·d flops), and the largest N each
 * path completes with correct rows and no GPU error. On this machine it runs on SwiftShader; with
 * VK_ICD_FILENAMES naming a real Vulkan driver it runs unchanged on that GPU (scripts/deviceBundle.ts
 * packs it for a machine without Node, following shared/notes/platform.md).
 */
import {cpus, hostname} from "node:os";
import {writeFileSync} from "node:fs";

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ""), process.argv[i + 1]);
const list = (name: string, fallback: string) => (args.get(name) ?? fallback).split(",").filter(Boolean);

if (!process.env.VK_ICD_FILENAMES) {
  const {nodeWebGPUProblem, reexecWithVulkanLoader} = await import("./nodeWebGPU.js");
  const problem = nodeWebGPUProblem();
  if (problem) throw new Error(problem);
  reexecWithVulkanLoader(); // SwiftShader, from Debian's chromium package
}
const {installNodeWebGPU} = await import("./nodeWebGPU.js");
await installNodeWebGPU();
const tf = await import("@tensorflow/tfjs-core");
const {useBackend} = await import("../components/runtime/runtime.js");
const {scaledDotProductAttention} = await import("../components/runtime/attention.js");
const {fusedAttention, fusedTiling} = await import("../components/runtime/fusedAttention.js");
const {attentionAtSize} = await import("../components/chapters/06-cost/attentionAtSize.js");
const {mulberry32, normalArray} = await import("../components/runtime/prng.js");
type Tensor2D = import("@tensorflow/tfjs-core").Tensor2D;

const report = await useBackend("webgpu");
if (report.backend !== "webgpu") throw new Error(`WebGPU did not start: ${report.messages.join(" ")}`);
const device = (tf.backend() as unknown as {device: GPUDevice}).device;
const adapter = report.adapter;
const software = Boolean(adapter.isFallbackAdapter) || /swiftshader/i.test(`${adapter.architecture} ${adapter.description}`);

const d = Number(args.get("d") ?? 64);
const ns = list("n", software ? "256,512,1024,2048" : "1024,2048,4096,8192").map(Number);
const largestCap = Number(args.get("largest") ?? (software ? 4096 : 65536));
const budgetMs = Number(args.get("budget") ?? (software ? 0 : 1500)); // time per measurement after the first call
const tilings = list("tilings", "default").map((name) => {
  if (name === "default") return {name, options: {}};
  const [rows, split, keysPerTile] = name.split("x").map(Number);
  return {name, options: {rows, split, ...(keysPerTile ? {keysPerTile} : {})}};
});

const now = () => performance.now();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Q, K, V of N rows each. */
function inputs(n: number) {
  const random = mulberry32(1);
  const [q, k, v] = [0, 1, 2].map(() => tf.tensor2d(normalArray(random, n * d, 1), [n, d])); // 3 × [n, d]
  return {q, k, v, dispose: () => tf.dispose([q, k, v])};
}

type Path = {name: string; run: (q: Tensor2D, k: Tensor2D, v: Tensor2D) => Tensor2D};
const paths: Path[] = [
  {name: "unfused", run: (q, k, v) => scaledDotProductAttention(q, k, v)},
  ...tilings.map(({name, options}) => ({name: name === "default" ? "fused" : `fused ${name}`, run: (q: Tensor2D, k: Tensor2D, v: Tensor2D) => fusedAttention(q, k, v, options)}))
];

/** Times one path at one N: the first call (shader compilation included), calls with their read-back, and back-to-back calls. */
async function time(path: Path, n: number) {
  const data = inputs(n);
  try {
    const call = async () => {
      const out = path.run(data.q, data.k, data.v); // [n, d]
      await out.data();
      out.dispose();
    };
    let start = now();
    await call();
    const firstMs = now() - start;
    const withReadback: number[] = [];
    const started = now();
    while (withReadback.length < 3 || (now() - started < budgetMs && withReadback.length < 50)) {
      start = now();
      await call();
      withReadback.push(now() - start);
    }
    const batch = software ? 1 : Math.max(1, Math.min(100, Math.round(budgetMs / 2 / Math.max(0.05, median(withReadback)))));
    start = now();
    const outs = Array.from({length: batch}, () => path.run(data.q, data.k, data.v)); // batch × [n, d]
    await outs[outs.length - 1].data(); // the queue runs in order: the last one done means all are
    const steadyMs = (now() - start) / batch;
    tf.dispose(outs);
    return {path: path.name, n, d, firstMs, readbackMs: median(withReadback), steadyMs, batch, gflops: (4 * n * n * d) / (steadyMs * 1e6)};
  } finally {
    data.dispose();
  }
}

const limits = {
  maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize,
  maxBufferSize: device.limits.maxBufferSize,
  maxComputeWorkgroupStorageSize: device.limits.maxComputeWorkgroupStorageSize
};
console.log(`adapter: ${[adapter.vendor, adapter.architecture, adapter.description].filter(Boolean).join(" ")}${software ? " (software)" : ""}`);
console.log(`limits: ${JSON.stringify(limits)}; default tiling for d = ${d}: ${ns.map((n) => `N ${n} ${JSON.stringify(fusedTiling(n, d, d, limits.maxComputeWorkgroupStorageSize, {}, software))}`).join(", ")}`);

const timings = [];
for (const n of ns) {
  for (const path of paths) {
    const timing = await time(path, n);
    timings.push(timing);
    console.log(`N ${String(n).padStart(6)}  ${path.name.padEnd(14)} first ${timing.firstMs.toFixed(1).padStart(8)} ms  with read-back ${timing.readbackMs.toFixed(2).padStart(8)} ms  steady ${timing.steadyMs.toFixed(3).padStart(9)} ms  ${timing.gflops.toFixed(1).padStart(8)} GFLOP/s`);
  }
}

/** Each GPU kernel's time for one call (tfjs's profiler, timestamp queries where the adapter has them). */
async function profile(n: number) {
  const data = inputs(n);
  try {
    const unfused = await tf.profile(async () => {
      const out = paths[0].run(data.q, data.k, data.v); // [n, d]
      await out.data();
      out.dispose();
    });
    const kernels = await Promise.all(unfused.kernels.map(async (kernel) => ({name: kernel.name, output: kernel.outputShapes[0], ms: Number(await kernel.kernelTimeMs)})));
    const fused = await tf.time(() => paths[1].run(data.q, data.k, data.v).dispose()); // the custom program is no registered kernel: tf.time sees it
    return {n, unfused: kernels, unfusedMs: kernels.reduce((sum, kernel) => sum + kernel.ms, 0), fusedMs: fused.kernelMs as number};
  } finally {
    data.dispose();
  }
}
const profiled = await profile(Math.max(...ns.filter((n) => n <= 2048)));
console.log(`kernel profile at N ${profiled.n}: unfused ${profiled.unfused.map((kernel) => `${kernel.name} [${kernel.output}] ${kernel.ms.toFixed(2)} ms`).join(", ")}; fused ${profiled.fusedMs.toFixed(2)} ms`);

const largest: Record<string, {n: number; firstFailure?: {n: number; why: string}}> = {};
for (const kernel of ["unfused", "fused"] as const) {
  largest[kernel] = {n: 0};
  for (let n = 1024; n <= largestCap; n *= 2) {
    const result = await attentionAtSize(kernel, n, {d});
    console.log(`largest: ${kernel} at N ${n}: ${result.ok ? `ok in ${result.ms.toFixed(0)} ms` : `failed: ${result.why}`}`);
    if (!result.ok) {
      largest[kernel].firstFailure = {n, why: result.why!};
      break;
    }
    largest[kernel].n = n;
  }
}

const scoreBytes = (n: number) => n * n * 4;
const record = {
  date: new Date().toISOString(),
  machine: {host: hostname(), cpu: cpus()[0]?.model, cores: cpus().length},
  adapter: {...adapter, software},
  limits,
  d,
  timings,
  profile: profiled,
  largest,
  largestCap,
  unfusedScoreLimitN: Math.floor(Math.sqrt(Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize) / 4)),
  note: `the unfused path writes an N × N float32 score matrix (${scoreBytes(16384) / 2 ** 30} GiB at N = 16384); the fused one never does`
};
const out = args.get("out");
if (out) writeFileSync(out, `${JSON.stringify(record, null, 2)}\n`);
console.log(JSON.stringify({largest, unfusedScoreLimitN: record.unfusedScoreLimitN}));
process.exit(0); // Dawn keeps the event loop alive
