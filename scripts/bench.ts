/**
 * npm run bench: builds nothing, measures dist/ in headless Chromium here and writes BENCHMARKS.md.
 * Per page: compressed (gzip) bytes of the JavaScript it loads, and milliseconds from navigation to
 * its first result on each backend (and, on a training page, to its last step, with the chapter's
 * default settings). `--only "chapter 10,chapter 11"` measures just those pages and keeps every
 * other record as it was. Then the home page's attention micro-benchmark per backend,
 * chapter 6's attention variants per backend in Node (scripts/attentionScaling.ts), and the fused
 * WebGPU kernel against tfjs on SwiftShader (scripts/attentionBench.ts); both write their JSON to
 * benchmarks/, where records from GPU machines (npm run device:bundle) are rendered too.
 */
import {execFileSync, execSync} from "node:child_process";
import {existsSync, readdirSync, readFileSync, writeFileSync} from "node:fs";
import {cpus, totalmem} from "node:os";
import {gzipSync} from "node:zlib";
import {CHROMIUM, launchChromium} from "../test/browser/launchChromium.js";
import {launchBareChromium} from "./bareChromium.js";
import {CHAPTERS} from "../components/chapters.js";
import {serveStatic} from "../test/browser/staticServer.js";
import type {LighthouseRecord} from "./lighthouse.js";

const BACKENDS = ["webgpu", "wasm", "webgl", "cpu"] as const;
const RUNS = 3; // navigations per page and backend; the median is reported
/**
 * What counts as a chapter's first result: its first timing point (chapter 6), its first sample size measured (8), its first figures computed (7, 9),
 * its phase diagram (12: the runs above it are plain JavaScript, quick), or its first training step. Each is a
 * condition on the page's document, written as a JavaScript expression the page evaluates (visit(), below).
 */
const COMPUTED = `document.querySelector('.compute-status[data-state="done"]') !== null`;
const FIRST_RESULT: Record<string, {firstResult: string; ready: string}> = {
  cost: {firstResult: "first timing point drawn", ready: `/Measuring… [1-9]|^Done/.test(document.querySelector(".sweep-status")?.textContent ?? "")`},
  svd: {firstResult: "first figures computed", ready: COMPUTED},
  rademacher: {firstResult: "first sample size measured", ready: `Number(document.querySelector(".compute-status")?.dataset.measured ?? 0) > 0`}, // the main sweep's first n, drawn as it grows; the shared-α excess beside it has its own status
  asr: {firstResult: "first figures computed", ready: COMPUTED},
  plasticity: {firstResult: "phase diagram computed", ready: COMPUTED}
};
const TRAINING = {
  firstResult: "first training step drawn",
  ready: `/^step [1-9]/.test(document.querySelector(".training-status")?.textContent ?? "")`,
  done: `document.querySelector('.training-status[data-state="done"]') !== null`
};
interface PageSpec {
  name: string;
  path: string;
  firstResult: string;
  ready: string; // the first result is on the page (an expression the page evaluates)
  done?: string; // a training page: its last step
  backends?: readonly string[]; // the only backends this page is measured on, whatever --backends says
}
/** Chapter 13 trains three transformers for 700 steps: about 26 minutes per navigation on the CPU backend, and minutes of shader compilation on a software adapter (WebGPU, WebGL). */
const ONLY_ON: Record<string, readonly string[]> = {vlm: ["wasm"]};
const PAGES: PageSpec[] = [
  // The home page computes nothing until the reader starts its demo: its result is its text and chapter map, each card's figure drawn.
  {name: "home", path: "index.html", firstResult: "text and chapter map drawn (no tfjs)", ready: `document.querySelectorAll(".chapter-card .chapter-card-picture svg").length >= ${CHAPTERS.filter((c) => c.figures?.length).length}`},
  {name: "your machine", path: "machine.html", firstResult: "backend badge shown", ready: `document.querySelector(".runtime-status") !== null`},
  ...CHAPTERS.filter((c) => c.figures?.length).map((c) => ({name: `chapter ${c.number}`, path: `chapters/${c.slug}.html`, ...(FIRST_RESULT[c.experiment ?? ""] ?? TRAINING), backends: ONLY_ON[c.experiment ?? ""]}))
];
/** `--backends wasm,cpu` measures the pages on those backends only (the others' cells read "—"): the software WebGPU adapter takes minutes per training page. */
const measuredBackends = process.argv.includes("--backends") ? process.argv[process.argv.indexOf("--backends") + 1].split(",").map((name) => name.trim()) : [...BACKENDS];
for (const name of measuredBackends) if (!(BACKENDS as readonly string[]).includes(name)) throw new Error(`--backends: no backend "${name}" (backends: ${BACKENDS.join(", ")})`);
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1].split(",").map((name) => name.trim()) : undefined;
for (const name of only ?? []) if (!PAGES.some((page) => page.name === name)) throw new Error(`--only: no page "${name}" (pages: ${PAGES.map((page) => page.name).join(", ")})`);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** What the page half of the bench measured, kept so BENCHMARKS.md can be written again without measuring. */
interface PagesRecord {
  date: string;
  machine: string;
  chromium: string;
  runs: number;
  pages: {name: string; date?: string; chromium?: string; bytes: number; firstResult: string; cells: string[]; done?: string[]}[]; // date (and chromium): where a page was measured on another day (or browser) than the record

