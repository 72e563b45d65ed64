/**
 * Every built page, read the way a reader would: in headless Debian Chromium, once on WebGPU
 * (SwiftShader, forced with ?backend=webgpu) and once on the automatic fallback (WASM), from a plain
 * static server under a sub-path. Any console error, page error, failed request, request to another
 * host, missing figure, wrong badge or leaked tensor fails the test. It lives in alone/ because it
 * bounds each page's longest task: `npm run test:browser` runs it with nothing else on the machine,
 * then the other browser tests side by side.
 */
import assert from "node:assert/strict";
import {after, before, describe, test} from "node:test";
import type {Browser, Page} from "playwright-core";
import {launchChromium} from "../launchChromium.js";
import {CHAPTERS} from "../../../components/chapters.js";
import {HANDSHAKE_PARAMETERS} from "../../../components/chapters/01-bilinear-handshake/bilinearHandshake.js";
import {recordProblems} from "../recordProblems.js";
import {seeAllFigures, seeFigure} from "../seeFigures.js";
import {serveStatic, type StaticServer} from "../staticServer.js";
import {startTaskTrace, stopTaskTrace, threadTimeOf} from "../taskTrace.js";

const WRITTEN = CHAPTERS.filter((chapter) => chapter.figures?.length);
// On the software WebGPU adapter every change queues GPU work that must drain even when the run it
// belongs to is abandoned, so that mode makes fewer changes: 3, two runs abandoned and the last one
// finished (a run that kept one tensor would leave 3 more than the baseline); the fallback makes 6.
// The test's own passes through the page draw every figure it has not drawn yet (figures draw only near the screen: figureTurn.ts).
// Each pass ends by collecting that drawing's garbage, so the collection falls within the pass the long-task bounds leave out,
// not seconds later in a task of the chapter's computation (a 52-65 ms task, 25 ms of it rendering and no script, was seen there).
const EXPOSE_GC = "--js-flags=--expose-gc";
const collectGarbage = (page: Page) => page.evaluate(() => (globalThis as any).gc?.()); // a browser started without EXPOSE_GC (the lost-device test) has none to call

const MODES = [
  {name: "WebGPU (SwiftShader)", args: ["--enable-unsafe-webgpu", EXPOSE_GC], query: "?backend=webgpu", backend: "webgpu", changes: 3},
  {name: "fallback (no WebGPU)", args: [EXPOSE_GC], query: "", backend: "wasm", changes: 6}
] as const;
const LONG = 240_000; // a whole WebGPU training run on a software adapter is slow

let server: StaticServer;
before(async () => {
  server = await serveStatic("dist");
});
after(() => server.close());

/**
 * Runs a chapter's test so that a step that never ends fails it `ms` in, naming that step and what the page showed
 * then (its status lines, and whether its worker still answers), where the test runner's own timeout would say only
 * "timed out". `step(what, page)` says what the test does next.
 */
