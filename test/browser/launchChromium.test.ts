// The browser the tests and the bench start (launchChromium.ts) keeps Playwright's own settings and loads no omnibox
// popup beside the pages it measures.
import {test} from "node:test";
import assert from "node:assert/strict";
import {chromium} from "playwright-core";
import {CHROMIUM, PLAYWRIGHT_DISABLED_FEATURES, launchChromium} from "./launchChromium.js";

test("launchChromium's --disable-features repeats every feature Playwright turns off (Chromium keeps only the last list)", async () => {
  const server = await chromium.launchServer({executablePath: CHROMIUM, args: ["--no-sandbox"]});
  const theirs = server.process().spawnargs.filter((arg) => arg.startsWith("--disable-features="));
  await server.close();
  assert.equal(theirs.length, 1, `Playwright's --disable-features: ${theirs}`);
  assert.deepEqual([...PLAYWRIGHT_DISABLED_FEATURES].sort(), theirs[0].slice("--disable-features=".length).split(",").sort());
});

test("a new page opens no omnibox popup (a WebUI page in a renderer of its own) beside it", async () => {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto("about:blank");
    await page.waitForTimeout(500);
    const {targetInfos} = (await (await browser.newBrowserCDPSession()).send("Target.getTargets")) as {targetInfos: {type: string; url: string}[]};
    assert.deepEqual(targetInfos.filter((target) => target.url.startsWith("chrome://")).map((target) => target.url), []);
    assert.equal(targetInfos.filter((target) => target.type === "page").length, 1);
  } finally {
    await browser.close();
  }
});