  home: {columns: string[]; rows: string[][]};
}

if (only) {
  const record: PagesRecord = JSON.parse(readFileSync("benchmarks/pages.json", "utf-8"));
  const measured = await measurePages(PAGES.filter((page) => only.includes(page.name)), {home: false});
  const fresh = new Map(measured.pages.map((page) => [page.name, {...page, date: measured.date, ...(measured.chromium === record.chromium ? {} : {chromium: measured.chromium})}]));
  const pages = PAGES.map(({name}) => fresh.get(name) ?? record.pages.find((page) => page.name === name)).filter((page) => page !== undefined);
  writeFileSync("benchmarks/pages.json", `${JSON.stringify({...record, pages}, null, 2)}\n`);
} else if (!process.argv.includes("--render")) {
  writeFileSync("benchmarks/pages.json", `${JSON.stringify(await measurePages(PAGES, {home: true}), null, 2)}\n`);
  // Chapter 6 in Node: the variants per backend, then the fused kernel against tfjs on SwiftShader.
  const run = (script: string, ...args: string[]) => execFileSync(process.execPath, ["--import", "tsx", script, ...args], {stdio: ["ignore", "inherit", "inherit"]});
  run("scripts/attentionScaling.ts", "--out", "benchmarks/scaling.json");
  run("scripts/attentionBench.ts", "--out", "benchmarks/attention-swiftshader.json");
  run("scripts/lighthouse.ts");
}
writeFileSync("BENCHMARKS.md", render(JSON.parse(readFileSync("benchmarks/pages.json", "utf-8"))));
console.log(readFileSync("BENCHMARKS.md", "utf-8"));

