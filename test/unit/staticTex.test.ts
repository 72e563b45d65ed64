import assert from "node:assert/strict";
import {test} from "node:test";
import MarkdownIt from "markdown-it";
import {renderTex, staticTex} from "../../scripts/staticTex.js";

/** A markdown-it set up as Framework sets it up, as far as these rules need: its ${…} rule, which makes a cell. */
function framework(): MarkdownIt {
  const md = new MarkdownIt({html: true});
  md.inline.ruler.push("placeholder", (state, silent) => {
    if (silent || !state.src.startsWith("${", state.pos)) return false;
    const end = state.src.indexOf("}", state.pos);
    state.push("placeholder", "", 0).content = state.src.slice(state.pos + 2, end);
    state.pos = end + 1;
    return true;
  });
  md.core.ruler.after("inline", "placeholder", () => {});
  md.renderer.rules.placeholder = (tokens, i) => `<cell>${tokens[i].content}</cell>`;
  md.renderer.rules.fence = (tokens, i) => `<js-cell>${tokens[i].content}</js-cell>`;
  return staticTex(md);
}

test("a fixed inline formula is drawn by KaTeX at build time, in the wrapper tex.ts gives it, with MathML for screen readers", () => {
  const html = framework().render("Each key is ${tex`k_j = [c_j; s_j]`} here.");
  assert.ok(html.includes(renderTex("k_j = [c_j; s_j]", false)));
  assert.match(html, /^<p>Each key is <span class="tex"><span class="katex"><span class="katex-mathml"><math/);
  assert.match(html, /<annotation encoding="application\/x-tex">k_j = \[c_j; s_j\]<\/annotation>/);
  assert.ok(!html.includes("<cell>"));
});

test("a formula holding a value known only in the browser stays a cell, as does any other expression", () => {
  const html = framework().render("with ${tex`\\beta = ${beta}`} and ${count} items");
  assert.equal((html.match(/<cell>/g) ?? []).length, 2);
  assert.ok(!html.includes('class="katex"'));
});

test("a cell that only displays a fixed block formula becomes display-style HTML in Framework's block wrapper; other cells stay cells", () => {
  const html = framework().render("```js\ndisplay(tex.block`Q = X W_Q`);\n```\n\n```js\ndisplay(tex.block`x = ${x}`);\n```\n\n```js\nconst y = 1;\n```\n");
  assert.ok(html.includes(`<div class="observablehq observablehq--block">${renderTex("Q = X W_Q", true)}</div>`));
  assert.match(html, /class="katex-display"/);
  assert.equal((html.match(/<js-cell>/g) ?? []).length, 2);
});

test("a fixed formula inside an HTML block is drawn too", () => {
  const html = framework().render('<figcaption>The weight ${tex`\\alpha_j`} of object j.</figcaption>\n');
  assert.ok(html.includes(renderTex("\\alpha_j", false)));
});

test("TeX that KaTeX cannot parse fails the build and names the formula", () => {
  assert.throws(() => framework().render("bad ${tex`\\frac{1}{`} formula"), /KaTeX cannot draw "\\\\frac\{1\}\{"/);
});
