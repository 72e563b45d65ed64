/**
 * The worker components/figures/tex.ts draws formulas in: KaTeX's renderToString needs no DOM, so the page's
 * thread never loads, compiles or runs KaTeX (about 270 KB of JavaScript; its first formula, with KaTeX's own
 * start-up, was one task of 26–62 ms on the page's thread here, four times that on Lighthouse's phone).
 * The page sends {id, source, displayMode} and receives {id, html}: KaTeX's HTML and MathML, with the options
 * the build uses for the formulas fixed in the Markdown (scripts/staticTex.ts), or no html when KaTeX fails, in
 * which case the page keeps showing the TeX source.
 */
import katex from "katex";

export type TexRequest = {id: number; source: string; displayMode: boolean};
export type TexReply = {id: number; html?: string};

addEventListener("message", ({data: {id, source, displayMode}}: MessageEvent<TexRequest>) => {
  let reply: TexReply = {id};
  try {
    reply = {id, html: katex.renderToString(source, {output: "htmlAndMathml", displayMode, throwOnError: false})}; // a TeX error is drawn in red, as KaTeX does
  } catch {
    // only KaTeX's own failures land here (throwOnError: false draws TeX errors): the page keeps the source
  }
  postMessage(reply);
});