/** Each page's JavaScript and time to first result per backend, then the home page's micro-benchmark. */
async function measurePages(specs: PageSpec[], {home: measureHome}: {home: boolean}): Promise<PagesRecord> {
  const server = await serveStatic("dist");
  const browser = await launchChromium(["--enable-unsafe-webgpu"]);
  const bare = await launchBareChromium(["--enable-unsafe-webgpu"]);
  /** For every document: globalThis.benchTimes.ready (and .done), promises of those times. */
  const timing = (ready: string, done?: string) => `{
    const conditions = {ready: () => ${ready}, done: () => ${done ?? "false"}};
    const at = {};
    const reached = {};
    globalThis.benchTimes = Object.fromEntries(Object.keys(conditions).map((name) => [name, new Promise((resolve) => (reached[name] = resolve))]));
    // the time of the animation frame after the change: the frame that draws it (a page's HTML is in the DOM before its first paint)
    const check = () => { for (const name in conditions) if (at[name] === undefined && conditions[name]()) (at[name] = true), requestAnimationFrame(() => reached[name](performance.now())); };
    new MutationObserver(check).observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
  }`;
  /**
   * One navigation, timed by the page's own clock: from its navigation start (performance.timeOrigin, the moment a
   * reader's browser starts to load it) to the animation frame that draws the first DOM change after which `ready`
   * holds, and `done` where given. Until 2026-12-07's second record the times ended at the DOM change itself,
   * which for HTML the parser inserts comes before anything is painted.
   * Until 2026-12-07 the times ran from before Playwright's goto() to its next check of the page, about 45 ms
   * more of the test driver's own messages, which a reader never waits for. Until the third record of 2026-12-07
   * Playwright drove the timed navigations; now a bare protocol connection does (bareChromium.ts says why).
   */
  const visit = async (path: string, backend: string, ready: string, done?: string) => {
    const tab = await bare.open(`${server.base}${path}?backend=${backend}`, {script: timing(ready, done)});
    try {
      const ms = await tab.evaluate<number>("globalThis.benchTimes.ready", 120_000);
      const doneMs = done ? await tab.evaluate<number>("globalThis.benchTimes.done", 600_000) : ms;
      const badge = await tab.evaluate<string | null>(`document.querySelector("[data-runtime-backend]")?.getAttribute("data-runtime-backend") ?? document.querySelector(".backend-badge")?.dataset.backend ?? null`);
      return {ms, doneMs, badge};
    } finally {
      await tab.close();
    }
  };
  /** The JavaScript (gzip) a page and its worker fetch on the way to its first result, from one navigation Playwright drives (untimed). */
  const scriptBytes = async (path: string, backend: string, ready: string) => {
    const page = await browser.newPage({serviceWorkers: "block"});
    const scripts = new Set<string>();
    page.on("request", (request) => {
      if (request.resourceType() === "script" || request.url().endsWith(".js")) scripts.add(new URL(request.url()).pathname);
    });
    await page.addInitScript({content: timing(ready)});
    await page.goto(`${server.base}${path}?backend=${backend}`);
    await page.evaluate("globalThis.benchTimes.ready");
    await page.close();
    return [...scripts].reduce((sum, pathname) => sum + gzipSync(readFileSync(`dist/${pathname.replace(/^\/course\//, "")}`)).length, 0);
  };
  const pages: PagesRecord["pages"] = [];
  for (const {name, path, firstResult, ready, done, backends} of specs) {
    const cells: string[] = [];
    const finished: string[] = [];
    let bytes = 0;
    for (const backend of BACKENDS) {
      if (!measuredBackends.includes(backend) || (backends && !backends.includes(backend))) {
        cells.push("—");
        finished.push("—");
        continue;
      }
      bytes = await scriptBytes(path, backend, ready);
      const runs = [];
      for (let i = 0; i < RUNS; ++i) runs.push(await visit(path, backend, ready, done));
      const ran = runs[0].badge === backend || runs[0].badge === null ? "" : ` (ran ${runs[0].badge})`; // null: a page that runs no backend (the home page)
      cells.push(`${median(runs.map((r) => r.ms)).toFixed(0)}${ran}`);
      finished.push(`${median(runs.map((r) => r.doneMs)).toFixed(0)}${ran}`);
      process.stderr.write(`${name} ${backend}: ${cells.at(-1)} ms${done ? `, done ${finished.at(-1)} ms` : ""}\n`);
    }
    pages.push({name, bytes, firstResult, cells, ...(done ? {done: finished} : {})});
  }
  const machine = {
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, no GPU (WebGPU is Chromium's SwiftShader software adapter)`,
    chromium: execSync(`${CHROMIUM} --version`, {encoding: "utf-8"}).trim(),
    runs: RUNS
  };
  await bare.close();
  if (!measureHome) {
    await browser.close();
    await server.close();
    return {...machine, pages, home: {columns: [], rows: []}};
  }
  // The micro-benchmark of "Your machine", read from its table after one full run.
  const home = await browser.newPage();
  await home.goto(`${server.base}machine.html`);
  await home.locator("button", {hasText: "Run the benchmark"}).click();
  await home.getByText("4 of 4 backends measured").waitFor({timeout: 180_000});
  const rows = await home.locator("table").first().evaluate((table) =>
    [...table.querySelectorAll("tbody tr")].map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent?.trim() ?? ""))
  );
  const columns = (await home.locator("table thead th").allTextContents()).map((h) => h.trim()).filter(Boolean);
  await browser.close();
  await server.close();
  return {...machine, pages, home: {columns, rows: rows.map((row) => row.slice(row.length - columns.length))}};
}

