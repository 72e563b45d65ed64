// Plot's <style> elements are taken out of each chart and declared once per page (components/figures/plotStyles.ts).
// Charts drawn for real by Plot in a DOM: PLOT_CSS must hold exactly the rules Plot writes, or a chart would look different.
// jsdom is not a dependency of the course: it comes with @observablehq/framework, which builds the pages in one.
import {test, before} from "node:test";
import assert from "node:assert/strict";
import {JSDOM} from "jsdom";
import * as Plot from "@observablehq/plot";
import {PLOT_CSS, hoistPlotStyles, rulesOf} from "../../components/figures/plotStyles.js";

let document: Document;
before(() => {
  const {window} = new JSDOM("<!doctype html><html><head></head><body></body></html>");
  document = window.document;
  // jsdom has no canvas: a colour ramp paints its gradient on one, as a picture these tests never look at
  window.HTMLCanvasElement.prototype.getContext = (() => ({fillRect() {}})) as never;
  window.HTMLCanvasElement.prototype.toDataURL = () => "data:,";
  (globalThis as Record<string, unknown>).document = document;
});

/** Plot.legend in this test's DOM (Plot's types leave out the document option every render takes). */
const legend = (options: Record<string, unknown>) => Plot.legend({...options, document} as unknown as Parameters<typeof Plot.legend>[0]);

/** A chart of each kind Plot styles: a plot with a colour ramp, and swatch legends that wrap and that run in columns. */
const charts = () => [
  Plot.plot({document, color: {legend: true}, marks: [Plot.cell([{x: 0, y: 0, v: 1}, {x: 1, y: 0, v: 2}], {x: "x", y: "y", fill: "v"})]}),
  legend({color: {type: "ordinal", domain: ["a", "b"]}}),
  legend({color: {type: "ordinal", domain: ["a", "b"]}, columns: 2})
];

test("PLOT_CSS holds every rule Plot writes into its charts and legends, and no other", () => {
  const written = new Set(charts().flatMap((chart) => [...chart.querySelectorAll("style")].flatMap((style) => rulesOf(style.textContent!))));
  assert.ok(written.size >= 10, `Plot wrote ${written.size} rules`);
  assert.deepEqual([...written].filter((rule) => !rulesOf(PLOT_CSS).includes(rule)), [], "rules Plot writes that PLOT_CSS lacks");
  assert.deepEqual(rulesOf(PLOT_CSS).filter((rule) => !written.has(rule)), [], "rules in PLOT_CSS that Plot no longer writes");
});

test("hoistPlotStyles takes Plot's <style> out of each chart, declares PLOT_CSS once in the page's head, and leaves other styles", () => {
  const [plot, wrap, columns] = charts();
  const own = document.createElement("style");
  own.textContent = ".mine { color: red; }";
  plot.append(own);
  for (const chart of [plot, wrap, columns]) assert.equal(hoistPlotStyles(chart), chart);
  assert.deepEqual([plot, wrap, columns].map((chart) => [...chart.querySelectorAll("style")].map((style) => style.textContent)), [[".mine { color: red; }"], [], []]);
  assert.equal(document.head.querySelectorAll("style#plot-styles").length, 1);
  assert.equal(document.getElementById("plot-styles")!.textContent, PLOT_CSS);
});
