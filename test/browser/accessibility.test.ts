/**
 * Every built page, read on a 360 px phone in the dark theme and on a 1440 px desktop in the light
 * theme: no horizontal scrolling, no serious or critical axe-core violation (axe-core injected
 * from node_modules) once the page's figures are drawn, and its first screen as in the reference
 * screenshot committed in test/browser/screenshots/ (compared in 4 × 4 pixel blocks, at most 1% of
 * them may differ; numbers that depend on timing are masked). `UPDATE_SCREENSHOTS=1 npm run test:browser` writes new references. Also: a heatmap is reached with Tab and read
 * cell by cell with the arrow keys, keeping its focus while training redraws it, and on a touch screen a tap shows what a pointer's hover shows.
 */
import assert from "node:assert/strict";
import {existsSync, mkdirSync, readFileSync, writeFileSync} from "node:fs";
import {createRequire} from "node:module";
import {after, before, describe, test, type TestContext} from "node:test";
import pixelmatch from "pixelmatch";
import type {Browser, BrowserContextOptions, Download, Locator, Page} from "playwright-core";
import {launchChromium} from "./launchChromium.js";
import {PNG} from "pngjs";
import {CHAPTERS} from "../../components/chapters.js";
import {recordProblems} from "./recordProblems.js";
import {seeFigure} from "./seeFigures.js";
import {serveStatic, type StaticServer} from "./staticServer.js";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf-8");
const WRITTEN = CHAPTERS.filter((chapter) => chapter.figures?.length);
const LONG = 120_000;

/** How each page is loaded (small settings in the link) and which element says it is done. */
const TRAINING = {link: "steps=20", status: ".training-status"};
const READY: Record<string, {link?: string; status: string}> = {
  grounding: {link: "steps=20&grounding.scenes=300", status: ".training-status"},
  multiscale: {link: "steps=20&clips=40", status: ".training-status"},
  masked: {link: "steps=20&batch=16", status: ".training-status"},
  binding: {link: "steps=20&complexes=32", status: ".training-status"},
  cost: {link: "timing.largest=64&topk.n=64&pruning.scenes=200", status: ".sweep-status"},
  svd: {status: ".compute-status"},
  rademacher: {status: ".compute-status"},
  asr: {link: "trials=1000", status: ".compute-status"},
  plasticity: {link: "days=20", status: ".compute-status"}
};
const PAGES: {name: string; path: string; figures: string[]; done: string; start?: string}[] = [
  {name: "home", path: "index.html", figures: [], done: "text=/found/", start: "Start the demo"}, // the demo loads when asked
  {name: "your machine", path: "machine.html", figures: [], done: "text=/Not measured yet/"},
  ...WRITTEN.map((chapter) => {
    const {link, status} = READY[chapter.experiment ?? ""] ?? TRAINING;
    return {name: `chapter ${chapter.number}`, path: `chapters/${chapter.slug}.html${link ? `?${link}` : ""}`, figures: chapter.figures!, done: status};
  })
];
// Reduced motion, so that no figure animates while axe-core reads the page (chapter 3 plays its steps otherwise).
const VIEWS: {name: string; key: string; options: BrowserContextOptions; dark: boolean}[] = [
  {name: "360 px phone, dark theme", key: "360-dark", options: {viewport: {width: 360, height: 740}, colorScheme: "dark", reducedMotion: "reduce", isMobile: true, hasTouch: true}, dark: true},
  {name: "1440 px desktop, light theme", key: "1440-light", options: {viewport: {width: 1440, height: 900}, colorScheme: "light", reducedMotion: "reduce"}, dark: false}
];
const SCREENSHOTS = "test/browser/screenshots";
const BLOCK = 4; // pictures are compared as averages of 4 × 4 pixel blocks: a glyph antialiased differently is not a change, a moved or recoloured element is
const TOLERANCE = 0.01; // the share of blocks that may differ (each by more than pixelmatch's colour threshold 0.1)
const VOLATILE = [".compute-status", ".excess-status", ".sweep-status", 'figure[data-figure="attention-benchmark"]', "[data-volatile]"]; // timings: masked in screenshots