/** BENCHMARKS.md from the records in benchmarks/. */
function render(record: PagesRecord): string {
  const scalingSection = renderScaling(JSON.parse(readFileSync("benchmarks/scaling.json", "utf-8")));
  const fusedSections = readdirSync("benchmarks")
    .filter((file) => /^attention-.*\.json$/.test(file))
    .map((file) => renderFused(JSON.parse(readFileSync(`benchmarks/${file}`, "utf-8")), file))
    .join("\n");
  const {columns, rows} = record.home;
  return `# Benchmarks

Written by \`npm run bench\` on ${record.date.slice(0, 10)} (\`npm run bench -- --render\` writes this file again from \`benchmarks/\` without measuring). Machine: ${record.machine}. Browser: ${record.chromium}, headless, without the omnibox popup it builds as a WebUI page for every new window (each navigation here opens one; \`test/browser/launchChromium.ts\`), pages served from \`dist/\` by a plain local static server that holds every file in memory, compressed or not, from its start. Times are the median of ${record.runs} navigations, read on the page's own clock: from its navigation start to the animation frame that draws the change of the page that shows the result (until the second record of 2026-12-07 they ended at the change itself, before it was drawn). They include loading and compiling the page's JavaScript and, on WebGPU, compiling shaders. The timed navigations are driven by a bare DevTools-protocol connection that adds the timing script, navigates and waits for its answer (\`scripts/bareChromium.ts\`), not by Playwright, which follows every request, console message and frame of the page as it loads, on the page's two cores; the page's JavaScript is counted in one more navigation per page, which Playwright drives and nobody times. A page with a date after its name was measured again that day (\`npm run bench -- --only "chapter 10"\`, same machine kind), with the bundle of that day; the others are from the full run. Rows measured before 2026-12-07 ran from before the test driver's goto() to its next look at the page (about 45 ms of the driver's own messages more), with a server that read and compressed each file for every request on the same two cores; rows measured before the second record of 2026-12-07 shared the two cores with that omnibox popup, about 0.6 s of CPU during each chapter's load; rows measured before the third record of 2026-12-07 were driven by Playwright, which cost chapters 1, 2, 7 and 11 129, 130, 127 and 161 ms of their first result's time (medians of 5 interleaved navigations each way, that day). The fifth record of 2026-12-07 (about 22:00) was taken when the machine was slower than an hour before: chapter 1, whose code did not change in between, measured 603 ms against 496 ms at 21:00; the two builds, interleaved a few minutes before that run, measured it alike (534 and 534 ms, medians of 5 navigations each). Each change of that evening was judged by interleaved navigations of the builds before and after it (its commit message gives them), not by comparing records. The record shown is of 2026-12-08, about 06:00, build 9597450. The record before it, of about 05:20 (build 2bb6e32), measured the home page at 114 ms and chapters 1–13 at 351, 353, 536, 606, 666, 374, 424, 458, 501, 440, 423, 649 and 796 ms; between the two, chapter 12's cells that read its phase diagram came to wait for the finished grid (7e3b92a), and the offline copy's service worker came to be registered 8 s after a page's load event rather than at it (9597450), so that it no longer installs, storing about 7 MB, while a later navigation of the same browser loads; the two builds, interleaved (5 navigations each), measured chapters 9 and 3 alike (502 and 508 ms, 677 and 721 ms). Chapters 12 and 13 are over 600 ms in this record (628 and 640 ms); in the one of 05:20, chapters 4, 5, 12 and 13 were. The record of about 03:00 that day (build 9e0da86) measured the home page at 148 ms and chapters 1–13 at 394, 410, 554, 545, 761, 550, 564, 1240, 642, 572, 695, 861 and 976 ms; chapter 8's first result was then its whole sweep (since a434f10, the first size of it), and 11 of the other 12 chapters, whose code did not change until 05:20, came 18–272 ms sooner on the quieter machine of 05:20 (chapter 11: 695 → 423 ms). The record of 00:15 that day (builds whose chapters compute as 9e0da86's) measured chapters 1–13 at 488, 551, 854, 747, 949, 651, 748, 1186, 707, 652, 648, 968 and 1009 ms. A cell reading “—” was not measured in that run (\`npm run bench -- --backends wasm,cpu\`).

## Pages: size and time to first result

| page | JavaScript (gzip) | first result | webgpu ms | wasm ms | webgl ms | cpu ms |
|---|---|---|---|---|---|---|
${record.pages.map((page) => `| ${page.name}${page.date ? ` (${page.date.slice(0, 10)})` : ""} | ${(page.bytes / 1024).toFixed(0)} KiB | ${page.firstResult} | ${page.cells.join(" | ")} |`).join("\n")}
${[...new Set(record.pages.flatMap((page) => (page.chromium ? [page.chromium] : [])))].map((chromium) => `\nMeasured with ${chromium}, not the browser above: ${record.pages.filter((page) => page.chromium === chromium).map((page) => page.name).join(", ")}.\n`).join("")}
## Training pages: time to finished training

From navigation to the last training step with the chapter's default settings (the same navigations as above); measured for the chapters listed.

| page | webgpu ms | wasm ms | webgl ms | cpu ms |
|---|---|---|---|---|
${record.pages.filter((page) => page.done).map((page) => `| ${page.name} | ${page.done!.join(" | ")} |`).join("\n")}

## Your machine: attention micro-benchmark

softmax(QKᵀ/√d)V with n = 256 queries and keys, d = 64, about 0.5 s per backend, output read back after every call.

| ${columns.join(" | ")} |
|${columns.map(() => "---").join("|")}|
${rows.map((row) => `| ${row.join(" | ")} |`).join("\n")}

${renderLighthouse()}

${scalingSection}

${fusedSections}

## Reading these numbers

- These times move with how busy this shared 2-core machine is, as much as with the code. On 2026-12-07 the build of the day before measured chapter 3 at 1,548 ms and chapter 6 at 1,562 ms on WASM, against 934 and 1,237 ms in its own record of 2026-12-06; later that day the harness was found sharing the cores with the browser's omnibox popup (above), which the browser of the earlier rows (156.0.8078.108) may not have built. The same build measured chapter 1 at 603 ms in a full run and at 448 ms in a run of two pages a few minutes earlier. Compare a change by interleaved runs of the two builds, not by records of different days or runs.
- There is no GPU here: "webgpu" is Chromium's SwiftShader adapter, a CPU emulation, slower than WASM at every computation on these pages (see the micro-benchmark), which is why the automatic choice skips it on a software adapter. On WebGPU the first result waits for shader compilation; chapter 3 also grounds 3000 scenes, and chapter 5 generates its 300 training clips (their features computed on the chosen backend, in slices) before the first training step, and its 300 test clips after it (since 8b5742e; before, all 600 came first).
- Each page loads its own bundle and the shared chunks it needs (Plot, KaTeX, the controls), and computes in a worker that loads tfjs-core, the chosen backend's chunk and the chapter's experiment; the JavaScript column counts every script the page and its worker fetched on the WASM run until its first result (gzip), KaTeX and Framework's own client included. The byte budgets that \`npm test\` checks (\`scripts/pageBudgets.ts\`) count only what a page needs before its first result.
- Chapters 10 and 11 train two models side by side for 150 steps each (chapter 10: the cross-modal model and its ablation on batches of 64 rows, evaluated on 1000 held-out rows every 10 steps; chapter 11: the fusion model and the ligand-only baseline, full batch, evaluated on 256 test complexes every 10 steps). On the software WebGPU adapter every one of the many small operations of a step costs milliseconds, so finishing takes about a minute there and a few seconds on WASM or the CPU. Chapter 12's single runs are plain JavaScript, quick even in the worker; its first result here is the phase diagram, 1024 simulations × 960 simulated hours as one tfjs computation. Chapter 13 trains three transformers side by side (cross-attention, pooled image, question only) for 700 steps of 64 generated scenes and questions, and measures them on 1024 held-out questions every 50 steps; \`npm run bench\` measures it on WASM only, whatever \`--backends\` asks. The CPU backend would take about 26 minutes: in Node here it trains 0.45 steps a second (\`npm run experiment -- vlm --backend cpu --steps 10\`, 2026-12-06), against 7.7 on WASM; and the software WebGPU adapter spends about a minute compiling shaders for 2 steps.
- Chapter 6's first result is its first timing point; on a software WebGPU adapter the page starts its sweep at N ≤ 256.
- Chapters 7, 8 and 9 compute in closed form (no training). The first result of chapters 7 and 9 is the status line that follows the first figures' computation: chapter 7's five singular triplets, chapter 9's 5000 utterances at 6 visual weights. Chapter 8's Monte-Carlo sweep over n (7 sizes, each with the free-α search, plus the antipodal case; 3 sizes on a software WebGPU adapter) reports each size to its status line as it is measured, with its estimates, and draws its figures once the sweep is whole; its first result is the status line's first size, n = 10 (until 2026-12-08, the whole sweep: the record of about 03:00 that day measured 1240 ms to it). Drawing the figure at every size as well took more of a phone's thread: Lighthouse's TBT on chapter 8, medians of 6 interleaved runs, was 406 ms with it, 254 ms without it and 247 ms for the build before either. Every operation on a software adapter (WebGPU or WebGL here) has a fixed cost of milliseconds, which is why chapter 8, with the most operations, is slowest there. Chapter 8's worker also loads mathjs's evaluator (93 KiB gzip), which no other page does, once the page's first result is on the screen, to evaluate the bounds of its prose (before 2026-12-07, the page itself loaded it as it opened).
- The fused kernel does the same 4·N²·d flops as tfjs's three operations. On SwiftShader every shader runs as emulated CPU code, where writing and re-reading the N × N scores costs little; its gain there comes from doing the work in one pass with less per-element overhead, and the kernel profile shows where tfjs's time goes (its QKᵀ product with a transposed operand is the slowest part). The design is for real GPUs: coalesced tile loads, workgroup-memory tiles read as broadcasts, no N × N buffer; the NVIDIA H200 record shows it there, next to PyTorch's fused SDPA on the same GPU.
`;
}

