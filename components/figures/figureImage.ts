/**
 * A figure's charts as one standalone SVG (each chart where the page shows it, with its legend's
 * labels and the page's colours), and that SVG as a PNG: what a figure's download buttons save.
 */
import {PLOT_CSS} from "./plotStyles.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** The figure's top-level SVGs and Plot's HTML swatch labels, composed into one SVG document. */
export function figureSVG(figure: Element): string {
  const box = figure.getBoundingClientRect();
  const style = getComputedStyle(figure);
  const parts = [...figure.querySelectorAll("svg")].filter((svg) => !svg.parentElement?.closest("svg") && !svg.closest("figcaption, .figure-tools"));
  const rects = parts.map((svg) => svg.getBoundingClientRect());
  const labels = [...figure.querySelectorAll(".plot-swatch")].map((swatch) => ({text: swatch.textContent?.trim() ?? "", rect: swatch.getBoundingClientRect()}));
  const right = Math.max(1, ...rects.map((r) => r.right - box.left), ...labels.map((l) => l.rect.right - box.left));
  const bottom = Math.max(1, ...rects.map((r) => r.bottom - box.top), ...labels.map((l) => l.rect.bottom - box.top));
  const out = document.createElementNS(SVG_NS, "svg");
  out.setAttribute("xmlns", SVG_NS);
  out.setAttribute("width", String(Math.ceil(right)));
  out.setAttribute("height", String(Math.ceil(bottom)));
  out.setAttribute("viewBox", `0 0 ${Math.ceil(right)} ${Math.ceil(bottom)}`);
  out.setAttribute("style", `color: ${style.color}; background: ${getComputedStyle(document.body).backgroundColor}; font-family: ${style.fontFamily}; font-size: 10px`);
  const title = document.createElementNS(SVG_NS, "title");
  title.textContent = figure.querySelector("figcaption")?.textContent?.trim() ?? "";
  out.append(title);
  const plotStyle = document.createElementNS(SVG_NS, "style"); // the page declares Plot's rules once, not in each chart (plotStyles.ts)
  plotStyle.textContent = PLOT_CSS;
  out.append(plotStyle);
  parts.forEach((svg, i) => {
    const copy = svg.cloneNode(true) as SVGSVGElement;
    copy.setAttribute("x", String(rects[i].left - box.left));
    copy.setAttribute("y", String(rects[i].top - box.top));
    copy.setAttribute("width", String(rects[i].width));
    copy.setAttribute("height", String(rects[i].height));
    out.append(copy);
  });
  for (const {text, rect} of labels) {
    const label = document.createElementNS(SVG_NS, "text");
    label.setAttribute("x", String(rect.left - box.left + 18)); // past the swatch's square
    label.setAttribute("y", String(rect.top - box.top + rect.height / 2));
    label.setAttribute("dominant-baseline", "middle");
    label.setAttribute("fill", "currentColor");
    label.textContent = text;
    out.append(label);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(out)}`;
}

/** The SVG drawn on a canvas at `scale` times its size, on the page's background, as a PNG. */
export async function svgToPNG(svg: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], {type: "image/svg+xml"}));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.ceil(image.naturalWidth * scale);
    canvas.height = Math.ceil(image.naturalHeight * scale);
    const context = canvas.getContext("2d")!;
    context.fillStyle = getComputedStyle(document.body).backgroundColor;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the canvas gave no PNG"))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}
