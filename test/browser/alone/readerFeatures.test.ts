/**
 * What a reader does beyond reading, on chapter 12 (its computations take a second, so the checks
 * are quick): edit the cell behind the figures, break it, run away with it and reset it; open a
 * shared link with good and bad settings and with edited code; export a figure in every format. And on
 * chapter 6, save the timing sweep's results.
 * In alone/ because an edited cell that runs past 6 s is stopped: on a machine loaded with other
 * test files, the reader's edit itself could be.
 */
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {after, before, describe, test} from "node:test";
import type {Browser, Locator, Page} from "playwright-core";
import {launchChromium} from "../launchChromium.js";
import {cellSource} from "../../../components/editing/editableCells.js";
import {recordProblems} from "../recordProblems.js";
import {seeFigure} from "../seeFigures.js";
import {serveStatic, type StaticServer} from "../staticServer.js";

const PAGE = "chapters/12-plasticity.html";
const CELL = '[data-cell="plasticity.rule"]';
const ORIGINAL = cellSource(readFileSync("components/chapters/12-plasticity/cells/plasticityRule.js", "utf-8"));
const EDITED = ORIGINAL.replace("m.mul(meanSquare, 1 / p.rho)", "m.mul(meanSquare, 2 / p.rho)"); // θ_M follows 2⟨r_V²⟩/ρ
const TIMEOUT = 120_000;

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

/** Opens a page and records console errors, page errors, failed requests and requests to other hosts. */
async function open(path: string): Promise<{page: Page; problems: string[]}> {
  const context = await browser.newContext({viewport: {width: 1200, height: 900}, acceptDownloads: true, serviceWorkers: "block"});
  const page = await context.newPage();
  const problems: string[] = [];
  await recordProblems(context, server.origin, problems);
  await page.goto(server.base + path);
  return {page, problems};
}

/**
 * The figure's caption, without the time its computation took, once the reader has scrolled to it. With `until`, the first caption that satisfies it within 10 s, or the
 * last one read: the figure redraws a moment after the cell's status changes, so one read could find the caption before the redraw.
 */
async function caption(page: Page, figure: string, until?: (text: string) => boolean): Promise<string> {
  const read = async () => (await seeFigure(page, figure), await page.locator(`figure[data-figure="${figure}"] figcaption`).textContent())!.replace(/in [\d.]+ ms/g, "in … ms");
  let text = await read();
  for (const end = Date.now() + 10_000; until && !until(text) && Date.now() < end; text = await read()) await page.waitForTimeout(100);
  return text;
}
const state = (cell: Locator) => cell.locator(".code-cell-status").getAttribute("data-state");

/** Replaces the editor's text as a reader would: select everything, type the new text. */
async function type(page: Page, cell: Locator, text: string) {
  await cell.locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(text);
}

async function runAndWait(cell: Locator, outcome: "ran" | "failed", timeout = 30_000) {
  await cell.getByRole("button", {name: "Run"}).click();
  await cell.locator(`.code-cell-status[data-state="${outcome}"]`).waitFor({timeout});
}