interface Point {
  variant: string;
  n: number;
  ms: number;
  firstMs: number;
  compileMs: number;
  bytes: number;
}

/** Chapter 6's sweep per backend: steady ms per variant and N, and the slopes from N = 512 up. */
function renderScaling(record: {date: string; settings: {d: number; block: number; k: number}; slopeFrom: number; results: {backend: string; error?: string; points?: Point[]; slopes?: Record<string, number>; adapter?: {description?: string}}[]}) {
  const rows: string[] = [];
  for (const result of record.results) {
    if (!result.points) {
      rows.push(`| ${result.backend} | — | could not run: ${result.error} |||||`);
      continue;
    }
    for (const variant of [...new Set(result.points.map((p) => p.variant))]) {
      const mine = result.points.filter((p) => p.variant === variant);
      const slope = result.slopes?.[variant];
      rows.push(`| ${result.backend} | ${variant} | ${mine.map((p) => `${p.n}: ${p.ms.toFixed(p.ms < 10 ? 2 : 0)}`).join(" · ")} | ${slope?.toFixed(2) ?? "—"} | ${(Math.max(...mine.map((p) => p.bytes)) / 2 ** 20).toFixed(1)} |`);
    }
  }
  const slope = (backend: string, variant: string) => record.results.find((r) => r.backend === backend)?.slopes?.[variant];
  const checks = record.results.filter((r) => r.slopes).map(({backend}) => {
    const [local, dense] = [slope(backend, "local"), slope(backend, "dense")];
    const ok = local !== undefined && dense !== undefined && local <= 1.2 && dense >= 1.6;
    return `${backend}: block-local ${local?.toFixed(2)} (≤ 1.2), dense ${dense?.toFixed(2)} (≥ 1.6): ${ok ? "holds" : "DOES NOT HOLD"}`;
  });
  return `## Chapter 6: attention variants per backend (Node)

\`npm run bench:scaling\` on ${record.date.slice(0, 10)}: the page's own sweep (\`sweepAttentionTiming\`) in Node, d = ${record.settings.d}, block b = ${record.settings.block}, top-${record.settings.k}; median of 3 to 7 calls (up to 2 s) after a first one, output read back each time. WebGPU is Dawn over SwiftShader (a CPU emulation). Slopes are least-squares log-log fits from N = ${record.slopeFrom} up. Issue 5's check: ${checks.join("; ")}.

| backend | variant | steady ms at N | slope | peak MiB beyond inputs |
|---|---|---|---|---|
${rows.join("\n")}`;
}

