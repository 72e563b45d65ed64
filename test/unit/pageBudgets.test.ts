import {test} from "node:test";
import assert from "node:assert/strict";
import {pageWeights} from "../../scripts/pageWeights.js";
import {budgetOf} from "../../scripts/pageBudgets.js";
import {pageEntries} from "../../scripts/bundleOptions.js";

const weights = await pageWeights();

test("every page has an entry bundle of its own, and no page's entry imports another page's", () => {
  const entries = Object.keys(pageEntries());
  assert.deepEqual(Object.keys(weights).sort(), entries.sort());
  for (const [name, {files}] of Object.entries(weights)) {
    const others = files.filter((file) => /\/page-[\w-]+\.js$/.test(file) && !file.endsWith(`/${name}.js`));
    assert.deepEqual(others, [], `${name} loads another page's bundle`);
  }
});

for (const name of Object.keys(pageEntries())) {
  const {kind, kib} = budgetOf(name);
  test(`${name}: the JavaScript it fetches before its first result fits the ${kind} budget of ${kib} KiB gzip`, () => {
    const {gzipBytes, files} = weights[name];
    assert.ok(gzipBytes <= kib * 1024, `${name} fetches ${(gzipBytes / 1024).toFixed(1)} KiB gzip in ${files.length} files, over its ${kib} KiB budget`);
  });
}

test("the home page fetches no tfjs before the reader starts the demo", () => {
  assert.equal(weights["page-index"].computes, false, "tfjs-core is among the home page's static imports"); // the browser test checks it too
  assert.equal(weights["page-01-bilinear-handshake"].computes, true, "the check can see tfjs-core where it is");
});

test("no page loads tfjs on its own thread: every chapter, and Your machine, compute in the experiment worker", () => {
  for (const [name, {tfjsOnPage, worker}] of Object.entries(weights)) {
    assert.equal(tfjsOnPage, false, `${name} loads tfjs-core on the page's thread`);
    if (name !== "page-index") assert.equal(worker, true, `${name} does not start the experiment worker`);
  }
});
