/**
 * After one visit the course works offline: in headless Debian Chromium, from a plain static server
 * under a sub-path, the home page installs the service worker (dist/sw.js), which precaches every
 * file of dist/; then the network goes away (the browser context is set offline and the server is
 * closed) and every page is loaded again: each must come from the worker, pick a backend and draw a
 * figure, with no console error, page error, failed request or request to another host.
 */
import assert from "node:assert/strict";
import {relative, sep} from "node:path";
import {after, before, describe, test} from "node:test";
import type {Browser, BrowserContext} from "playwright-core";
import {launchChromium} from "./launchChromium.js";
import {CHAPTERS} from "../../components/chapters.js";
import {filesUnder} from "../../scripts/filesUnder.js";
import {recordProblems} from "./recordProblems.js";
import {serveStatic, type StaticServer} from "./staticServer.js";

const WRITTEN = CHAPTERS.filter((chapter) => chapter.figures?.length);
// Small settings in the link, so data sets are small and runs short (no run needs to finish here).
const LINKS: Record<string, string> = {
  grounding: "steps=10&grounding.scenes=300",
  multiscale: "steps=10&clips=40",
  masked: "steps=10&batch=16",
  binding: "steps=10&complexes=32",
  cost: "timing.largest=64&topk.n=64&pruning.scenes=200",
  svd: "",
  rademacher: "",
  asr: "trials=1000",
  plasticity: "days=20"
};
const PAGES = [
  "index.html",
  "machine.html",
  ...WRITTEN.map((chapter) => {
    const link = LINKS[chapter.experiment ?? ""] ?? "steps=10";
    return `chapters/${chapter.slug}.html${link ? `?${link}` : ""}`;
  }),
  // As some hosts link pages: the site's folder, and a page without ".html".
  "",
  `chapters/${(WRITTEN.find((chapter) => chapter.experiment === "svd") ?? WRITTEN[0]).slug}`
];

describe("after one visit, every page works offline", () => {
  let server: StaticServer;
  let browser: Browser;
  let context: BrowserContext;
  const problems: string[] = []; // emptied at the start of each test
  let installed = false;
  before(async () => {
    server = await serveStatic("dist");
    browser = await launchChromium();
    context = await browser.newContext({viewport: {width: 1200, height: 900}});
    await recordProblems(context, server.origin, problems);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test("the first visit installs the worker, which precaches every file of dist/ and controls the page", {timeout: 60_000}, async () => {
    problems.length = 0;
    const page = await context.newPage();
    try {
      await page.goto(server.base + "index.html");
      await page.getByRole("button", {name: "Start the demo"}).click(); // the demo loads tfjs only when asked
      await page.locator('.home-demo-status .backend-badge[data-backend="wasm"]').waitFor({timeout: 30_000}); // the front door's demo ran
      // The worker controls the page once it is active (clients.claim), which is after its install precached everything.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {timeout: 30_000});
      const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
      assert.equal(scope, server.base, "the worker's scope is the site's folder under the sub-path");
      const cached = await page.evaluate(async () => {
        const names = await caches.keys();
        const keys = names.length === 1 ? (await (await caches.open(names[0])).keys()).map((request) => request.url) : [];
        return {names, keys};
      });
      assert.equal(cached.names.length, 1, `one cache: ${cached.names}`);
      const expected = [...filesUnder("dist")].map((file) => relative("dist", file).split(sep).join("/")).filter((path) => path !== "sw.js");
      assert.deepEqual(cached.keys.sort(), expected.map((path) => server.base + path).sort(), "every page and asset is cached");
      assert.deepEqual(problems, []);
      installed = true;
    } finally {
      await page.close();
    }
  });

  test("offline, with the server gone", {timeout: 15_000}, async () => {
    await context.setOffline(true);
    void server.close(); // refuses new connections at once; resolves when the browser's kept-alive ones end
    const reached = await fetch(server.base + "index.html").then(() => "reached", () => "unreachable");
    assert.equal(reached, "unreachable");
  });

  for (const path of PAGES) {
    test(`offline: ${path || "the site's folder"} comes from the worker, picks a backend and draws its figures (your machine: its panel)`, {timeout: 60_000}, async () => {
      assert.ok(installed, "the first visit installed the worker");
      problems.length = 0;
      const page = await context.newPage();
      try {
        const response = await page.goto(server.base + path);
        assert.ok(response?.ok() && response.fromServiceWorker(), "the page comes from the service worker");
        if (path === "index.html" || path === "") await page.getByRole("button", {name: "Start the demo"}).click(); // the front door's demo loads when asked
        // The backend a chapter's status names, or (the front door) the one its demo's badge names.
        const backend = await page.waitForFunction(
          () => document.querySelector<HTMLElement>("[data-runtime-backend]")?.dataset.runtimeBackend ?? document.querySelector<HTMLElement>(".backend-badge[data-backend]")?.dataset.backend,
          undefined,
          {timeout: 30_000}
        );
        assert.deepEqual(problems, []);
        assert.equal(await backend.jsonValue(), "wasm", "the WASM binary came from the cache too");
        if (path.startsWith("machine")) await page.getByText("Not measured yet").waitFor({timeout: 10_000}); // it measures only when asked
        else
          await page.waitForFunction(
            () => {
              // a chapter's first figure draws once the reader comes near it (components/figures/figureTurn.ts): scroll to it, or to the box holding its place
              document.querySelector("figure[data-figure], [data-figure-place]")?.scrollIntoView({block: "center"});
              return [...document.querySelectorAll("figure svg")].some((svg) => svg.getBoundingClientRect().width > 50); // a chart or a card's figure, not a legend swatch
            },
            undefined,
            {timeout: 45_000}
          );
        await page.waitForTimeout(200); // a late request would show here
        assert.deepEqual(problems, []);
      } finally {
        await page.close();
      }
    });
  }
});
