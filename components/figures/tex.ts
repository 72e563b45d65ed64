import katex from "katex";

/**
 * tex`a^\top s` renders TeX with KaTeX, drawn in KaTeX's own fonts (shipped with the course:
 * scripts/courseFonts.ts) so formulas look the same on every machine, with MathML beside the drawing
 * for screen readers. tex.block`...` is display style.
 */
function render(displayMode: boolean, strings: TemplateStringsArray | string, values: unknown[]): HTMLElement {
  const source = typeof strings === "string" ? strings : String.raw({raw: strings.raw}, ...values);
  const node = document.createElement(displayMode ? "div" : "span");
  node.className = displayMode ? "tex tex-block" : "tex";
  katex.render(source, node, {output: "htmlAndMathml", displayMode, throwOnError: false});
  return node;
}

export function tex(strings: TemplateStringsArray | string, ...values: unknown[]): HTMLElement {
  return render(false, strings, values);
}

tex.block = (strings: TemplateStringsArray | string, ...values: unknown[]): HTMLElement => render(true, strings, values);