/** One record of scripts/attentionBench.ts: fused against unfused, largest N, and a kernel profile; with PyTorch's SDPA where one was measured. */
function renderFused(record: {date: string; adapter: {vendor?: string; description?: string; software?: boolean}; gpu?: string; limits: Record<string, number>; d: number; timings: {path: string; n: number; readbackMs: number; steadyMs: number; firstMs: number; gflops: number}[]; largest: Record<string, {n: number; firstFailure?: {n: number; why: string}}>; profile?: {n: number; unfused: {name: string; ms: number}[]; fusedMs: number}; tests?: string[]}, file: string) {
  const device = record.gpu ?? [record.adapter.vendor, record.adapter.description].filter(Boolean).join(" ");
  const sdpaFile = file.replace(/^attention-/, "sdpa-");
  const sdpa = readdirSync("benchmarks").includes(sdpaFile) ? (JSON.parse(readFileSync(`benchmarks/${sdpaFile}`, "utf-8")) as {torch: string; sdpa: {n: number; ms: number}[]}) : undefined;
  const ns = [...new Set(record.timings.map((t) => t.n))];
  const at = (path: string, n: number) => record.timings.find((t) => t.path === path && t.n === n);
  const rows = ns.map((n) => {
    const [unfused, fused] = [at("unfused", n)!, at("fused", n)!];
    const torch = sdpa?.sdpa.find((s) => s.n === n);
    return `| ${n} | ${unfused.steadyMs.toFixed(3)} | ${fused.steadyMs.toFixed(3)} | ${(fused.steadyMs / unfused.steadyMs).toFixed(2)} | ${unfused.gflops.toFixed(unfused.gflops < 10 ? 2 : 0)} | ${fused.gflops.toFixed(fused.gflops < 10 ? 2 : 0)} | ${unfused.readbackMs.toFixed(2)} / ${fused.readbackMs.toFixed(2)} |${sdpa ? ` ${torch ? `${torch.ms.toFixed(3)} (${(fused.steadyMs / torch.ms).toFixed(2)}×)` : "—"} |` : ""}`;
  });
  const tilings = [...new Set(record.timings.map((t) => t.path).filter((p) => p.startsWith("fused ")))];
  const tilingRows = tilings.map((path) => `| ${path.slice(6)} | ${ns.map((n) => at(path, n)?.steadyMs.toFixed(3) ?? "—").join(" | ")} |`);
  const largest = Object.entries(record.largest).map(([path, {n, firstFailure}]) => `${path} completed up to N = ${n}${firstFailure ? ` and failed at N = ${firstFailure.n} (${firstFailure.why})` : ""}`);
  return `## Fused WebGPU attention against tfjs: ${device}${record.adapter.software ? " (software adapter)" : ""}

\`npm run bench:attention\` on ${record.date.slice(0, 10)}, Node + Dawn, d = ${record.d}, N = M, fp32. "steady" is the time per call over back-to-back calls with one read-back at the end; "with read-back" waits for every output. GFLOP/s counts 4·N²·d per call.${record.tests ? ` The fused kernel's WebGPU tests on this device: ${record.tests.join(", ")}.` : ""}

| N | tfjs ms | fused ms | fused / tfjs | tfjs GFLOP/s | fused GFLOP/s | with read-back ms (tfjs / fused) |${sdpa ? ` PyTorch ${sdpa.torch} SDPA ms (fused ÷ it) |` : ""}
|---|---|---|---|---|---|---|${sdpa ? "---|" : ""}
${rows.join("\n")}

Largest N (doubling from 1024, three rows checked against a float64 reference, no GPU error): ${largest.join("; ")}. Device limits: ${Object.entries(record.limits).map(([k, v]) => `${k} ${v.toLocaleString("en")}`).join(", ")}.
${tilingRows.length ? `\nOther tilings of the fused kernel (rows × threads per row × keys per tile), steady ms:\n\n| tiling | ${ns.map((n) => `N ${n}`).join(" | ")} |\n|---|${ns.map(() => "---").join("|")}|\n${tilingRows.join("\n")}\n` : ""}${record.profile ? `\nKernel profile at N = ${record.profile.n} (tfjs's profiler from GPU timestamps, which Dawn may round to about 0.1 ms, so sub-millisecond kernels read unreliably): tfjs ${record.profile.unfused.map((k) => `${k.name} ${k.ms.toFixed(2)} ms`).join(", ")} (total ${record.profile.unfused.reduce((a, k) => a + k.ms, 0).toFixed(2)} ms); fused ${record.profile.fusedMs.toFixed(2)} ms.\n` : ""}`;
}

/** The Lighthouse record (scripts/lighthouse.ts), if there is one. */
function renderLighthouse(): string {
  if (!existsSync("benchmarks/lighthouse.json")) return "";
  const record: {tool: string; machine: string; date: string; pages: LighthouseRecord[]} = JSON.parse(readFileSync("benchmarks/lighthouse.json", "utf-8"));
  return `## Lighthouse (mobile)

${record.tool}; ${record.machine}; ${record.date}. Scores out of 100; FCP, LCP and TBT in milliseconds (simulated slow 4G and a 4× slower CPU); CLS, the cumulative layout shift. Where a page was audited more than once, its row is the median run (Lighthouse's computeMedianRun, the run nearest the median first paint and time to interactive, whatever its TBT), and the range of the runs' performance and TBT follows in brackets; since the third record of 2026-12-07 every page is audited 5 times, as Lighthouse's docs advise ("The median Lighthouse score of 5 runs is twice as stable as 1 run"), where it was 3. That evening the machine was slower than in the morning for every build: chapters 12 and 13, unchanged since the morning's record (94 and 92, TBT 235 and 289 ms), measured 86 and 83 (TBT 494 and 591 ms); the morning's build, interleaved with the evening's right after (4 runs each), had TBT 300–515 ms on chapter 12 against 189–449 ms, and 424–774 ms on chapter 13 against 137–592 ms. The fifth record of that day (about 22:20, the evening's last build) had performance ≥ 90 on 8 of 15 pages. The record below, of 2026-12-08 (about 06:15, build 9597450), has performance ≥ 90 and TBT ≤ 300 ms on every page. Each of its audits ran in a browser of its own (e816cd0); before, one browser ran every audit. Two changes came before it. The offline copy's service worker is registered 8 s after a page's load event, not at it (9597450). Its install stores about 7 MB, and at load it ran while the page computed and drew its first results. Interleaved, 5 runs each, it moved chapter 12's TBT median from 339 to 76 ms and chapter 13's from 229 to 82 ms. Then each audit got a fresh browser, so that an install begun in one audit no longer runs into the next. A record taken between the two changes, in one shared browser (about 06:10), had chapters 11, 12 and 13 at performance 90, 66 and 88 (TBT 323, 597 and 355 ms), with chapter 12's median run at a first paint of 2,162 ms, against about 1,150 ms in every other record. The record of about 05:30 (build 2bb6e32, the worker registered at load) had 12 of 15 pages, all but chapters 11 (89, TBT 363 ms), 12 (84, 568 ms) and 13 (79, 725 ms). That of about 03:10 (build 9e0da86) had 13 of 15, all but chapter 12 (87, 461 ms) and chapter 13 (80, 728 ms; 77 and 873 ms at 03:55 after 2a97bd8). That of about 00:20 (build 20f6eb6) had 8 of 15. That record of 00:20 had 8, as the fifth of 2026-12-07 had, not the same 8: chapter 2, whose code did not change between the two, went from 79 (TBT 725 ms) to 95 (139 ms), and chapter 10, unchanged too, from 90 (318 ms) to 78 (862 ms); the two builds of chapter 10, interleaved right after this record (4 runs each), had TBT 366–1,115 ms (the earlier build) and 916–2,280 ms (this one), with no change to chapter 10's code. The fourth (about 21:00, the build of 30e7b9d, before chapter 12's status was slowed to a redraw every 100 ms) was taken when the machine was slower again, and had performance ≥ 90 on 5 of 15 pages: chapters 1 and 2 measured 86 and 89 (TBT 435 and 394 ms) against 94 and 96 (195 and 137 ms) in the evening's record, and a proxy for chapter 1's blocking time (main-thread tasks in the first 5 s of a load, each counted as max(0, 4d − 50) ms) measured that build and the one before its changes (f9d420b) alike, 598 and 584 ms (medians of 5 interleaved loads). That build before, interleaved with it right after (4 runs each), had TBT 482–1055 ms on chapter 12 against 1017–1346 ms, and 881–1244 ms on chapter 13 against 691–1338 ms; with chapter 12's slower status (c07ee54), 472–1160 ms against 287–946 ms. The scores move with how busy this shared 2-core machine is, more than the runs of one page show: on 2026-12-07 a full run of one build, begun a quarter of an hour before the run then recorded, measured chapters 3–11 at performance 51–73 and TBT 406–2,056 ms (their median runs; the run recorded had them at 84–94 and 174–511 ms). Later that day, two full runs 45 minutes apart, of builds whose chapter pages differ only in how esbuild split their shared code into chunks, measured every page at performance ≥ 90 and TBT ≤ 300 ms (the earlier run: chapter 10 at 97 and 60 ms, chapter 5 at 98 and 28 ms) and then chapters 10 and 5 at 87 and 399 ms and 91 and 321 ms (the later run, the record until that evening); the two builds, interleaved right after, measured alike (chapter 10: TBT 337–520 ms against 241–882 ms, 3 runs each). So a change is judged by interleaved runs of the two builds at the same time, never by comparing records. Until 2026-12-07 the local server also compressed every file again for each request, on the same two cores as the page it served; it now holds every file compressed from its start. With the same build, interleaved (5 runs each, medians), that change alone moved chapter 4 from performance 83 and TBT 615 ms to 87 and 411 ms, and chapter 11 from 81 and 640 ms to 87 and 454 ms: part of what earlier records counted against the pages was the server's.

| page | runs | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS | failed audits |
|---|---|---|---|---|---|---|---|---|---|---|
${record.pages.map((p) => `| ${p.page} | ${p.runs ?? 1} | ${p.scores.performance}${p.performanceRange ? ` (${p.performanceRange.join("–")})` : ""} | ${p.scores.accessibility} | ${p.scores["best-practices"]} | ${p.scores.seo} | ${p.fcpMs} | ${p.lcpMs} | ${p.tbtMs}${p.tbtRangeMs ? ` (${p.tbtRangeMs.join("–")})` : ""} | ${p.cls ?? "—"} | ${p.failed.join(", ") || "—"} |`).join("\n")}`;
}
