/**
 * npm run device:bundle — packs scripts/attentionBench.ts for a GPU machine that has an NVIDIA
 * driver but no Node.js (shared/notes/platform.md, "A real GPU"): into .device/ go this Node binary
 * and Dawn's dawn.node (xz-compressed), the benchmark as one esbuild bundle, the PyTorch SDPA
 * reference, the fused kernel's WebGPU test, and run.sh, which unpacks them there and runs both. Debian's Vulkan loader and glvnd packages go in
 * .gl/ (`apt-get download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2`).
 * On the GPU machine: `bash .device/run.sh OUTPUT_FOLDER [benchmark flags]`.
 */
import {execFileSync} from "node:child_process";
import {copyFileSync, mkdirSync, rmSync, writeFileSync} from "node:fs";
import * as esbuild from "esbuild";

const OUT = ".device";
const WEBGPU = `${OUT}/node_modules/webgpu`;
rmSync(OUT, {recursive: true, force: true});
mkdirSync(`${WEBGPU}/dist/linux-x64`, {recursive: true});

await esbuild.build({
  entryPoints: {attentionBench: "scripts/attentionBench.ts", fusedAttention: "test/webgpu/fusedAttention.test.ts"},
  outdir: OUT,
  outExtension: {".js": ".mjs"},
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["webgpu"], // loaded from .device/node_modules, next to its dawn.node
  banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
  logLevel: "warning"
});
for (const file of ["index.js", "package.json"]) copyFileSync(`node_modules/webgpu/${file}`, `${WEBGPU}/${file}`);
const xz = (from: string, to: string) => writeFileSync(to, execFileSync("xz", ["-T0", "-6", "-c", from], {maxBuffer: 1 << 30}));
xz("node_modules/webgpu/dist/linux-x64/dawn.node", `${WEBGPU}/dist/linux-x64/dawn.node.xz`);
xz(process.execPath, `${OUT}/node.xz`);
copyFileSync("scripts/sdpaReference.py", `${OUT}/sdpaReference.py`);

const unxz = `python3 -c "import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], 'wb'))"`;
writeFileSync(
  `${OUT}/run.sh`,
  `#!/bin/bash
# Unpacks Node, Dawn and the Vulkan loader, then runs the attention benchmark and PyTorch's SDPA on this GPU.
set -euo pipefail
out="$1"; shift
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
cd .device
${unxz} node.xz node && chmod +x node
${unxz} node_modules/webgpu/dist/linux-x64/dawn.node.xz node_modules/webgpu/dist/linux-x64/dawn.node
export VK_ICD_FILENAMES=\${VK_ICD_FILENAMES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$out/gpu.txt" || true
./node --test fusedAttention.mjs 2>&1 | tee "$out/test.log" | grep -E "^# (pass|fail)|^not ok" || true
./node attentionBench.mjs --out "$out/attention.json" "$@" 2>&1 | tee "$out/attention.log"
python3 sdpaReference.py > "$out/sdpa.json" || echo "PyTorch SDPA reference failed"
cat "$out/sdpa.json"
`
);
console.log(execFileSync("du", ["-sh", OUT, ".gl"], {encoding: "utf8"}));