async function namingStalls(ms: number, body: (step: (what: string, page?: Page) => void) => Promise<void>): Promise<void> {
  let doing = "opening the page";
  let page: Page | undefined;
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(async () => reject(new Error(`no progress in ${ms / 1000} s, while ${doing}; the page showed ${await pageState(page)}`)), ms);
  });
  try {
    await Promise.race([
      body((what, on) => {
        doing = what;
        page = on ?? page;
      }),
      stalled
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** What a page shows of its state: its status lines, and whether its worker answers. */
async function pageState(page: Page | undefined): Promise<string> {
  if (!page) return "nothing yet";
  const state = page.evaluate(async () => {
    const statuses = [...document.querySelectorAll<HTMLElement>("[data-state]")].map((node) => `${node.className} "${node.textContent?.trim().slice(0, 80)}" (${node.dataset.state}${node.hasAttribute("data-stale") ? ", stale" : ""})`);
    const memory: Promise<{numTensors: number}> | undefined = (globalThis as any).courseRuntime?.memory();
    const answer = await Promise.race([memory?.then((m) => `answers (${m.numTensors} tensors)`) ?? "is not started", new Promise((resolve) => setTimeout(() => resolve("does not answer in 3 s"), 3000))]);
    return `${statuses.join("; ") || "no status line"}; its worker ${answer}`;
  });
  const silent = new Promise<string>((resolve) => setTimeout(() => resolve("nothing: its thread did not answer in 5 s"), 5000));
  return Promise.race([state, silent]).catch((error: Error) => `nothing readable (${error.message.split("\n")[0]})`);
}

/** Opens a page and records everything that must not happen on it. */
async function open(browser: Browser, path: string): Promise<{page: Page; problems: string[]}> {
  const context = await browser.newContext({viewport: {width: 1200, height: 900}, serviceWorkers: "block"}); // offline.test.ts tests the service worker; here it would only add work
  const page = await context.newPage();
  await page.addInitScript(() => {
    const tasks: {start: number; duration: number}[] = ((globalThis as any).longTasks = []);
    new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push({start: e.startTime, duration: e.duration}))).observe({type: "longtask", buffered: true});
    // what ran in each long frame, so a long task the bounds below refuse is named in the failure (scripts and their share, layout)
    const frames: {start: number; end: number; what: string}[] = ((globalThis as any).longFrames = []);
    new PerformanceObserver((list) =>
      list.getEntries().forEach((e: any) => {
        const scripts = [...e.scripts].sort((a: any, b: any) => b.duration - a.duration).slice(0, 3).map((s: any) => `${s.invoker || s.invokerType} ${s.sourceFunctionName || ""} ${s.sourceURL.split("/").pop()}:${s.sourceCharPosition} ${Math.round(s.duration)} ms`);
        const layout = e.styleAndLayoutStart ? Math.round(e.startTime + e.duration - e.styleAndLayoutStart) : 0;
        frames.push({start: e.startTime, end: e.startTime + e.duration, what: `${scripts.join("; ") || "no script"}; style, layout and paint ${layout} ms`});
      })
    ).observe({type: "long-animation-frame", buffered: true});
  });
  const problems: string[] = [];
  await recordProblems(context, server.origin, problems);
  await page.goto(server.base + path);
  return {page, problems};
}

async function close(page: Page) {
  await page.context().close();
}

/**
 * The backend of every badge on the page, once the reader has seen every figure (a figure off the screen redraws
 * only then). The pass through the page is kept in `scrollPasses`: the long-task bounds below are about what the
 * computation costs the page's thread, and leave out the drawing a scroll from top to bottom asks for.
 */
async function badges(page: Page): Promise<string[]> {
  const from = await page.evaluate(() => performance.now());
  await seeAllFigures(page);
  await collectGarbage(page);
  await page.evaluate((from) => ((globalThis as any).scrollPasses ??= []).push([from, performance.now()]), from);
  return page.locator(".backend-badge").evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).dataset.backend ?? ""));
}

