/**
 * Formulas whose TeX is fixed in the page's Markdown are drawn by KaTeX when the site is built, not in the
 * reader's browser: a chapter has up to a hundred of them, and drawing each after the page's JavaScript had
 * loaded cost the page's thread a long moment and moved the text under the reader's eyes as every
 * paragraph grew (Lighthouse measured a layout shift of 0.7 on chapter 3). The HTML is what
 * components/figures/tex.ts draws in the browser: the same KaTeX options, the same wrapper and classes.
 *
 * Two forms are drawn here, when their TeX holds no `${…}` (a value known only in the browser) and no backtick:
 * - inline, in running text or in an HTML block: ${tex`k_j = [\text{colour}_j; \text{shape}_j]`}
 * - a JavaScript cell that only displays a formula: display(tex.block`Q = X W_Q`);
 * every other use of `tex` (a formula built from a computed number) still runs in the browser.
 *
 * A formula KaTeX cannot parse fails the build, with the page and the TeX named: readers never see it.
 */
import katex from "katex";
import type MarkdownIt from "markdown-it";

const INLINE = /^\$\{tex`([^`]*)`\}/;
const INLINE_ANYWHERE = /\$\{tex`([^`]*)`\}/g;
const BLOCK_CELL = /^\s*display\(tex\.block`([^`]*)`\);?\s*$/;

const isStatic = (source: string) => !source.includes("${");

/** KaTeX's HTML for `source`, inside the wrapper tex.ts gives it. */
export function renderTex(source: string, displayMode: boolean): string {
  let drawn: string;
  try {
    drawn = katex.renderToString(source, {output: "htmlAndMathml", displayMode, throwOnError: true});
  } catch (error) {
    throw new Error(`KaTeX cannot draw ${JSON.stringify(source)}: ${(error as Error).message}`);
  }
  return displayMode ? `<div class="tex tex-block">${drawn}</div>` : `<span class="tex">${drawn}</span>`;
}

/** A markdown-it plugin (observablehq.config.ts's markdownIt) that draws the fixed formulas at build time. */
export function staticTex(md: MarkdownIt): MarkdownIt {
  // Inline: before Framework's rule for ${…}, which would otherwise make it a cell run in the browser.
  md.inline.ruler.before("placeholder", "static-tex", (state, silent) => {
    if (state.src.charCodeAt(state.pos) !== 0x24 /* $ */) return false;
    const match = INLINE.exec(state.src.slice(state.pos, state.posMax));
    if (!match || !isStatic(match[1])) return false;
    if (!silent) state.push("html_inline", "", 0).content = renderTex(match[1], false);
    state.pos += match[0].length;
    return true;
  });
  // HTML blocks (a <figcaption>, a <p> written as HTML) and cells that only display a formula: before Framework
  // splits HTML blocks at their ${…} and turns fences into cells.
  md.core.ruler.before("placeholder", "static-tex", (state) => {
    for (const [i, token] of state.tokens.entries()) {
      if (token.type === "html_block") {
        token.content = token.content.replace(INLINE_ANYWHERE, (whole, source: string) => (isStatic(source) ? renderTex(source, false) : whole));
      } else if (token.type === "fence" && /^js\b/.test(token.info) && !/\becho\b/.test(token.info)) {
        const match = BLOCK_CELL.exec(token.content);
        if (!match || !isStatic(match[1])) continue;
        const block = new state.Token("html_block", "", 0);
        block.content = `<div class="observablehq observablehq--block">${renderTex(match[1], true)}</div>\n`;
        block.map = token.map;
        state.tokens[i] = block;
      }
    }
  });
  return md;
}
