/**
 * npm run bench: builds nothing, measures dist/ in headless Chromium here and writes BENCHMARKS.md.
 * Per page: compressed (gzip) bytes of the JavaScript it loads, and milliseconds from navigation to
 * its first result on each backend. Then the home page's attention micro-benchmark per backend.
 */
import {execSync} from "node:child_process";
import {readFileSync, writeFileSync} from "node:fs";
import {cpus, totalmem} from "node:os";
import {gzipSync} from "node:zlib";
import {chromium, type Page} from "playwright-core";
import {CHAPTERS} from "../components/chapters.js";
import {serveStatic} from "../test/browser/staticServer.js";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const BACKENDS = ["webgpu", "wasm", "webgl", "cpu"] as const;
const RUNS = 3; // navigations per page and backend; the median is reported
const PAGES = [
  {name: "home", path: "index.html", firstResult: "backend badge shown", ready: (page: Page) => page.locator(".runtime-status").waitFor({timeout: 120_000})},
  ...CHAPTERS.filter((c) => c.figures?.length).map((c) => ({
    name: `chapter ${c.number}`,
    path: `chapters/${c.slug}.html`,
    firstResult: "first training step drawn",
    ready: (page: Page) => page.waitForFunction(() => /^step [1-9]/.test(document.querySelector(".training-status")?.textContent ?? ""), null, {timeout: 120_000})
  }))
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const server = await serveStatic("dist");
const browser = await chromium.launch({executablePath: CHROMIUM, args: ["--no-sandbox", "--enable-unsafe-webgpu"]});

async function visit(path: string, backend: string, ready: (page: Page) => Promise<unknown>) {
  const page = await browser.newPage();
  const scripts = new Set<string>();
  page.on("request", (request) => {
    if (request.resourceType() === "script" || request.url().endsWith(".js")) scripts.add(new URL(request.url()).pathname);
  });
  const start = Date.now();
  await page.goto(`${server.base}${path}?backend=${backend}`);
  await ready(page);
  const ms = Date.now() - start;
  const badge = await page.locator("[data-runtime-backend]").first().getAttribute("data-runtime-backend");
  await page.close();
  const bytes = [...scripts].reduce((sum, pathname) => sum + gzipSync(readFileSync(`dist/${pathname.replace(/^\/course\//, "")}`)).length, 0);
  return {ms, bytes, badge};
}

const pageRows: string[] = [];
for (const {name, path, firstResult, ready} of PAGES) {
  const cells: string[] = [];
  let bytes = 0;
  for (const backend of BACKENDS) {
    const runs = [];
    for (let i = 0; i < RUNS; ++i) runs.push(await visit(path, backend, ready));
    bytes = runs[0].bytes;
    const ran = runs[0].badge;
    cells.push(`${median(runs.map((r) => r.ms)).toFixed(0)}${ran === backend ? "" : ` (ran ${ran})`}`);
    process.stderr.write(`${name} ${backend}: ${cells.at(-1)} ms\n`);
  }
  pageRows.push(`| ${name} | ${(bytes / 1024).toFixed(0)} KiB | ${firstResult} | ${cells.join(" | ")} |`);
}

// The home page's own micro-benchmark, read from its table after one full run.
const home = await browser.newPage();
await home.goto(`${server.base}index.html`);
await home.getByText("4 of 4 backends measured").waitFor({timeout: 180_000});
const timings = await home.locator("table").first().evaluate((table) =>
  [...table.querySelectorAll("tbody tr")].map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent?.trim() ?? ""))
);
const header = await home.locator("table thead th").allTextContents();
await browser.close();
await server.close();

const chromiumVersion = execSync(`${CHROMIUM} --version`, {encoding: "utf-8"}).trim();
const date = new Date().toISOString().slice(0, 10);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, no GPU (WebGPU is Chromium's SwiftShader software adapter)`;
const columns = header.map((h) => h.trim()).filter(Boolean);
const cells = (row: string[]) => row.slice(row.length - columns.length);

writeFileSync(
  "BENCHMARKS.md",
  `# Benchmarks

Written by \`npm run bench\` on ${date}. Machine: ${machine}. Browser: ${chromiumVersion}, headless, pages served from \`dist/\` by a plain local static server. Times are the median of ${RUNS} navigations; they include loading and compiling the page's JavaScript and, on WebGPU, compiling shaders.

## Pages: size and time to first result

| page | JavaScript (gzip) | first result | webgpu ms | wasm ms | webgl ms | cpu ms |
|---|---|---|---|---|---|---|
${pageRows.join("\n")}

## Home page: attention micro-benchmark

softmax(QKᵀ/√d)V with n = 256 queries and keys, d = 64, about 0.5 s per backend, output read back after every call.

| ${columns.join(" | ")} |
|${columns.map(() => "---").join("|")}|
${timings.map((row) => `| ${cells(row).join(" | ")} |`).join("\n")}

## Reading these numbers

- There is no GPU here: "webgpu" is Chromium's SwiftShader adapter, a CPU emulation, slower than WASM at every computation on these pages (see the micro-benchmark), which is why the automatic choice skips it on a software adapter. On WebGPU the first result waits for shader compilation; chapter 3 also grounds 3000 scenes, and chapter 5 generates its 600 clips (their features computed on the chosen backend, in slices), before the first training step.
- Every page loads the same bundle (tfjs with four backends, Plot and the components), so the JavaScript column is one number; after the first page it comes from the browser cache.
`
);
console.log(readFileSync("BENCHMARKS.md", "utf-8"));
