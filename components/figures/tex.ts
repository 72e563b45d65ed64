/**
 * tex`a^\top s` renders TeX with KaTeX, drawn in KaTeX's own fonts (shipped with the course:
 * scripts/courseFonts.ts) so formulas look the same on every machine, with MathML beside the drawing
 * for screen readers. tex.block`...` is display style.
 *
 * KaTeX is a chunk of its own (about 80 KB compressed), fetched as soon as a page loads this module but not
 * waited for: a formula asked for before it arrives shows its TeX source for that moment and is drawn
 * when KaTeX is there, so no page's first result waits on it.
 */
type Katex = typeof import("katex").default;

let katex: Katex | undefined;
const loading: Promise<Katex | undefined> = typeof document === "undefined" ? Promise.resolve(undefined) : import("katex").then((module) => (katex = module.default), () => undefined);

function draw(node: HTMLElement, source: string, displayMode: boolean, renderer: Katex): void {
  renderer.render(source, node, {output: "htmlAndMathml", displayMode, throwOnError: false});
  node.classList.remove("tex-pending");
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
    void loading.then((renderer) => renderer && draw(node, source, displayMode, renderer));
  }
  return node;
}

export function tex(strings: TemplateStringsArray | string, ...values: unknown[]): HTMLElement {
  return render(false, strings, values);
}

tex.block = (strings: TemplateStringsArray | string, ...values: unknown[]): HTMLElement => render(true, strings, values);
