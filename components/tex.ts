import katex from "katex";

/**
 * tex`a^\top s` renders TeX as MathML with KaTeX. MathML needs no stylesheet or web fonts, so the
 * page stays hermetic, and screen readers read it. tex.block`...` is display style.
 */
function render(displayMode: boolean, strings: TemplateStringsArray | string, values: unknown[]): HTMLElement {
  const source = typeof strings === "string" ? strings : String.raw({raw: strings.raw}, ...values);
  const node = document.createElement(displayMode ? "div" : "span");
  node.className = displayMode ? "tex tex-block" : "tex";
  katex.render(source, node, {output: "mathml", displayMode, throwOnError: false});
  return node;
}

export function tex(strings: TemplateStringsArray | string, ...values: unknown[]): HTMLElement {
  return render(false, strings, values);
}

tex.block = (strings: TemplateStringsArray | string, ...values: unknown[]): HTMLElement => render(true, strings, values);
