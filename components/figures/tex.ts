/**
 * tex`a^\top s` renders TeX with KaTeX, drawn in KaTeX's own fonts (shipped with the course:
 * scripts/courseFonts.ts) so formulas look the same on every machine, with MathML beside the drawing
 * for screen readers. tex.block`...` is display style.
 *
 * Formulas fixed in a page's Markdown are drawn when the site is built (scripts/staticTex.ts); this module draws
 * those built from computed values. KaTeX is a chunk of its own (about 80 KB compressed), fetched when the page
 * first asks for such a formula and not waited for: a formula asked for before it arrives shows its TeX source
 * for that moment and is drawn soon after KaTeX is there (later(), below), so no page's first result waits on it.
 */
type Katex = typeof import("katex").default;

let katex: Katex | undefined;
let loading: Promise<Katex | undefined> | undefined;
const load = () => (loading ??= import("katex").then((module) => (katex = module.default), () => undefined));

function draw(node: HTMLElement, source: string, displayMode: boolean, renderer: Katex): void {
  renderer.render(source, node, {output: "htmlAndMathml", displayMode, throwOnError: false});
  node.classList.remove("tex-pending");
}

/**
 * Formulas that waited for KaTeX are drawn a few at a time, each batch in a task of its own of at most
 * about 8 ms: a chapter has a hundred of them, and drawing all at once when KaTeX arrives would hold the
 * page's thread for a long moment.
 */
const waiting: (() => void)[] = [];
let draining = false;
function later(work: () => void): void {
  waiting.push(work);
  if (!draining) (draining = true), setTimeout(drain, 0);
}
function drain(): void {
  const start = performance.now();
  while (waiting.length && performance.now() - start < 8) waiting.shift()!();
  if (waiting.length) setTimeout(drain, 0);
  else draining = false;
}

function render(displayMode: boolean, strings: TemplateStringsArray | string, values: unknown[]): HTMLElement {
  const source = typeof strings === "string" ? strings : String.raw({raw: strings.raw}, ...values);
  const node = document.createElement(displayMode ? "div" : "span");
  node.className = displayMode ? "tex tex-block" : "tex";
  if (katex) {
    draw(node, source, displayMode, katex);
  } else {
    node.classList.add("tex-pending");
    node.textContent = source; // for the moment until KaTeX arrives; if it never does (a failed fetch), the source stays readable
    void load().then((renderer) => renderer && later(() => draw(node, source, displayMode, renderer)));
  }
  return node;
}

export function tex(strings: TemplateStringsArray | string, ...values: unknown[]): HTMLElement {
  return render(false, strings, values);
}

tex.block = (strings: TemplateStringsArray | string, ...values: unknown[]): HTMLElement => render(true, strings, values);