let server: StaticServer;
let browser: Browser;
before(async () => {
  server = await serveStatic("dist");
  browser = await launchChromium();
});
after(async () => {
  await browser.close();
  await server.close();
});

/** Opens a page in a fresh context that records what must not happen (recordProblems); no service worker (nothing here is offline). */
async function open(path: string, options: BrowserContextOptions): Promise<{page: Page; problems: string[]}> {
  const context = await browser.newContext({...options, serviceWorkers: "block"});
  const problems: string[] = [];
  await recordProblems(context, server.origin, problems);
  const page = await context.newPage();
  await page.goto(server.base + path);
  return {page, problems};
}

/** Waits until every figure has a chart drawn and every status element on the page says done (the DOM is then still). */
/** Resolves once `condition` holds, checked every 50 ms for up to 10 s. */
async function waitUntil(condition: () => boolean) {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 10_000) assert.fail("waited 10 s in vain");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits for `locator` to say `text` (an announcement), and fails naming what it said instead. */
async function assertText(locator: Locator, text: string) {
  await locator.filter({hasText: text}).waitFor({timeout: 5_000}).catch(async () => assert.fail(`expected “${text}”, the page said “${await locator.textContent()}”`));
}

async function settle(page: Page, figures: string[], done: string) {
  if (done.startsWith("text=")) await page.locator(done).waitFor({timeout: LONG / 2});
  else
    await page.waitForFunction(
      (status) => {
        const nodes = [...document.querySelectorAll<HTMLElement>(status)];
        return nodes.length > 0 && nodes.every((node) => node.dataset.state === "done");
      },
      done,
      {timeout: LONG / 2}
    );
  for (const name of figures) await seeFigure(page, name, {timeout: LONG / 2, until: "chart"}); // a figure far from the screen draws and redraws only once the reader comes near it (figureTurn.ts)
}

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: number;
  targets: string[];
}

/** axe-core's serious and critical violations on the page as it is now. */
async function axeViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE); // through the DevTools protocol, which the page's Content-Security-Policy does not govern (a <script> tag would be refused)
  return page.evaluate(async () => {
    const axe = (globalThis as any).axe;
    const {violations} = await axe.run(document, {resultTypes: ["violations"]});
    return violations
      .filter((v: any) => v.impact === "serious" || v.impact === "critical")
      .map((v: any) => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 4).map((n: any) => `${n.target.join(" ")}${n.failureSummary ? ` (${n.failureSummary.split("\n").slice(1, 2).join("").trim()})` : ""}`)}));
  });
}

const describeViolations = (violations: Violation[]) => violations.map((v) => `${v.id} (${v.impact}, ${v.nodes} nodes): ${v.help}\n    ${v.targets.join("\n    ")}`).join("\n  ");

/** The course's own faces (scripts/courseFonts.ts) that every page's text uses, and those only pages with code or formulas use. */
const TEXT_FACES = ["Source Serif 4", "Inter"];
const CODE_FACE = "JetBrains Mono";
const FORMULA_FACES = ["KaTeX_Main", "KaTeX_Math"];

/**
 * The families of the page's shipped faces that are not loaded and ready to draw once its fonts have
 * settled: each must be declared, loaded, and pass document.fonts.check (which alone answers true for
 * a family it has never heard of, so the declared faces are looked at too).
 */
async function fontsMissing(page: Page): Promise<string[]> {
  return page.evaluate(
    async ({text, code, formula}) => {
      await document.fonts.ready;
      const wanted = [...text, ...(document.querySelector("pre, code") ? [code] : []), ...(document.querySelector(".katex") ? formula : [])];
      const loaded = new Set([...document.fonts].filter((face) => face.status === "loaded").map((face) => face.family.replace(/^"|"$/g, "")));
      return wanted.filter((family) => !loaded.has(family) || !document.fonts.check(`16px "${family}"`));
    },
    {text: TEXT_FACES, code: CODE_FACE, formula: FORMULA_FACES}
  );
}

