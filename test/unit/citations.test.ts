/**
 * Pages cite what a reader can open: published sources and the course's own numbers, never the
 * team's working document (SPEC.md). Checked in everything a page shows: its Markdown, the chapter
 * list, the code excerpts and editable cells. (The browser tests check the rendered text too.)
 */
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {codeRegions} from "../../scripts/codeRegions.js";
import {filesUnder} from "../../scripts/filesUnder.js";

const WORKING_DOCUMENT = /\bSPEC(?:'s|\.md)?\b/;

/** The pages: every Markdown file of src/, not the build's or Framework's cache (folders starting with _ or .). */
const pages = (dir: string) => [...filesUnder(dir)].filter((path) => path.endsWith(".md") && !/\/[_.]/.test(path));

test("no page's Markdown mentions the working document SPEC", () => {
  const found = pages("src").flatMap((file) => readFileSync(file, "utf-8").split("\n").flatMap((line, i) => (WORKING_DOCUMENT.test(line) ? [`${file}:${i + 1}: ${line.trim().slice(0, 120)}`] : [])));
  assert.deepEqual(found, []);
});

test("no code excerpt or editable cell a page shows mentions SPEC", () => {
  const found = Object.entries(codeRegions()).filter(([, source]) => WORKING_DOCUMENT.test(source)).map(([name]) => name);
  assert.deepEqual(found, []);
});

test("the chapter list the home page and sidebar show does not mention SPEC", () => {
  assert.doesNotMatch(readFileSync("data/chapters.json", "utf-8"), WORKING_DOCUMENT);
});

test("the check finds the working document where it is named", () => {
  for (const text of ["at SPEC's σ = 0.05", "see SPEC.md", "SPEC lists"]) assert.match(text, WORKING_DOCUMENT);
  assert.doesNotMatch("CLIP_SIZES and the SPECTRUM of a clip", WORKING_DOCUMENT);
});
