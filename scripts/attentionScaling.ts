/**
 * npm run bench:scaling -- [--backends cpu,wasm,webgpu] [--smallest 256] [--largest 2048] [--out file.json]
 *
 * Chapter 6's timing sweep (components/chapters/06-cost/attentionTiming.ts, the function the page runs) in Node on
 * each backend: dense, block-local (b = 64), top-16 and, on WebGPU, the fused kernel, at d = 32
 * (SPEC.md 6a), with log-log slopes from N = 512 up. WebGPU here is Dawn over SwiftShader.
 */
import {writeFileSync} from "node:fs";

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ""), process.argv[i + 1]);
const backends = (args.get("backends") ?? "cpu,wasm,webgpu").split(",");

if (backends.includes("webgpu")) {
  const {installNodeWebGPU, nodeWebGPUProblem, reexecWithVulkanLoader} = await import("./nodeWebGPU.js");
  const problem = nodeWebGPUProblem();
  if (problem) throw new Error(problem);
  if (!process.env.VK_ICD_FILENAMES) reexecWithVulkanLoader();
  await installNodeWebGPU();
}
const {useBackend} = await import("../components/runtime/runtime.js");
const {logLogSlope, sweepAttentionTiming, TIMED_VARIANT_KEYS} = await import("../components/chapters/06-cost/attentionTiming.js");

const settings = {smallest: Number(args.get("smallest") ?? 256), largest: Number(args.get("largest") ?? 2048), d: 32, block: 64, k: 16, seed: 1};
const slopeFrom = Number(args.get("slope-from") ?? 512);
const results = [];
for (const backend of backends) {
  const report = await useBackend(backend);
  if (report.backend !== backend) {
    results.push({backend, error: report.messages.join(" ")});
    continue;
  }
  const {points, skipped} = await sweepAttentionTiming(settings, {runs: 7, budgetMs: 2000, onPoint: (p) => process.stderr.write(`${backend} ${p.variant} N ${p.n}: ${p.ms.toFixed(2)} ms (first ${p.firstMs.toFixed(0)} ms, compile ${p.compileMs.toFixed(0)} ms)\n`)});
  const slopes = Object.fromEntries(
    TIMED_VARIANT_KEYS.map((variant) => [variant, points.filter((p) => p.variant === variant && p.n >= slopeFrom)] as const)
      .filter(([, mine]) => mine.length >= 2)
      .map(([variant, mine]) => [variant, logLogSlope(mine)])
  );
  results.push({backend, adapter: backend === "webgpu" ? report.adapter : undefined, points, skipped, slopes});
}
const record = {date: new Date().toISOString(), settings, slopeFrom, results};
const out = args.get("out");
if (out) writeFileSync(out, `${JSON.stringify(record, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results.map((r) => ({backend: r.backend, slopes: "slopes" in r ? r.slopes : r.error})))}\n`);
process.exit(0); // Dawn keeps the event loop alive
