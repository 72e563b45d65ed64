/**
 * A chapter printed or saved as PDF shows its prose, formulas and current figures, without the
 * sidebar, the controls or the download menus (src/style.css, @media print). Making the PDF with Chromium's
 * page.pdf() fires beforeprint, which draws every figure still waiting for the reader to come near it
 * (components/figures/figureTurn.ts); then the print media is checked.
 */
import assert from "node:assert/strict";
import {after, before, describe, test} from "node:test";
import type {Browser} from "playwright-core";
import {CHAPTERS} from "../../components/chapters.js";
import {launchChromium} from "./launchChromium.js";
import {recordProblems} from "./recordProblems.js";
import {serveStatic, type StaticServer} from "./staticServer.js";

const HIDDEN = ["#observablehq-sidebar", "#observablehq-toc", ".parameter-controls", ".training-controls", ".figure-tools", ".code-cell-actions", ".backend-picker", "button"];
const SHOWN = ["#observablehq-main h1", "figure.course-figure svg", ".katex"];

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

describe("a chapter printed or saved as PDF", () => {
  for (const chapter of [CHAPTERS[0], CHAPTERS[6]]) {
    test(`chapter ${chapter.number}: prose, formulas and figures print, a figure still waiting for the reader drawn for the print; sidebar, controls and menus do not; the PDF has pages`, {timeout: 120_000}, async () => {
      const context = await browser.newContext({viewport: {width: 1200, height: 900}, serviceWorkers: "block", reducedMotion: "reduce"});
      const problems: string[] = [];
      await recordProblems(context, server.origin, problems);
      const page = await context.newPage();
      await page.goto(`${server.base}chapters/${chapter.slug}.html?steps=20`);
      // every figure drawn, or holding its place until the reader comes near it (components/figures/figureTurn.ts), and the chapter's computation done
      await page.waitForFunction((names) => names.every((name) => document.querySelector(`figure[data-figure="${name}"] svg, [data-figure-place~="${name}"]`)) && [...document.querySelectorAll<HTMLElement>(".training-status, .compute-status")].every((node) => node.dataset.state === "done"), chapter.figures!, {timeout: 90_000, polling: 250}).catch(async (error) => {
        // what the page shows when its figures are not all there: which are, its backend and training status, and what went wrong
        const state = await page.evaluate((names) => ({
          missing: names.filter((name) => !document.querySelector(`figure[data-figure="${name}"] svg, [data-figure-place~="${name}"]`)),
          status: [...document.querySelectorAll(".runtime-status, .training-status")].map((node) => `${(node as HTMLElement).dataset.state ?? ""}: ${node.textContent?.trim().slice(0, 120)}`),
          errors: [...document.querySelectorAll(".observablehq--error, .notice")].map((node) => node.textContent?.trim().slice(0, 160))
        }), chapter.figures!);
        throw new Error(`${error.message.split("\n")[0]}; page state ${JSON.stringify(state)}; problems ${JSON.stringify(problems)}`);
      });
      await page.evaluate(() => document.fonts.ready);
      const waited = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>("[data-figure-place]")].flatMap((place) => place.dataset.figurePlace!.split(" ")));
      const pdf = await page.pdf({format: "A4", printBackground: false}); // Chromium fires beforeprint first: every figure still waiting draws then
      const pages = pdf.toString("latin1").match(/\/Type\s*\/Page\b/g)?.length ?? 0;
      assert.ok(pdf.subarray(0, 5).toString() === "%PDF-" && pages >= 2, `a PDF of ${pages} pages (${pdf.length} bytes)`);
      const undrawn = await page.evaluate((names) => names.filter((name) => !document.querySelector(`figure[data-figure="${name}"] svg`)), chapter.figures!);
      assert.deepEqual(undrawn, [], `every figure drawn for the print (${waited.length ? `${waited.join(", ")} waited for the reader until then` : "none was waiting"})`);
      await page.emulateMedia({media: "print"});
      const visibility = await page.evaluate(
        ({hidden, shown}) => {
          // whether each selector has a node with a box that is not hidden (inline: the test runner's transform renames named helpers, which the page lacks)
          const printed = [...hidden, ...shown].map((selector) => [...document.querySelectorAll(selector)].some((node) => node.getClientRects().length > 0 && getComputedStyle(node).visibility !== "hidden"));
          return {printedControls: hidden.filter((_, i) => printed[i]), missing: shown.filter((_, i) => !printed[hidden.length + i])};
        },
        {hidden: HIDDEN, shown: SHOWN}
      );
      assert.deepEqual(visibility.printedControls, [], "controls and menus are hidden in print");
      assert.deepEqual(visibility.missing, [], "prose, figures and formulas are printed");
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
