/**
 * Plot writes a <style> element into every chart and every legend it draws, the same few rules each time. A <style>
 * added to or removed from the page makes the browser rebuild its style rules, then restyle and lay out again every
 * Plot chart on the page, not only the new one. Traced on chapter 7, 45 replacements of its linked views (a
 * heatmap of 1,300 cells, a bar chart, a grid of modes) spent 121 ms restyling and 465 ms in layout with Plot's
 * <style> elements, 14 and 268 ms without. The course declares the rules once instead (PLOT_CSS, in the page's
 * <head>) and takes Plot's copies out of each chart before it reaches the page (Figure does, for every figure).
 * test/unit/plotStyles.test.ts checks that PLOT_CSS is exactly what Plot writes.
 */
export const PLOT_CSS = `:where(.plot-d6a7b5) {
  --plot-background: white;
  display: block;
  height: auto;
  height: intrinsic;
  max-width: 100%;
}
:where(.plot-d6a7b5 text),
:where(.plot-d6a7b5 tspan) {
  white-space: pre;
}
:where(.plot-d6a7b5-ramp) {
  display: block;
  height: auto;
  height: intrinsic;
  max-width: 100%;
  overflow: visible;
}
:where(.plot-d6a7b5-ramp text) {
  white-space: pre;
}
:where(.plot-d6a7b5-swatches) {
  font-family: system-ui, sans-serif;
  font-size: 10px;
  margin-bottom: 0.5em;
}
:where(.plot-d6a7b5-swatch > svg) {
  margin-right: 0.5em;
  overflow: visible;
}
:where(.plot-d6a7b5-swatches-columns .plot-d6a7b5-swatch) {
  display: flex;
  align-items: center;
  break-inside: avoid;
  padding-bottom: 1px;
}
:where(.plot-d6a7b5-swatches-columns .plot-d6a7b5-swatch::before) {
  flex-shrink: 0;
}
:where(.plot-d6a7b5-swatches-columns .plot-d6a7b5-swatch-label) {
  white-space: nowrap;
  overflow: hidden;
  text-overflow: ellipsis;
}
:where(.plot-d6a7b5-swatches-wrap) {
  display: flex;
  align-items: center;
  min-height: 33px;
  flex-wrap: wrap;
}
:where(.plot-d6a7b5-swatches-wrap .plot-d6a7b5-swatch) {
  display: inline-flex;
  align-items: center;
  margin-right: 1em;
}`;

/** The rules of a stylesheet as Plot writes them, one rule per block ending in a line "}". */
export const rulesOf = (css: string): string[] => css.trim().split(/(?<=\n\})\n/);

const PLOT_RULES = new Set(rulesOf(PLOT_CSS));
/** Every rule Plot writes is one of PLOT_CSS's: a <style> made only of such rules is Plot's. */
const isPlotStyle = (style: Element) => (style.textContent ?? "").trim() !== "" && rulesOf(style.textContent!).every((rule) => PLOT_RULES.has(rule));

/**
 * Takes Plot's <style> elements out of `chart` (a chart, a legend or anything holding them), and makes sure the page
 * declares PLOT_CSS once, so the chart looks the same. A <style> that is not one of Plot's stays.
 */
export function hoistPlotStyles<T extends Node>(chart: T): T {
  const styles = "querySelectorAll" in chart ? [...(chart as unknown as ParentNode).querySelectorAll("style")].filter(isPlotStyle) : [];
  if (styles.length === 0) return chart;
  if (!document.getElementById("plot-styles")) {
    const once = document.createElement("style");
    once.id = "plot-styles";
    once.textContent = PLOT_CSS;
    document.head.append(once);
  }
  for (const style of styles) style.remove();
  return chart;
}