describe("editable cells, shared links and exports", {concurrency: 3}, () => {
  test("edit the plasticity rule: the figures recompute from it; a throwing edit is named and the original stays; a runaway loop is stopped; reset", {timeout: TIMEOUT}, async () => {
    const {page, problems} = await open(PAGE);
    await page.locator('.compute-status[data-state="done"]').waitFor({timeout: 60_000});
    const before = await caption(page, "plasticity-traces");
    const cell = page.locator(CELL);
    await cell.getByRole("button", {name: "Edit this code"}).click();
    await cell.locator(".cm-content").waitFor();
    await type(page, cell, EDITED);
    await runAndWait(cell, "ran");
    const yours = await caption(page, "plasticity-traces", (text) => /^Your rule/.test(text));
    assert.match(yours, /^Your rule, computed in a worker\./);
    assert.notEqual(yours.replace(/^Your rule, computed in a worker\. /, ""), before, "the numbers changed");
    assert.match((await page.locator(".compute-status").textContent())!, /With your rule, in a worker/);
    assert.ok(new URL(page.url()).searchParams.has("cell.plasticity.rule"), "the link carries the edited code");
    await cell.locator("input.changes").check();
    await cell.locator(".cm-changedLine, .cm-deletedChunk").first().waitFor(); // the diff against the original, in place

    await type(page, cell, EDITED.replace("const meanRate", "if (trials.length) throw new Error('my rule broke');\n  const meanRate"));
    await runAndWait(cell, "failed");
    assert.match((await cell.locator(".code-cell-status").textContent())!, /Your code threw Error on line \d+: my rule broke\. The figure still shows the original/);
    assert.equal(await caption(page, "plasticity-traces", (text) => text === before), before, "the original figure is back");

    await type(page, cell, EDITED.replace("const meanRate", "while (true) {}\n  const meanRate"));
    await runAndWait(cell, "failed", 30_000);
    assert.match((await cell.locator(".code-cell-status").textContent())!, /ran for more than 6 s, so it was stopped/);
    await page.locator(".compute-status").evaluate((node) => node.setAttribute("data-stale", "")); // so the wait below is for the new run's status
    await page.locator('[data-parameter="etaG"] input[type="number"]').fill("0.03"); // the page still works
    await page.locator('[data-parameter="etaG"] input[type="number"]').dispatchEvent("change");
    await page.locator('.compute-status[data-state="done"]:not([data-stale])').waitFor({timeout: 60_000});
    // The cell is drawn anew with the new settings and runs the last edit that ran in this tab (the link's); let it
    // finish, and let the page settle: the results arriving from the worker may draw the cell once more, and a
    // press on a cell that is being replaced would be lost with it. Settled: the same cell, not running, for a second.
    await page.waitForFunction(() => {
      const node = document.querySelector('[data-cell="plasticity.rule"]');
      const state = node?.querySelector(".code-cell-status")?.getAttribute("data-state");
      const seen = (globalThis as any).settledCell;
      const now = performance.now();
      if (!node || state === "running" || seen?.node !== node) {
        (globalThis as any).settledCell = {node, since: now};
        return false;
      }
      return now - seen.since > 1000;
    }, undefined, {timeout: 30_000, polling: 100});

    await cell.getByRole("button", {name: "Reset to original"}).click();
    // Reset clears the link, so the cell the page draws anew after it shows the original and runs nothing.
    await cell.locator('.code-cell-status[data-state="original"]').waitFor({timeout: 30_000});
    await page.waitForTimeout(500);
    assert.equal(await state(cell), "original");
    assert.equal(new URL(page.url()).searchParams.has("cell.plasticity.rule"), false);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  test("a shared link: good settings are used, a bad one is named and replaced, edited code is shown but runs only on a click", {timeout: TIMEOUT}, async () => {
    const code = Buffer.from(EDITED, "utf-8").toString("base64url");
    const {page, problems} = await open(`${PAGE}?etaG=0.03&days=abc&restore=maybe&cell.plasticity.rule=${code}`);
    await page.locator('.compute-status[data-state="done"]').waitFor({timeout: 60_000});
    assert.equal(await page.locator('[data-parameter="etaG"] input[type="number"]').inputValue(), "0.03");
    await page.getByText(/The link's days of deprivation must be a number, not "abc"; using 40\./).waitFor();
    await page.getByText(/The link's restore must be one of true, false, not "maybe"; using false\./).waitFor();
    const cell = page.locator(CELL);
    await cell.locator('.code-cell-status[data-state="from-link"]').waitFor({timeout: 30_000});
    await cell.locator(".cm-scroller").scrollIntoViewIfNeeded(); // CodeMirror draws only the lines in view
    await cell.locator(".cm-scroller").evaluate((scroller) => (scroller.scrollTop = scroller.scrollHeight));
    await cell.locator(".cm-line", {hasText: "2 / p.rho"}).waitFor(); // the link's code is shown
    assert.doesNotMatch(await caption(page, "plasticity-traces"), /Your rule/, "and has not run");
    await runAndWait(cell, "ran");
    assert.match(await caption(page, "plasticity-traces", (text) => /^Your rule/.test(text)), /^Your rule/);
    assert.deepEqual(problems, []);
    await page.context().close();

    const broken = await open(`${PAGE}?cell.plasticity.rule=%%%`);
    await broken.page.locator(`${CELL} .code-cell-status[data-state="failed"]`).waitFor({timeout: 30_000});
    assert.match((await broken.page.locator(`${CELL} .code-cell-status`).textContent())!, /could not be read, so the original is shown/);
    assert.deepEqual(broken.problems, []);
    await broken.page.context().close();
  });

  test("a figure exports as SVG, PNG, CSV and JSON, and each file parses (with vision restored by the link)", {timeout: TIMEOUT}, async () => {
    const {page, problems} = await open(`${PAGE}?restore=true`);
    await page.locator('.compute-status[data-state="done"]').waitFor({timeout: 60_000});
    assert.match(await caption(page, "plasticity-traces"), /Vision restored on day 40/, "the link's button state is used");
    const figure = page.locator('figure[data-figure="plasticity-traces"]');
    await figure.locator("summary").click();
    await figure.locator(".figure-table table").waitFor();
    const saved: Record<string, Buffer> = {};
    for (const format of ["SVG", "PNG", "CSV", "JSON"]) {
      const [download] = await Promise.all([page.waitForEvent("download"), figure.getByRole("button", {name: format, exact: true}).click()]);
      assert.equal(download.suggestedFilename(), `12-plasticity-plasticity-traces.${format.toLowerCase()}`);
      saved[format] = readFileSync((await download.path())!);
    }
    const svg = saved.SVG.toString("utf-8");
    assert.equal(await page.evaluate((text) => new DOMParser().parseFromString(text, "image/svg+xml").querySelector("parsererror") === null, svg), true, "the SVG parses");
    assert.ok((svg.match(/<path/g) ?? []).length >= 4, "the SVG holds the traces");
    const png = saved.PNG;
    assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], "a PNG signature");
    assert.ok(png.readUInt32BE(16) > 200 && png.readUInt32BE(20) > 200, `PNG ${png.readUInt32BE(16)} × ${png.readUInt32BE(20)}`);
    const rows = JSON.parse(saved.JSON.toString("utf-8")) as Record<string, unknown>[];
    assert.ok(rows.length > 100 && typeof rows[0] === "object", `${rows.length} JSON rows`);
    const lines = saved.CSV.toString("utf-8").trimEnd().split("\n");
    assert.equal(lines.length, rows.length + 1, "a header and one CSV line per row");
    assert.deepEqual(lines[0].split(","), Object.keys(rows[0]));
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});

test("chapter 6's timing results download as JSON holding every measurement the page reports", {timeout: TIMEOUT}, async () => {
  const {page, problems} = await open("chapters/06-cost.html?backend=wasm&timing.largest=64");
  const status = page.locator('.sweep-status[data-state="done"]');
  await status.waitFor({timeout: 60_000});
  const measured = Number((await status.textContent())!.match(/Done: (\d+) measurements/)![1]);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", {name: "download results (JSON)"}).click()]);
  assert.equal(download.suggestedFilename(), "attention-cost-wasm.json");
  const results = JSON.parse(readFileSync((await download.path())!, "utf-8")) as {backend: string; points: unknown[]; settings: Record<string, unknown>};
  assert.equal(results.backend, "wasm");
  assert.equal(results.points.length, measured, "one point per measurement the status line counts");
  assert.equal(results.settings.largest, 64, "the link's settings");
  assert.deepEqual(problems, []);
  await page.context().close();
});