/** Checks one page in one view: width, background, its fonts, that it cites no working document, then axe-core once its figures are drawn. */
async function checkPage(t: TestContext, view: (typeof VIEWS)[number], {path, figures, done, start}: (typeof PAGES)[number]) {
  const started = performance.now();
  const {page, problems} = await open(path, view.options);
  if (start) {
    await page.getByRole("button", {name: start}).click();
    await page.mouse.move(0, 0); // the pointer leaves what now stands where the button was (a hover would show in the screenshot)
  }
  await settle(page, figures, done);
  assert.deepEqual(await fontsMissing(page), [], "the course's own fonts draw the page");
  assert.doesNotMatch(await page.evaluate(() => document.body.innerText), /\bSPEC\b/, "the page cites the working document SPEC, which readers cannot open");
  const settled = performance.now();
  const {scrollWidth, brightness} = await page.evaluate(() => {
    // The page is painted in the root's background (the body's is transparent); a canvas reads any CSS colour syntax.
    const context = document.createElement("canvas").getContext("2d")!;
    context.fillStyle = getComputedStyle(document.documentElement).backgroundColor;
    context.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
    return {scrollWidth: document.documentElement.scrollWidth, brightness: a === 255 ? (r + g + b) / 3 : NaN};
  });
  const width = view.options.viewport!.width;
  assert.ok(scrollWidth <= width, `page is ${scrollWidth} px wide at ${width} px`);
  assert.ok(view.dark ? brightness < 80 : brightness > 175, `${view.dark ? "dark" : "light"} page background, mean channel ${brightness.toFixed(0)} of 255`);
  const differing = await compareFirstScreen(page, view.key, path.replace(/\?.*$/, "").replace(/\//g, "_").replace(/\.html$/, ""));
  const violations = await axeViolations(page);
  t.diagnostic(`drawn in ${((settled - started) / 1000).toFixed(1)} s, axe-core took ${((performance.now() - settled) / 1000).toFixed(1)} s, ${(differing * 100).toFixed(2)}% of the first screen's blocks differ from the reference`);
  assert.ok(violations.length === 0, `axe-core found:\n  ${describeViolations(violations)}`);
  assert.ok(differing <= TOLERANCE, `${(differing * 100).toFixed(2)}% of the first screen's blocks differ from ${SCREENSHOTS}/${view.key}/… (at most ${TOLERANCE * 100}%); the picture and the difference are in test-results/screenshots/`);
  assert.deepEqual(problems, []);
  await page.context().close();
}

/**
 * The page's first screen against its reference screenshot: the share of pixels that differ (0 when the
 * reference was just written). Differences are saved in test-results/screenshots/ to look at.
 */
async function compareFirstScreen(page: Page, view: string, name: string): Promise<number> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const shot = PNG.sync.read(await page.screenshot({animations: "disabled", caret: "hide", mask: VOLATILE.map((selector) => page.locator(selector)), maskColor: "#808080"}));
  const reference = `${SCREENSHOTS}/${view}/${name}.png`;
  if (process.env.UPDATE_SCREENSHOTS || !existsSync(reference)) {
    if (!process.env.UPDATE_SCREENSHOTS) throw new Error(`no reference screenshot ${reference}: run UPDATE_SCREENSHOTS=1 npm run test:browser and look at what it wrote`);
    mkdirSync(`${SCREENSHOTS}/${view}`, {recursive: true});
    writeFileSync(reference, PNG.sync.write(shot));
    return 0;
  }
  const expected = PNG.sync.read(readFileSync(reference));
  if (expected.width !== shot.width || expected.height !== shot.height) return 1;
  const [a, b] = [blocks(expected), blocks(shot)];
  const diff = new PNG({width: a.width, height: a.height});
  const count = pixelmatch(a.data, b.data, diff.data, a.width, a.height, {threshold: 0.1});
  if (count > 0) {
    mkdirSync(`test-results/screenshots/${view}`, {recursive: true});
    writeFileSync(`test-results/screenshots/${view}/${name}.png`, PNG.sync.write(shot));
    writeFileSync(`test-results/screenshots/${view}/${name}.diff.png`, PNG.sync.write(diff));
  }
  return count / (a.width * a.height);
}

/** The picture shrunk by BLOCK in each direction, each pixel the mean of its block. */
function blocks(picture: PNG): PNG {
  const [width, height] = [Math.floor(picture.width / BLOCK), Math.floor(picture.height / BLOCK)];
  const out = new PNG({width, height});
  for (let y = 0; y < height; ++y) {
    for (let x = 0; x < width; ++x) {
      for (let c = 0; c < 4; ++c) {
        let sum = 0;
        for (let dy = 0; dy < BLOCK; ++dy) for (let dx = 0; dx < BLOCK; ++dx) sum += picture.data[((y * BLOCK + dy) * picture.width + x * BLOCK + dx) * 4 + c];
        out.data[(y * width + x) * 4 + c] = Math.round(sum / BLOCK ** 2);
      }
    }
  }
  return out;
}

// Nothing here is timed, so pages load four at a time, both views in one queue.
describe("every page on a 360 px phone in the dark theme and a 1440 px desktop in the light theme", {concurrency: 4}, () => {
  for (const entry of PAGES) {
    for (const view of VIEWS) {
      test(`${entry.name} on a ${view.name}: no horizontal scrolling${view.dark ? ", dark colours" : ""}, no serious or critical axe violation, first screen as its reference screenshot`, {timeout: LONG}, (t) => checkPage(t, view, entry));
    }
  }

  test("chapter 1: Tab reaches the truth table, the arrow keys walk its cells and name each one", {timeout: LONG}, async () => {
    const chapter = WRITTEN[0];
    const {page, problems} = await open(`chapters/${chapter.slug}.html?steps=20`, {viewport: {width: 1440, height: 900}});
    await settle(page, chapter.figures!, ".training-status");
    const grid = page.locator('figure[data-figure="truth-table"] .grid-keyboard');
    const focused = () => grid.evaluate((node) => node === document.activeElement);
    let tabs = 0;
    for (; tabs < 100 && !(await focused()); ++tabs) await page.keyboard.press("Tab");
    assert.ok(await focused(), `the truth table takes focus within ${tabs} presses of Tab`);
    const readout = grid.locator(".grid-readout");
    assert.equal(await readout.textContent(), "shape cube, colour red: True");
    await page.keyboard.press("ArrowRight");
    assert.equal(await readout.textContent(), "shape cube, colour blue: False");
    await page.keyboard.press("ArrowDown");
    assert.equal(await readout.textContent(), "shape sphere, colour blue: True");
    await page.keyboard.press("ArrowDown"); // the edge: stays
    assert.equal(await readout.textContent(), "shape sphere, colour blue: True");
    assert.equal(await readout.getAttribute("aria-live"), "polite");
    assert.ok((await readout.boundingBox())!.width > 100, "the readout is shown while the keyboard is in the chart");
    assert.equal(await grid.locator("svg g.grid-focus").count(), 1, "one focus ring");
    await page.keyboard.press("Tab");
    assert.equal(await grid.locator("svg g.grid-focus").count(), 0, "the ring goes with the focus");
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  test("chapter 1 while training: the learned W keeps the keyboard's focus and cell as each step redraws it", {timeout: LONG}, async () => {
    const chapter = WRITTEN[0];
    const {page, problems} = await open(`chapters/${chapter.slug}.html?steps=2000`, {viewport: {width: 1440, height: 900}});
    const figure = page.locator('figure[data-figure="bilinear-weights"]');
    await seeFigure(page, "bilinear-weights", {timeout: LONG / 2}); // drawn once the reader comes near it (figureTurn.ts)
    const inWeights = () => page.evaluate(() => document.activeElement?.closest('figure[data-figure="bilinear-weights"] .grid-keyboard') != null);
    // Start at the figure before it (Tab's way there is the test above); in one step in the page, as it is redrawn every frame.
    await page.evaluate(() => document.querySelector<HTMLElement>('figure[data-figure="truth-table"] .grid-keyboard')!.focus());
    let tabs = 0;
    for (; tabs < 10 && !(await inWeights()); ++tabs) await page.keyboard.press("Tab");
    assert.ok(await inWeights(), `the learned W takes focus within ${tabs} presses of Tab from the truth table`);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowRight");
    const step = async () => Number((await figure.locator("figcaption").textContent())!.match(/at step (\d+)/)![1]);
    const before = await step();
    await page.waitForFunction((from) => Number(document.querySelector('figure[data-figure="bilinear-weights"] figcaption')?.textContent?.match(/at step (\d+)/)?.[1]) > from + 5, before, {timeout: LONG / 2});
    await page.waitForTimeout(100); // the redrawn chart takes the focus in its first frame
    assert.ok(await inWeights(), `the focus is still in the learned W after the redraws from step ${before} to ${await step()}`);
    assert.match((await figure.locator(".grid-readout").textContent())!, /^shape sphere, colour blue: -?\d/, "the same cell, with its new value");
    assert.equal(await figure.locator("svg g.grid-focus").count(), 1, "one focus ring, on the new chart");
    await page.mouse.click(5, 5); // elsewhere: the reader has moved on, and a redraw no longer pulls the focus back
    await page.waitForFunction((from) => Number(document.querySelector('figure[data-figure="bilinear-weights"] figcaption')?.textContent?.match(/at step (\d+)/)?.[1]) > from + 5, await step(), {timeout: LONG / 2});
    assert.equal(await inWeights(), false, "after a click elsewhere the focus stays where the reader put it");
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  test("chapter 12 on a desktop: a click at the centre of a phase-diagram cell loads its τθ and η_H into the controls and the link, and rings that cell", {timeout: LONG}, async () => {
    const chapter = WRITTEN.find((c) => c.experiment === "plasticity")!;
    const {page, problems} = await open(`chapters/${chapter.slug}.html`, VIEWS[1].options);
    await settle(page, chapter.figures!, ".compute-status");
    const figure = page.locator('figure[data-figure="phase-diagram"]');
    const cell = figure.locator("g.phase-pick rect").nth(300); // the takeover map's; Plot binds each rect to its cell's index, row-major over (τθ, η_H)
    const index = await cell.evaluate((rect) => (rect as unknown as {__data__: number}).__data__);
    const box = (await cell.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2); // the tip appears, pointing at this very spot
    const tip = figure.locator('g[aria-label="tip"] text').first();
    await tip.waitFor({timeout: 5_000});
    const [, tauTheta, etaH] = (await tip.textContent())!.match(/τθ = ([\d.]+) h, η_H = ([\d.]+)/)!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(() => new URL(location.href).searchParams.has("etaH"), undefined, {timeout: 10_000});
    const link = new URL(page.url()).searchParams;
    assert.deepEqual([link.get("tauTheta"), link.get("etaH")], [tauTheta, etaH], "the link holds the clicked cell's values, as its tip names them");
    assert.equal(await page.locator('[data-parameter="etaH"] input[type="number"]').first().inputValue(), etaH, "the control shows the cell's η_H");
    // The diagram is drawn again for the new rule's run; its ring then stands on the clicked cell in both maps.
    await page.waitForFunction(([index]) => {
      const rects = [...document.querySelectorAll('figure[data-figure="phase-diagram"] g.phase-pick rect')].filter((rect) => (rect as Element & {__data__: number}).__data__ === index);
      const rings = [...document.querySelectorAll('figure[data-figure="phase-diagram"] rect.phase-ring')];
      return rings.length === 2 && rects.length === 2 && rings.every((ring, k) => ring.getAttribute("x") === rects[k].getAttribute("x") && ring.getAttribute("y") === rects[k].getAttribute("y") && ring.getAttribute("stroke-dasharray") === "none");
    }, [index], {timeout: LONG / 2});
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  test("chapter 7 on a phone: a tap on the affinity heatmap shows the cell's details and lights it in every view until an empty tap", {timeout: LONG}, async () => {
    const chapter = WRITTEN.find((c) => c.experiment === "svd")!;
    const {page, problems} = await open(`chapters/${chapter.slug}.html`, VIEWS[0].options);
    await settle(page, chapter.figures!, ".compute-status");
    const figure = page.locator('figure[data-figure="co-attention"]');
    await figure.locator('g[aria-label="cell"] rect').nth(100).tap();
    await figure.locator('g[aria-label="tip"] text').first().waitFor({timeout: 5_000});
    assert.match((await figure.locator('g[aria-label="tip"]').textContent())!, /patch \(\d, \d\).*word “.+”.*C = -?\d/);
    // The linked highlight is the phone's hover too: it stays once the finger lifts, and a tap on empty space clears it.
    const views = page.locator(".svd-views").first();
    assert.equal(await views.evaluate((node) => node.classList.contains("has-highlight")), true, "the tapped patch stays lit in the linked views");
    assert.ok((await views.locator(".highlight").count()) > 1, "the tapped patch and its word light up in more than one view");
    await views.evaluate((node) => node.scrollIntoView());
    const box = (await views.boundingBox())!;
    await page.touchscreen.tap(box.x + 2, box.y + 2);
    assert.equal(await views.evaluate((node) => node.classList.contains("has-highlight")), false, "a tap on empty space clears it");
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  test("chapter 13 on a phone: a scene is drawn by taps, a drag and the keyboard; each change is announced, goes into the link, and the model is asked about it", {timeout: LONG}, async () => {
    const chapter = WRITTEN.find((c) => c.experiment === "vlm")!;
    const {page, problems} = await open(`chapters/${chapter.slug}.html?steps=20&heldOut=16&drawn=`, VIEWS[0].options); // an empty scene from the link
    await settle(page, ["scenes", "loss-curves", "accuracy-by-type"], ".training-status");
    const grid = page.locator(".scene-editor-grid");
    const status = page.locator(".scene-editor-status");
    await grid.scrollIntoViewIfNeeded();
    const box = (await grid.boundingBox())!;
    const at = (row: number, column: number) => ({x: box.x + ((column + 0.5) * box.width) / 6, y: box.y + ((row + 0.5) * box.height) / 6});
    await page.getByRole("button", {name: "blue", exact: true}).tap();
    await page.getByRole("button", {name: "circle", exact: true}).tap();
    await page.touchscreen.tap(at(2, 3).x, at(2, 3).y);
    await assertText(status, "placed a blue circle at row 3, column 4");
    const drawn = () => new URL(page.url()).searchParams.get("drawn");
    assert.equal(drawn(), "15bc", "the link holds the scene");
    // a drag moves it (pointer events, as a mouse or a finger sends them)
    await page.mouse.move(at(2, 3).x, at(2, 3).y);
    await page.mouse.down();
    await page.mouse.move(at(2, 1).x, at(2, 1).y, {steps: 4});
    await page.mouse.up();
    await assertText(status, "moved a blue circle to row 3, column 2");
    // the keyboard: the selected object moves with the arrows, a letter recolours it, Enter places another
    await grid.focus();
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("r");
    await assertText(status, "a blue circle at row 2, column 2 is now a red circle");
    await page.keyboard.press("Escape");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("t");
    await page.keyboard.press("Enter");
    await assertText(status, "placed a red triangle at row 2, column 3");
    assert.equal(drawn(), "7rc.8rt");
    await page.keyboard.press("Delete");
    await assertText(status, "removed a red triangle from row 2, column 3");
    await page.getByRole("textbox", {name: "question"}).fill("what colour is the circle");
    await page.locator('figure[data-figure="answer"] figcaption', {hasText: "the right answer is red"}).waitFor({timeout: LONG / 4});
    await page.getByRole("textbox", {name: "question"}).fill("what colour is the banana");
    await page.getByText("“banana” is outside the grammar").waitFor({timeout: 5_000});
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  test("chapter 13 keeps a finished run in the browser: a second visit restores it untrained, one head's score edited is measured on it (a misshapen one named), its files download and load back under their own settings, and a file that is no model is named", {timeout: LONG}, async () => {
    const chapter = WRITTEN.find((c) => c.experiment === "vlm")!;
    const {page, problems} = await open(`chapters/${chapter.slug}.html?steps=20&heldOut=16`, {...VIEWS[1].options, acceptDownloads: true});
    const status = page.locator(".kept-model-status");
    const training = page.locator(".training-status");
    await settle(page, ["loss-curves", "accuracy-by-type"], ".training-status");
    await assertText(status, "Kept in this browser");
    const record = await training.textContent(); // the step and the three losses
    await page.reload();
    await settle(page, ["loss-curves", "accuracy-by-type"], ".training-status");
    await assertText(status, "Restored from this browser's storage");
    assert.equal(await training.textContent(), record, "the restored run shows the trained run's step and losses");
    // where it looked: a word pointed at shows its own attention; one head draws one map
    await seeFigure(page, "cross-attention"); // it draws once the reader comes near it
    const explorer = page.locator('figure[data-figure="cross-attention"] .vlm-explorer');
    const word = explorer.locator('[data-role="words"] [data-word="1"]');
    await word.hover();
    await assertText(explorer.locator('[data-role="status"]'), `“${(await word.textContent())!.trim()}”`);
    await explorer.locator('[data-head="1"]').click();
    assert.equal(await explorer.locator(".vlm-explorer-map").count(), 1, "one head chosen, one map");
    // one head's score, edited to weigh every patch alike, measured on the restored model; a misshapen score is named
    const cell = page.locator('[data-cell="vlm.headScore"]');
    const cellStatus = cell.locator(".code-cell-status");
    await cell.scrollIntoViewIfNeeded();
    await cell.getByRole("button", {name: "Edit this code"}).click();
    await cell.locator(".cm-content").click();
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText("function headScore(tf, q, k) {\n  return tf.zeros([q.shape[0], q.shape[1], k.shape[1]]);\n}");
    await cell.getByRole("button", {name: "Run"}).click();
    await cell.locator('.code-cell-status[data-state="ran"]').waitFor({timeout: LONG / 4});
    const figure = page.locator('figure[data-figure="head-score"]');
    await assertText(figure.locator("figcaption"), "with your score in layer 2, head 1. On the attribute questions that head now puts 0.03 of its weight");
    await cell.locator(".cm-content").click();
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText("function headScore(tf, q, k) {\n  return tf.matMul(k, q, false, true);\n}");
    await cell.getByRole("button", {name: "Run"}).click();
    await cell.locator('.code-cell-status[data-state="failed"]').waitFor({timeout: LONG / 4});
    assert.match((await cellStatus.textContent())!, /Your code returned scores of shape \[\d+, 36, 10\], not \[\d+, 10, 36\] \(questions, words, patches\)/);
    await page.getByText("Run an edit above to measure the trained model with your score.").waitFor({timeout: 5_000}); // as for every editable cell: a failed edit leaves the original in force
    // the models as two files, loaded back into a page at other settings: it takes the file's
    const downloads: Download[] = [];
    page.on("download", (download) => downloads.push(download));
    await page.getByRole("button", {name: "Download the models"}).click();
    await waitUntil(() => downloads.length === 2);
    const files = await Promise.all(downloads.map(async (download) => ({name: download.suggestedFilename(), mimeType: "application/octet-stream", buffer: readFileSync((await download.path())!)})));
    assert.deepEqual(files.map((file) => file.name), ["cross-modal-attention-13-vlm-seed1-20-steps.json", "cross-modal-attention-13-vlm-seed1-20-steps.weights.bin"]);
    await page.goto(`${server.base}chapters/${chapter.slug}.html?steps=20&heldOut=16&seed=2`);
    const load = page.getByLabel("load a model: its .json and .weights.bin together");
    await load.setInputFiles({name: "model.json", mimeType: "application/json", buffer: Buffer.from("{}")});
    await assertText(page.locator(".kept-model-problem"), "model.json does not describe a model this page saved");
    await load.setInputFiles(files);
    await page.waitForFunction(() => new URL(location.href).searchParams.get("seed") === "1", undefined, {timeout: 10_000});
    await settle(page, ["loss-curves"], ".training-status");
    await assertText(status, "Restored from this browser's storage");
    assert.equal(await training.textContent(), record, "the loaded run is the downloaded one");
    // train again: the kept run is forgotten and the models learn anew
    await page.getByRole("button", {name: "Train again"}).click();
    await assertText(status, "When the run finishes, it is kept");
    await settle(page, ["loss-curves"], ".training-status");
    await assertText(status, "Kept in this browser");
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  test("chapter 13: a picture from a file is downscaled and answered about; a file that is not a picture and a camera the browser refuses are named, and the page goes on", {timeout: LONG}, async () => {
    const chapter = WRITTEN.find((c) => c.experiment === "vlm")!;
    const {page, problems} = await open(`chapters/${chapter.slug}.html?steps=20&heldOut=16`, VIEWS[1].options);
    await settle(page, ["scenes", "loss-curves", "accuracy-by-type"], ".training-status");
    const input = page.getByLabel("choose a picture");
    const message = page.locator(".picture-input-message");
    await input.scrollIntoViewIfNeeded(); // as a reader choosing a file sees the input, and the answer's figure just below it (a figure far from the screen waits: figureTurn.ts)
    await input.setInputFiles({name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a picture")});
    await assertText(message, "“notes.txt” is not a picture (text/plain)");
    await input.setInputFiles({name: "broken.png", mimeType: "image/png", buffer: Buffer.from("not really a PNG")});
    await assertText(message, "“broken.png” could not be read as a picture");
    const photo = new PNG({width: 96, height: 64}); // a wide picture: grey, a red block left of centre
    for (let y = 0; y < 64; ++y) for (let x = 0; x < 96; ++x) photo.data.set(x >= 30 && x < 50 && y >= 20 && y < 44 ? [230, 50, 40, 255] : [128, 128, 128, 255], 4 * (y * 96 + x));
    await input.setInputFiles({name: "photo.png", mimeType: "image/png", buffer: PNG.sync.write(photo)});
    await assertText(message, "Read photo.png, 96 × 64 pixels, downscaled to 48 × 48.");
    await page.locator('figure[data-figure="picture-answer"] figcaption', {hasText: "photo.png"}).waitFor({timeout: LONG / 4});
    assert.equal(await page.locator('figure[data-figure="picture-answer"] image').count(), 5, "the picture, and one map per head and layer");
    await page.getByRole("button", {name: "Use the camera"}).click();
    await message.filter({hasText: /camera was not allowed|No camera was found|offers no camera/}).waitFor({timeout: 10_000});
    assert.equal(await page.locator(".picture-input-problem").count(), 1, "said as a problem");
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