async function tensors(page: Page): Promise<number> {
  // a promise where the page computes in a worker; a worker that does not answer is named, not waited for until the test times out
  return page.evaluate(() =>
    Promise.race([(globalThis as any).courseRuntime.memory().then((m: {numTensors: number}) => m.numTensors), new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the page's worker did not answer memory() in 20 s")), 20_000))])
  );
}

async function expectFigures(page: Page, names: string[]) {
  // A figure far from the screen draws and redraws only once the reader comes near it (figureTurn.ts): the test scrolls to it, as a reader does.
  for (const name of names) await seeFigure(page, name, {timeout: 90_000, until: "chart"}); // grounding 3000 scenes on a software WebGPU adapter takes half a minute
  await page.evaluate(() => window.scrollTo(0, 0)); // back to the top, where the long-task bounds below have always been measured
  await collectGarbage(page);
}

/** Types a value into a parameter's number box and commits it, as a reader does (the first group's, where several share a name). */
async function setNumber(page: Page, parameter: string, value: number | string) {
  const box = page.locator(`[data-parameter="${parameter}"] input[type="number"]`).first();
  await box.fill(String(value));
  await box.dispatchEvent("change");
}

/**
 * How a chapter is driven: the element whose data-state says "done", the settings in the link that
 * keep a run short on the slow software WebGPU adapter, and the slider the leak check drags.
 * Training chapters train; chapter 6 measures (a timing sweep); chapters 7, 8 and 9 compute in closed form.
 */
interface Flow {
  status: string;
  alsoDone?: string; // a second status element, of a computation beside the main one, that must say done too
  onceDone?: string; // the status of a computation beside the main one that the check's changes do not run again: done before the first count
  link?: string; // settings given in the URL on every backend, as a shared link gives them (a page whose default run is long)
  webgpuLink?: string; // settings given in the URL on WebGPU, in place of link
  number?: {parameter: string; value: (i: number) => number}; // the number box the leak check types into (default: the seed)
  shortRun?: {parameter: string; value: number}; // typed before the leak check on the fallback, so its last run is short (the first ran the defaults)
  slider: {parameter: string; value: (i: number) => number};
  webgpuTaskBound: number; // ms; a training page compiles new shaders on the page's thread, the timing sweep compiles ahead
}
const TRAINING: Flow = {status: ".training-status", webgpuLink: "steps=10", shortRun: {parameter: "steps", value: 20}, slider: {parameter: "learningRate", value: (i) => -1.5 + 0.05 * i}, webgpuTaskBound: 400};
const FLOWS: Record<string, Flow> = {
  grounding: {...TRAINING, webgpuLink: "steps=10&grounding.scenes=300"},
  multiscale: {...TRAINING, webgpuLink: "steps=10&clips=40"},
  masked: {...TRAINING, webgpuLink: "steps=10&batch=16"},
  binding: {...TRAINING, webgpuLink: "steps=10&complexes=32"},
  cost: {status: ".sweep-status", webgpuLink: "timing.largest=64&topk.n=64&pruning.scenes=200", slider: {parameter: "k", value: (i) => 2 + i}, webgpuTaskBound: 200},
  svd: {status: ".compute-status", onceDone: ".noise-sweep-status", slider: {parameter: "noise", value: (i) => 0.02 + 0.01 * i}, webgpuTaskBound: 400},
  rademacher: {status: ".compute-status", alsoDone: ".excess-status", webgpuLink: "draws=50", slider: {parameter: "d", value: (i) => 2 + i}, webgpuTaskBound: 400},
  asr: {status: ".compute-status", webgpuLink: "trials=1000", slider: {parameter: "lambda", value: (i) => 0.1 * i}, webgpuTaskBound: 400},
  // Chapter 12 has no seed (its model is deterministic); τθ and η_H only move the phase diagram's ring, so the check changes days and η_g.
  // Chapter 13 trains three transformers for 700 steps by default, about 80 s on WASM here: the check trains 60, past its first
  // evaluation (step 50). On the software WebGPU adapter every new shape compiles new shaders, about a minute for 2 steps.
  vlm: {...TRAINING, link: "steps=60", webgpuLink: "steps=2&batch=8&heldOut=16"},
  plasticity: {status: ".compute-status", webgpuLink: "days=20", number: {parameter: "days", value: (i) => 10 + i}, slider: {parameter: "etaG", value: (i) => 0.01 + 0.002 * i}, webgpuTaskBound: 400}
};
/** ms: the longest task the page's thread may run while a chapter computes on WASM (issue 19's bound): from its first figures drawn, through its run and the reader's changes. */
const COMPUTING_TASK_BOUND = 50;
const flowOf = (chapter: (typeof WRITTEN)[number]): Flow => FLOWS[chapter.experiment ?? ""] ?? TRAINING;

/**
 * Marks the status elements on the page now as stale: a change re-runs the chapter, which draws a
 * new status element, so `fresh(flow)` then waits for the new run's status, never an old "done".
 */
async function markStale(page: Page, {status, alsoDone}: Flow) {
  for (const selector of [status, alsoDone ?? []].flat()) await page.locator(selector).evaluateAll((nodes) => nodes.forEach((node) => node.setAttribute("data-stale", "")));
}
/** Waits until the run a change started, and the one beside it (alsoDone), say done: then nothing of theirs is in flight. */
async function freshDone(page: Page, {status, alsoDone}: Flow) {
  for (const selector of [status, alsoDone ?? []].flat()) {
    await page
      .locator(`${selector}[data-state="done"]:not([data-stale])`)
      .waitFor({timeout: LONG / 2})
      .catch(async (error: Error) => assert.fail(`the last change's run never said done (${error.message.split("\n")[0]}); the page showed ${await pageState(page)}`));
  }
}

/** Changes a setting the way a reader does, `count` times: typed numbers (the seed, by default) and slider drags in turn. */
async function changeControls(page: Page, count: number, flow: Flow) {
  const {slider, number = {parameter: "seed", value: (i: number) => 10 + i}} = flow;
  for (let i = 0; i < count; ++i) {
    await markStale(page, flow);
    if (i % 2 === 0) {
      await setNumber(page, number.parameter, number.value(i));
    } else {
      await page.locator(`[data-parameter="${slider.parameter}"] input[type="range"]`).evaluate((input: HTMLInputElement, v) => {
        input.value = String(v);
        input.dispatchEvent(new Event("input", {bubbles: true}));
      }, slider.value(i));
    }
    await page.waitForTimeout(60);
  }
}

for (const mode of MODES) {
  describe(`every page on ${mode.name}`, () => {
    let browser: Browser;
    before(async () => {
      browser = await launchChromium(mode.args);
    });
    after(() => browser.close());

    test(`home page: a card for every chapter with its build-time figure, no tfjs until the reader starts the demo, which grounds a phrase on ${mode.backend}; nothing is benchmarked`, {timeout: LONG}, async () => {
      const {page, problems} = await open(browser, `index.html${mode.query}`);
      await page.locator(".chapter-card").first().waitFor();
      assert.equal(await page.evaluate(() => "courseRuntime" in globalThis), false, "tfjs's runtime module has not loaded before the reader asks");
      await page.getByRole("button", {name: "Start the demo"}).click();
      await page.locator(".home-demo-status", {hasText: "found"}).waitFor({timeout: 60_000});
      assert.equal(await page.locator(".chapter-card").count(), WRITTEN.length, "a card for every written chapter");
      assert.equal(await page.locator(".chapter-card .chapter-card-picture svg").count(), WRITTEN.length, "each card shows its chapter's figure");
      assert.equal(await page.locator(".chapter-card a[href]").count(), WRITTEN.length, "each card links to its chapter");
      assert.deepEqual(await badges(page), [mode.backend]);
      await page.locator(".home-demo-form input").fill("the purple ball left of the blue cube");
      await page.locator(".home-demo-form input").press("Enter");
      await page.locator(".home-demo-message", {hasText: "purple"}).waitFor({timeout: 10_000});
      assert.equal(await page.getByText(/backends measured/).count(), 0, "the home page runs no benchmark by itself");
      assert.deepEqual(problems, []);
      await close(page);
    });

    test(`your machine: badge says ${mode.backend}; the benchmark runs every backend when asked`, {timeout: LONG}, async () => {
      const {page, problems} = await open(browser, `machine.html${mode.query}`);
      await page.locator(`[data-runtime-backend="${mode.backend}"]`).waitFor({timeout: 60_000});
      await page.getByText("Not measured yet").waitFor({timeout: 10_000});
      await page.locator("button", {hasText: "Run the benchmark"}).click();
      await page.getByText("4 of 4 backends measured").waitFor({timeout: 120_000});
      await expectFigures(page, ["attention-benchmark"]);
      assert.deepEqual(await badges(page), [mode.backend]);
      assert.deepEqual(problems, []);
      await close(page);
    });

    for (const chapter of WRITTEN) {
      test(`chapter ${chapter.number}: figures, ${mode.backend} badges, no long task, and no tensor leak after ${mode.changes} control changes`, {timeout: LONG}, (t) => namingStalls(LONG - 15_000, async (step) => {
        const flow = flowOf(chapter);
        const done = `${flow.status}[data-state="done"]`;
        const settings = mode.backend === "webgpu" && flow.webgpuLink ? flow.webgpuLink : flow.link;
        const query = [mode.query.replace(/^\?/, ""), settings ?? ""].filter(Boolean).join("&");
        const opened = performance.now();
        const {page, problems} = await open(browser, `chapters/${chapter.slug}.html${query ? `?${query}` : ""}`);
        step("waiting for the backend's badge", page);
        assert.ok((await page.title()).startsWith(`${chapter.number}. ${chapter.title}`), `the front matter's title is read: "${await page.title()}"`);
        await page.locator(`[data-runtime-backend="${mode.backend}"]`).waitFor({timeout: 60_000});
        const pageReady = await page.evaluate(() => performance.now()); // the bundle is parsed and a backend runs
        step("waiting for the status line");
        await page.locator(flow.status).waitFor({timeout: 60_000});
        step("waiting for the figures");
        const trainingStarted = await page.evaluate(() => performance.now());
        await expectFigures(page, chapter.figures!);
        if (mode.backend !== "webgpu") await startTaskTrace(browser, page); // the thread time of the tasks measured from here (taskTrace.ts)
        const figuresDrawn = await page.evaluate(() => performance.now()); // the page has loaded and drawn its first results
        // A formula built from computed values shows its TeX source until KaTeX's worker (components/figures/tex.ts) draws it.
        step("waiting for the formulas and the first run to be done");
        await page.waitForFunction(() => !document.querySelector(".tex-pending"), undefined, {timeout: 30_000}).catch(async () => assert.fail(`formulas still show their TeX source, undrawn: ${await page.locator(".tex-pending").allTextContents()}`));
        await page.locator(done).waitFor({timeout: LONG / 2});
        for (const beside of [flow.alsoDone, flow.onceDone]) if (beside) await page.locator(`${beside}[data-state="done"]`).waitFor({timeout: LONG / 2});
        // From the moment a backend runs (data generation included), no task may pass 200 ms. On the
        // software WebGPU adapter, tfjs compiles each new shader synchronously and SwiftShader takes up to
        // ~300 ms for one; training pages are measured from the first step against 400 ms, while the
        // timing sweep compiles its shaders ahead, off the page's thread, and keeps 200 ms.
        // The long tasks since `since`, each with what ran in the long frame it falls in.
        const longTasksSince = (since: number) =>
          page.evaluate((since) => {
            const passes: [number, number][] = (globalThis as any).scrollPasses ?? []; // the test's own scrolls through the page (badges)
            const tasks: {start: number; duration: number}[] = (globalThis as any).longTasks.filter((t: any) => t.start >= since && !passes.some(([from, to]) => t.start >= from && t.start <= to));
            return tasks.map(({start, duration}) => {
              const frame = (globalThis as any).longFrames.find((f: any) => f.start <= start + 1 && start < f.end);
              return {start, duration, what: ` at ${Math.round(start)} ms (${frame?.what ?? "no long frame recorded"})`};
            });
          }, since);
        const longestTaskSince = async (since: number) => (await longTasksSince(since)).reduce((a, t) => (t.duration > a.duration ? t : a), {start: 0, duration: 0, what: ""});
        const [since, bound] = mode.backend === "webgpu" ? [trainingStarted, flow.webgpuTaskBound] : [pageReady, 200];
        const {duration: longest, what: longestWhat} = await longestTaskSince(since);
        assert.ok(longest < bound, `the page yields to the browser: longest task ${longest.toFixed(0)} ms${longestWhat} (bound ${bound} ms)`);
        assert.ok((await badges(page)).every((b) => b === mode.backend), `badges ${await badges(page)}`);
        const firstDone = performance.now();
        step("counting tensors after the first run");
        const baseline = await tensors(page);
        step("making the changes");
        if (flow.shortRun && mode.backend !== "webgpu") await setNumber(page, flow.shortRun.parameter, flow.shortRun.value);
        await changeControls(page, mode.changes, flow);
        step("waiting for the last change's run to be done");
        await freshDone(page, flow);
        await page.waitForTimeout(200);
        step("counting tensors after the changes");
        const after = await tensors(page);
        step("reading the trace and the long tasks");
        // Every chapter computes in the experiment worker: from its first results drawn, through the rest of its run
        // and the reader's changes, the page's thread only draws what arrives.
        // Each long task while computing, with the time the page's thread ran in it (taskTrace.ts): the bound is on that time.
        const traced = mode.backend === "webgpu" ? undefined : await stopTaskTrace(browser, page);
        const computing = traced ? (await longTasksSince(figuresDrawn)).map((task) => ({...task, threadTime: threadTimeOf(traced, task)?.threadTime ?? task.duration})) : [];
        const heaviest = computing.reduce((a, task) => (task.threadTime > a.threadTime ? task : a), {start: 0, duration: 0, threadTime: 0, what: ""});
        const whileComputing = `${heaviest.threadTime.toFixed(0)} ms of the thread${heaviest.duration ? ` in a ${heaviest.duration.toFixed(0)} ms task${heaviest.what}` : ""}`;
        assert.ok(heaviest.threadTime <= COMPUTING_TASK_BOUND, `while the chapter computes, no task uses more than ${COMPUTING_TASK_BOUND} ms of the page's thread: ${whileComputing}`);
        t.diagnostic(`longest task ${longest.toFixed(0)} ms (bound ${bound})${mode.backend === "webgpu" ? "" : `; while computing, ${computing.length} task(s) over 50 ms on the wall clock, the heaviest ${whileComputing} (bound ${COMPUTING_TASK_BOUND})`}; first run done after ${((firstDone - opened) / 1000).toFixed(1)} s, ${mode.changes} changes done after ${((performance.now() - firstDone) / 1000).toFixed(1)} s more`);
        assert.ok(after <= baseline, `tensors: ${after} after ${mode.changes} changes, ${baseline} before`);
        // Every run a change replaced has stopped: once the last one is done, nothing allocates tensors any more
        // (the count may still fall while abandoned work finishes its last slice and frees it).
        step("counting tensors while idle");
        const samples = await page.evaluate(async () => {
          const counts: number[] = [];
          for (let i = 0; i < 12; ++i, await new Promise((resolve) => setTimeout(resolve, 50))) counts.push((await (globalThis as any).courseRuntime.memory()).numTensors);
          return counts;
        });
        step("checking the badges and closing");
        assert.ok(samples.every((count, i) => i === 0 || count <= samples[i - 1]), `tensor counts while idle: ${samples}`);
        assert.ok((await badges(page)).every((b) => b === mode.backend), `badges ${await badges(page)}`);
        assert.deepEqual(problems, []);
        await close(page);
      }));
    }
  });
}

// The 360 px and 1440 px checks live in ../accessibility.test.ts.
describe("a long training run shows its progress and obeys play, pause, step and stop", () => {
  test("chapter 11 with 2000 steps: the bar and the loss move, pause holds still, step takes one, stop ends it and nothing more is allocated", {timeout: LONG}, async () => {
    const browser = await launchChromium();
    try {
      const {page, problems} = await open(browser, "chapters/11-pocket-ligand.html?steps=2000");
      const status = page.locator(".training-status");
      const bar = page.locator(".training-controls progress");
      const step = async () => Number((await status.textContent())!.match(/step (\d+)/)![1]);
      await page.waitForFunction(() => Number(document.querySelector(".training-controls progress")?.getAttribute("value")) > 20, undefined, {timeout: 60_000});
      assert.equal(await bar.getAttribute("max"), "2000");
      assert.match((await status.textContent())!, /running · loss \d/);
      await page.getByRole("button", {name: "Pause"}).click();
      await page.locator('.training-status[data-state="paused"]').waitFor();
      const paused = await step();
      await page.waitForTimeout(500);
      assert.equal(await step(), paused, "a paused run takes no steps");
      await page.getByRole("button", {name: "Step"}).click();
      await page.waitForFunction((n) => document.querySelector(".training-status")!.textContent!.includes(`step ${n + 1} `), paused);
      await page.getByRole("button", {name: "Play"}).click();
      await page.getByRole("button", {name: "Stop"}).click();
      await page.locator('.training-status[data-state="stopped"]').waitFor();
      const stopped = await step();
      const tensors = await page.evaluate(async () => (await (globalThis as any).courseRuntime.memory()).numTensors);
      await page.waitForTimeout(500);
      assert.ok(stopped < 2000 && (await page.getByRole("button", {name: "Play"}).isDisabled()), `stopped at step ${stopped}, play disabled`);
      assert.equal(await page.evaluate(async () => (await (globalThis as any).courseRuntime.memory()).numTensors), tensors, "a stopped run allocates nothing more");
      await setNumber(page, "seed", 4); // a new setting starts a new run
      await page.locator('.training-status[data-state="running"]').waitFor({timeout: 30_000});
      assert.deepEqual(problems, []);
      await close(page);
    } finally {
      await browser.close();
    }
  });
});

describe("chapter 13 draws its figures as often as their data change", () => {
  test("while it trains, the accuracy by question type is drawn again only when a held-out evaluation is added (every 50 steps), not with every snapshot of the losses", {timeout: LONG}, async (t) => {
    const browser = await launchChromium();
    try {
      const {page, problems} = await open(browser, "chapters/13-vlm.html?steps=120");
      await page.locator('.training-status[data-state="running"]').waitFor({timeout: 60_000});
      await seeFigure(page, "accuracy-by-type", {timeout: 60_000, until: "chart"}); // scrolled to, drawn, and kept on the screen from here
      const from = await page.evaluate(() => {
        const seen = {accuracyDraws: 0, statuses: new Set<string>()};
        (globalThis as any).drawsSeen = seen;
        new MutationObserver((records) => {
          for (const record of records)
            for (const node of record.addedNodes) if (node instanceof Element && node.matches('figure[data-figure="accuracy-by-type"]')) ++seen.accuracyDraws;
          seen.statuses.add(document.querySelector(".training-status")?.textContent ?? "");
        }).observe(document.body, {childList: true, subtree: true, characterData: true});
        return Number(document.querySelector(".training-status")!.textContent!.match(/step (\d+)/)![1]);
      });
      await page.locator('.training-status[data-state="done"]').waitFor({timeout: 120_000});
      const {accuracyDraws, snapshots} = await page.evaluate(() => ({accuracyDraws: (globalThis as any).drawsSeen.accuracyDraws, snapshots: (globalThis as any).drawsSeen.statuses.size}));
      const evaluationsAdded = [50, 100, 120].filter((step) => step > from).length; // the last step is always evaluated
      t.diagnostic(`from step ${from}: ${snapshots} snapshots, ${evaluationsAdded} evaluations added, the accuracy figure drawn ${accuracyDraws} times`);
      assert.ok(snapshots >= 10, `the page showed ${snapshots} training snapshots from step ${from} on`);
      // one more for a draw already on its way when the count began; drawn with every snapshot, it would be about one in two steps
      assert.ok(accuracyDraws >= 1 && accuracyDraws <= evaluationsAdded + 1, `the accuracy figure was drawn ${accuracyDraws} times from step ${from} on, for ${evaluationsAdded} evaluations added and ${snapshots} snapshots`);
      assert.deepEqual(problems, []);
      await close(page);
    } finally {
      await browser.close();
    }
  });
});

// This suite times nothing, so its pages load side by side (three at a time).
describe("bad input gets a clear message and the page keeps working", {concurrency: 3}, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(() => browser.close());
  const chapter = WRITTEN[0];

  test("an unknown ?backend= is named, and the page runs on the fallback", {timeout: LONG}, async () => {
    const {page, problems} = await open(browser, `chapters/${chapter.slug}.html?backend=tpu`);
    await page.locator('[data-runtime-backend="wasm"]').waitFor({timeout: 60_000});
    await page.getByText('Unknown backend "tpu"').waitFor();
    await page.locator('.training-status[data-state="done"]').waitFor({timeout: 60_000});
    assert.deepEqual(problems, []);
    await close(page);
  });

  test("?backend=webgpu where the browser has no WebGPU says so and runs on WASM", {timeout: LONG}, async () => {
    const {page, problems} = await open(browser, `chapters/${chapter.slug}.html?backend=webgpu`);
    await page.locator('[data-runtime-backend="wasm"]').waitFor({timeout: 60_000});
    await page.getByText("The requested backend could not run").waitFor();
    await page.locator('.training-status[data-state="done"]').waitFor({timeout: 60_000});
    assert.deepEqual(problems, []);
    await close(page);
  });

  test("an out-of-range value typed into a control is named beside it and the last valid value stays", {timeout: LONG}, async () => {
    const {page, problems} = await open(browser, `chapters/${chapter.slug}.html`);
    await page.locator('.training-status[data-state="done"]').waitFor({timeout: 60_000});
    const box = page.locator('[data-parameter="learningRate"] input[type="number"]');
    await setNumber(page, "learningRate", 50);
    await page.getByText("learning rate must be between 0.001 and 2, not 50; keeping 0.1.").waitFor();
    assert.equal(await box.getAttribute("aria-invalid"), "true");
    await page.locator('.training-status[data-state="done"]').waitFor();
    await setNumber(page, "learningRate", 0.2);
    await page.locator('.training-status[data-state="done"]').waitFor({timeout: 60_000});
    assert.equal(await page.locator(".parameter-problem:visible").count(), 0);
    assert.deepEqual(problems, []);
    await close(page);
  });

  test("settings in the link are used, a bad one is named and replaced by its default, and a change updates the link", {timeout: LONG}, async () => {
    const {page, problems} = await open(browser, `chapters/${chapter.slug}.html?learningRate=0.2&steps=abc&seed=7`);
    await page.locator('.training-status[data-state="done"]').waitFor({timeout: 60_000});
    const value = (parameter: string) => page.locator(`[data-parameter="${parameter}"] input[type="number"]`).inputValue();
    assert.deepEqual([await value("learningRate"), await value("seed")], ["0.2", "7"]);
    await page.getByText(/The link's steps must be a number, not "abc"; using \d+\./).waitFor();
    assert.equal(await value("steps"), String(HANDSHAKE_PARAMETERS.steps.value));
    await setNumber(page, "seed", 9);
    await page.waitForFunction(() => new URL(location.href).searchParams.get("seed") === "9");
    assert.equal(new URL(page.url()).searchParams.get("learningRate"), "0.2");
    assert.deepEqual(problems, []);
    await close(page);
  });

  test("a phrase with a word outside the vocabulary is named in a message, and a valid one is grounded", {timeout: LONG}, async () => {
    const {page, problems} = await open(browser, "chapters/03-grounding.html");
    await seeFigure(page, "phrase-grounding", {timeout: 60_000}); // drawn once the reader comes near it (figureTurn.ts)
    const input = page.getByLabel("phrase");
    await input.fill("purple ball left of red cube");
    await input.press("Enter");
    await page.getByText('"purple"').first().waitFor({timeout: 30_000});
    assert.equal(await page.locator('figure[data-figure="phrase-grounding"]').count(), 0);
    await input.fill("green cone closest to yellow ball");
    await input.press("Enter");
    await seeFigure(page, "phrase-grounding");
    assert.match((await page.locator('figure[data-figure="phrase-grounding"] figcaption').textContent()) ?? "", /green cone closest to yellow ball/);
    assert.deepEqual(problems, []);
    await close(page);
  });

  test("a lost GPU device is reported, and the chapter recomputes on the fallback", {timeout: LONG}, async () => {
    const gpuBrowser = await launchChromium(["--enable-unsafe-webgpu"]);
    try {
      const {page, problems} = await open(gpuBrowser, `chapters/${chapter.slug}.html?backend=webgpu`);
      await page.locator('[data-runtime-backend="webgpu"]').waitFor({timeout: 60_000});
      await seeFigure(page, chapter.figures![0], {timeout: 60_000}); // drawn on WebGPU first (a figure draws once the reader comes near it)
      assert.equal(await page.evaluate(() => (globalThis as any).courseRuntime.simulateDeviceLoss()), true);
      await page.getByText("The GPU device was lost").waitFor({timeout: 30_000});
      await page.locator('[data-runtime-backend="wasm"]').waitFor({timeout: 30_000});
      await page.locator('.training-status[data-state="done"]').waitFor({timeout: 60_000});
      assert.ok((await badges(page)).every((b) => b === "wasm"), `badges ${await badges(page)}`);
      assert.deepEqual(problems, []);
      await close(page);
    } finally {
      await gpuBrowser.close();
    }
  });
});
