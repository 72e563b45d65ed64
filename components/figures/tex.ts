/**
 * tex`a^\top s` renders TeX with KaTeX, drawn in KaTeX's own fonts (shipped with the course:
 * scripts/courseFonts.ts) so formulas look the same on every machine, with MathML beside the drawing
 * for screen readers. tex.block`...` is display style.
 *
 * Formulas fixed in a page's Markdown are drawn when the site is built (scripts/staticTex.ts); this module draws
 * those built from computed values. KaTeX runs in a worker of its own (texWorker.ts), started when the page first
 * asks for such a formula: the formula shows its TeX source until the worker's HTML arrives, and stays readable
 * that way if the worker never answers. The page's thread only puts the HTML in place, so no page's first
 * result, and no task of the page, waits on KaTeX.
 */
import type {TexReply, TexRequest} from "./texWorker.js";

let worker: Worker | null | undefined; // null: the worker could not start, and formulas keep their source
const waiting = new Map<number, HTMLElement>();
let nextId = 0;

function texWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    // esbuild writes this module into a chunk in src/_build/, beside the worker's entry (scripts/bundleOptions.ts),
    // and Framework rewrites this URL to the built file's, hash included.
    worker = new Worker(import.meta.resolve("./texWorker.js"), {type: "module"});
  } catch {
    return (worker = null);
  }
  worker.addEventListener("message", ({data: {id, html}}: MessageEvent<TexReply>) => {
    const node = waiting.get(id);
    waiting.delete(id);
    if (!node || html === undefined) return;
    node.innerHTML = html;
    node.classList.remove("tex-pending");
  });
  worker.addEventListener("error", () => ((worker = null), waiting.clear())); // the worker failed to load: every formula, this one and later ones, keeps its source
  return worker;
}

function render(displayMode: boolean, strings: TemplateStringsArray | string, values: unknown[]): HTMLElement {
  const source = typeof strings === "string" ? strings : String.raw({raw: strings.raw}, ...values);
  const node = document.createElement(displayMode ? "div" : "span");
  node.className = displayMode ? "tex tex-block tex-pending" : "tex tex-pending";
  node.textContent = source; // until the worker's HTML arrives
  const drawer = texWorker();
  if (drawer) {
    const id = nextId++;
    waiting.set(id, node);
    drawer.postMessage({id, source, displayMode} satisfies TexRequest);
  }
  return node;
}

export function tex(strings: TemplateStringsArray | string, ...values: unknown[]): HTMLElement {
  return render(false, strings, values);
}

tex.block = (strings: TemplateStringsArray | string, ...values: unknown[]): HTMLElement => render(true, strings, values);
