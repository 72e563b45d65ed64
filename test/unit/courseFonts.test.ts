import assert from "node:assert/strict";
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {courseSymbols, fontFaceCss, writeCourseFonts} from "../../scripts/courseFonts.js";

test("the symbols face keeps the arrows, operators and sub- and superscripts the text uses, not its Latin or Greek", () => {
  assert.deepEqual(courseSymbols("q₁ → k ≈ 0.5, α ≤ β, ‖v‖ ⊕ ⟨x⟩ Cᵀ abc é"), ["ᵀ", "₁", "→", "≈", "≤", "⊕", "⟨", "⟩", "‖"].sort());
});

test("@font-face rules are woff2 only, swap, and name files under the page's own path", () => {
  const css = fontFaceCss([{family: "Inter", style: "normal", weight: 400, file: "inter-latin-400-normal.woff2", unicodeRange: "U+0000-00FF"}], "../_file/_build/fonts/");
  assert.equal(css, '@font-face{font-family:"Inter";font-style:normal;font-weight:400;font-display:swap;src:url("../_file/_build/fonts/inter-latin-400-normal.woff2") format("woff2");unicode-range:U+0000-00FF}');
});

test("the fonts written are every face listed, woff2 only: text, sans, mono, symbols and KaTeX's, and KaTeX's stylesheet without @font-face", async () => {
  const out = mkdtempSync(join(tmpdir(), "fonts-"));
  try {
    const faces = await writeCourseFonts(out);
    assert.deepEqual(JSON.parse(readFileSync(join(out, "fonts.json"), "utf-8")), faces);
    for (const face of faces) assert.equal(readFileSync(join(out, "fonts", face.file)).subarray(0, 4).toString("latin1"), "wOF2", face.file);
    const families = new Set(faces.map((face) => face.family));
    for (const family of ["Source Serif 4", "Inter", "JetBrains Mono", "Course Symbols", "KaTeX_Main", "KaTeX_Math"]) assert.ok(families.has(family), family);
    const katex = readFileSync(join(out, "katex.css"), "utf-8");
    assert.match(katex, /\.katex\{/);
    assert.doesNotMatch(katex, /@font-face|url\(/);
  } finally {
    rmSync(out, {recursive: true, force: true});
  }
});
