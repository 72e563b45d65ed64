import assert from "node:assert/strict";
import {test} from "node:test";
import {fontsToPreload, withFontPreloads} from "../../scripts/fontPreloads.js";

const head = (body: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><style>@font-face{font-family:"Source Serif 4";src:url("../_file/_build/fonts/source-serif-4-latin-400-normal.woff2") format("woff2")}</style></head><body>${body}</body></html>`;

test("a page preloads its body, bold and sans-serif faces from where its @font-face rules name them", () => {
  assert.deepEqual(fontsToPreload(head("<p>text</p>")), ["source-serif-4-latin-400-normal.woff2", "source-serif-4-latin-700-normal.woff2", "inter-latin-400-normal.woff2", "inter-latin-700-normal.woff2"].map((file) => `../_file/_build/fonts/${file}`));
});

test("italics are preloaded only where the page has emphasis, KaTeX's faces only where it has formulas drawn at build time", () => {
  const files = fontsToPreload(head('<p><em>a</em> <span class="katex">x</span></p>')).map((url) => url.split("/").pop());
  assert.ok(files.includes("source-serif-4-latin-400-italic.woff2") && files.includes("KaTeX_Main-Regular.woff2") && files.includes("KaTeX_Math-Italic.woff2"));
  assert.equal(fontsToPreload(head("<p>plain</p>")).length, 4);
  assert.ok(!files.includes("KaTeX_Size1-Regular.woff2"), "KaTeX's size-1 face only where a formula uses it");
  const withSum = fontsToPreload(head('<span class="katex"><span class="mop op-symbol small-op">∑</span></span>')).map((url) => url.split("/").pop());
  assert.ok(withSum.includes("KaTeX_Size1-Regular.woff2"), "an inline ∑ preloads KaTeX's size-1 face");
});

test("the body face's Greek subset is preloaded where the page's text has Greek letters, not where only its scripts do", () => {
  const greek = (body: string) => fontsToPreload(head(body)).some((url) => url.endsWith("source-serif-4-greek-400-normal.woff2"));
  assert.ok(greek("<p>the rates τ_θ and η_H</p>"));
  assert.ok(!greek("<p>plain</p><script>const label = \"τ_θ\";</script>"));
  assert.ok(!greek("<p>plain</p>"));
});

test("the preloads follow the charset, fetched in CORS mode as fonts are; a page without course fonts is left as it is", () => {
  const html = withFontPreloads(head("<p>text</p>"));
  assert.match(html, /<meta charset="utf-8">\n<link rel="preload" href="\.\.\/_file\/_build\/fonts\/source-serif-4-latin-400-normal\.woff2" as="font" type="font\/woff2" crossorigin>/);
  assert.equal(withFontPreloads("<html><head></head></html>"), "<html><head></head></html>");
});
