/**
 * Font preloads for a built page. The course's faces are declared with font-display: swap, so text first
 * shows in a system face and moves when the course's arrives; a browser asks for a face only once the
 * page's layout needs it, late on a slow network (Lighthouse counted those moves in the pages' layout
 * shift). Preloading the faces a page's first screen sets in has them fetched with the page, in parallel
 * with its scripts: body text, its bold, the sans-serif of the sidebar and headings; italics where the page
 * has emphasis; KaTeX's two commonest faces where the page has formulas drawn at build time, and its size-1 face
 * (5 KB: the inline ∑, ∏, ∫ and the first size of big delimiters) where one of them uses it: arriving late, it widened
 * chapter 8's first paragraph by a line and moved the text below it (a layout shift of 0.119 on Lighthouse's phone).
 * The body face's Greek subset (8 KB) where the page's HTML has Greek letters outside its scripts: on chapter 12 it was
 * asked for at about 0.4 s, once cells had set α, τ_θ and η_H in text, and every line set in it was laid out again.
 */
const ALWAYS = ["source-serif-4-latin-400-normal.woff2", "source-serif-4-latin-700-normal.woff2", "inter-latin-400-normal.woff2", "inter-latin-700-normal.woff2"];
const ITALIC = "source-serif-4-latin-400-italic.woff2";
const KATEX = ["KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2"];
const KATEX_SIZE1 = "KaTeX_Size1-Regular.woff2";
const USES_SIZE1 = /class="[^"]*\b(small-op|size1)\b/; // KaTeX's classes for what it sets in KaTeX_Size1
const GREEK = "source-serif-4-greek-400-normal.woff2";
const HAS_GREEK = /[\u0370-\u03ff]/; // the Greek and Coptic block, which the Greek subset covers

/** Whether `html` has Greek letters outside its <script> and <style> elements (the text, and KaTeX's MathML, a browser lays out). */
function hasGreekText(html: string): boolean {
  return HAS_GREEK.test(html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ""));
}

/** The faces to preload for `html`, as the URLs its @font-face rules use; none if the page declares no course fonts. */
export function fontsToPreload(html: string): string[] {
  const base = /url\("([^"]*)source-serif-4-latin-400-normal\.woff2"\)/.exec(html)?.[1];
  if (base === undefined) return [];
  const files = [...ALWAYS, ...(/<em>/.test(html) ? [ITALIC] : []), ...(/class="katex"/.test(html) ? KATEX : []), ...(USES_SIZE1.test(html) ? [KATEX_SIZE1] : []), ...(hasGreekText(html) ? [GREEK] : [])];
  return files.map((file) => base + file);
}

/** `html` with a <link rel="preload"> for each of fontsToPreload(html), right after its charset. */
export function withFontPreloads(html: string): string {
  const links = fontsToPreload(html).map((url) => `<link rel="preload" href="${url}" as="font" type="font/woff2" crossorigin>`);
  if (!links.length) return html;
  if (!/<meta charset="utf-8">/i.test(html)) throw new Error("a page without <meta charset> to preload its fonts after");
  return html.replace(/<meta charset="utf-8">/i, (charset) => `${charset}\n${links.join("\n")}`);
}
