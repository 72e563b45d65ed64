/**
 * Lighthouse 12.2.3 on every built page, as a new reader's phone sees it: the mobile preset (simulated
 * slow 4G, 4× slower CPU), dist/ served gzip-compressed under a sub-path like a static host, Debian's
 * Chromium headless. Prints each page's category scores with FCP, LCP, TBT and CLS, and each failed
 * accessibility, best-practices or SEO audit, and writes them to benchmarks/lighthouse.json with the
 * machine and date (`npm run bench` runs it and renders the record into BENCHMARKS.md). A benchmark, not
 * a test: the scores depend on the machine.
 * Each page is audited `--runs` times (5 by default: "The median Lighthouse score of 5 runs is twice as stable as
 * 1 run", Lighthouse's docs/variability.md; until 2026-12-07 it was 3, and on this shared machine 3 runs of one
 * build of chapter 4 spread from 352 to 1,122 ms of total blocking time, 5 runs of it shortly before from 164 to
 * 389 ms) and the run Lighthouse's own computeMedianRun picks
 * (nearest the median first paint and time to interactive) is recorded, with the range of the runs'
 * performance and blocking time: one run of a page that trains could not tell a 2× change from noise
 * (chapter 10's blocking time measured 248 ms, then 978 ms, with the same build).
 * Each run has a browser of its own, started for it with a new profile and closed after it, so that nothing a run
 * leaves going carries into the next: a page registers the offline copy's service worker 8 s after it loads, and
 * its install (about 7 MB stored) could still be running when the next audit began in the same browser.
 * Usage: tsx scripts/lighthouse.ts [--only index,machine,01-bilinear-handshake] [--runs 5]
 */
import {existsSync, readFileSync, writeFileSync} from "node:fs";
import {cpus, totalmem} from "node:os";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import {computeMedianRun} from "lighthouse/core/lib/median-run.js";
import {CHAPTERS} from "../components/chapters.js";
import {CHROMIUM} from "../test/browser/launchChromium.js";
import {serveStatic} from "../test/browser/staticServer.js";

export interface LighthouseRecord {
  page: string;
  scores: Record<"performance" | "accessibility" | "best-practices" | "seo", number>;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls?: number; // cumulative layout shift (recorded since 2026-12-06)
  failed: string[]; // "category: audit id" of every failed audit outside performance
  date?: string; // when measured
  runs?: number; // audits of the page; the record is their median run (recorded since 2026-12-06)
  performanceRange?: [number, number]; // lowest and highest performance score of the runs
  tbtRangeMs?: [number, number]; // lowest and highest total blocking time of the runs
}

const PAGES = ["index", "machine", ...CHAPTERS.filter((chapter) => chapter.figures?.length).map((chapter) => `chapters/${chapter.slug}`)];
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1].split(",") : undefined;
const RUNS = process.argv.includes("--runs") ? Number(process.argv[process.argv.indexOf("--runs") + 1]) : 5;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs must be a whole number of at least 1, not ${process.argv[process.argv.indexOf("--runs") + 1]}`);

const server = await serveStatic("dist", "/course/", {gzip: true});
/** One audit of `url` in a browser started for it (a new profile each time) and closed after it. */
async function audit(url: string) {
  const chrome = await chromeLauncher.launch({chromePath: CHROMIUM, chromeFlags: ["--headless=new", "--no-sandbox"]});
  try {
    return (await lighthouse(url, {port: chrome.port, output: "json", logLevel: "error"}))!.lhr;
  } finally {
    await chrome.kill();
  }
}
const records: LighthouseRecord[] = [];
try {
  for (const page of PAGES.filter((page) => !only || only.some((name) => page.endsWith(name)))) {
    const runs: Awaited<ReturnType<typeof audit>>[] = [];
    for (let run = 0; run < RUNS; ++run) runs.push(await audit(`${server.base}${page}.html`));
    const lhr = computeMedianRun(runs) as (typeof runs)[number];
    const score = (id: string, result = lhr) => Math.round(100 * (result.categories[id]?.score ?? 0));
    const range = (values: number[]): [number, number] => [Math.min(...values), Math.max(...values)];
    const failed = ["accessibility", "best-practices", "seo"].flatMap((category) =>
      lhr.categories[category].auditRefs.filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score! < 1).map((ref) => `${category}: ${ref.id}`)
    );
    const record: LighthouseRecord = {
      page,
      scores: {performance: score("performance"), accessibility: score("accessibility"), "best-practices": score("best-practices"), seo: score("seo")},
      fcpMs: Math.round(lhr.audits["first-contentful-paint"].numericValue ?? NaN),
      lcpMs: Math.round(lhr.audits["largest-contentful-paint"].numericValue ?? NaN),
      tbtMs: Math.round(lhr.audits["total-blocking-time"].numericValue ?? NaN),
      cls: Number((lhr.audits["cumulative-layout-shift"].numericValue ?? NaN).toFixed(3)),
      failed,
      date: new Date().toISOString().slice(0, 10),
      runs: RUNS,
      performanceRange: range(runs.map((run) => score("performance", run))),
      tbtRangeMs: range(runs.map((run) => Math.round(run.audits["total-blocking-time"].numericValue ?? NaN)))
    };
    records.push(record);
    console.log(`${page}: ${Object.entries(record.scores).map(([k, v]) => `${k} ${v}`).join(", ")}; FCP ${record.fcpMs} ms, LCP ${record.lcpMs} ms, TBT ${record.tbtMs} ms, CLS ${record.cls}; ${RUNS} runs: performance ${record.performanceRange!.join("–")}, TBT ${record.tbtRangeMs!.join("–")} ms${failed.length ? `; failed: ${failed.join(", ")}` : ""}`);
  }
} finally {
  await server.close();
}

// With --only, the pages measured replace theirs in the record and the others stay (each keeps its date).
const RECORD = "benchmarks/lighthouse.json";
const date = new Date().toISOString().slice(0, 10);
const kept: LighthouseRecord[] = only && existsSync(RECORD) ? JSON.parse(readFileSync(RECORD, "utf-8")).pages : [];
const pages = PAGES.map((page) => records.find((r) => r.page === page) ?? kept.find((r) => r.page === page)).filter((r) => r !== undefined);
writeFileSync(
  RECORD,
  JSON.stringify({tool: "lighthouse 12.2.3, mobile preset, dist/ served gzip", machine: `${cpus().length} × ${cpus()[0].model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, headless Chromium`, date, pages}, null, 1) + "\n"
);
