import {download} from "../controls/download.js";
import {element} from "../controls/element.js";
import {dataOf, toCSV, type FigureRows} from "./figureData.js";
import {figureSVG, svgToPNG} from "./figureImage.js";
import {keepFocus} from "./keepFocus.js";
import {hoistPlotStyles} from "./plotStyles.js";
import {messageOf} from "../runtime/messageOf.js";

const TABLE_ROWS = 100; // rows the table on request shows; the downloads hold them all
const openPanels = new Set<string>(); // figures whose panel the reader opened: a figure redrawn while training keeps it open

/** The rows as an HTML table (the first TABLE_ROWS of them), with a caption saying how many there are. */
function rowsTable(rows: FigureRows, name: string): HTMLElement {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const format = (value: unknown) => (typeof value === "number" ? (Number.isInteger(value) ? String(value) : value.toPrecision(4)) : typeof value === "object" && value !== null ? JSON.stringify(value) : String(value ?? ""));
  const shown = rows.slice(0, TABLE_ROWS);
  return element(
    "div",
    {class: "figure-table", tabindex: 0, role: "region", "aria-label": `data of ${name}`},
    element(
      "table",
      {},
      element("caption", {}, rows.length > TABLE_ROWS ? `The first ${TABLE_ROWS} of ${rows.length} rows; CSV and JSON hold them all.` : `${rows.length} rows.`),
      element("thead", {}, element("tr", {}, ...columns.map((column) => element("th", {scope: "col"}, column)))),
      element("tbody", {}, ...shown.map((row) => element("tr", {}, ...columns.map((column) => element("td", {}, format((row as Record<string, unknown>)[column]))))))
    )
  );
}

/**
 * Wraps a chart as a named figure with a caption (tests find every figure by its name), and a
 * "data and downloads" panel: the figure as SVG and PNG, and the rows behind its charts (tagged by
 * the chart components with withData, or given here as `data`) as a table, CSV and JSON. A figure
 * redrawn while the keyboard is in it keeps the keyboard where it was (keepFocus). Plot's <style> elements are taken out of
 * the chart, the page declaring their rules once (plotStyles.ts).
 */
export function Figure(name: string, content: Node, caption?: Node | string, {data}: {data?: FigureRows} = {}): HTMLElement {
  const figure = element("figure", {class: "course-figure", "data-figure": name}, hoistPlotStyles(content), caption ? element("figcaption", {}, caption) : null);
  const rows = () => data ?? (content instanceof Element ? dataOf(content) : []);
  const page = location.pathname.split("/").pop()?.replace(/\.html$/, "") || "index";
  const file = (extension: string) => `${page}-${name}.${extension}`;
  const problem = element("span", {class: "figure-tools-problem", role: "alert"});
  const attempt = (work: () => Promise<void> | void) => async () => {
    problem.textContent = "";
    try {
      await work();
    } catch (error) {
      problem.textContent = `Could not export: ${messageOf(error)}.`;
    }
  };
  const button = (label: string, title: string, work: () => Promise<void> | void) => {
    const node = element("button", {type: "button", title}, label);
    node.addEventListener("click", attempt(work));
    return node;
  };
  const table = element("div", {class: "figure-table-holder"});
  const tools = element(
    "details",
    {class: "figure-tools"},
    element("summary", {}, "Data and downloads"),
    element(
      "div",
      {class: "figure-tools-buttons"},
      button("SVG", "the figure as a vector image", () => download(new Blob([figureSVG(figure)], {type: "image/svg+xml"}), file("svg"))),
      button("PNG", "the figure as a picture, twice its size on screen", async () => download(await svgToPNG(figureSVG(figure)), file("png"))),
      button("CSV", "the numbers the figure draws, as a table", () => download(new Blob([toCSV(rows())], {type: "text/csv"}), file("csv"))),
      button("JSON", "the numbers the figure draws, as JSON", () => download(new Blob([JSON.stringify(rows(), null, 1)], {type: "application/json"}), file("json"))),
      problem
    ),
    table
  );
  const fill = () => {
    const data = rows();
    table.replaceChildren(data.length ? rowsTable(data, name) : element("p", {}, "This figure has no table of numbers behind it."));
  };
  tools.addEventListener("toggle", () => {
    if (tools.open) openPanels.add(name);
    else openPanels.delete(name);
    if (tools.open) fill();
  });
  if (openPanels.has(name)) {
    tools.open = true;
    fill();
  }
  figure.append(tools);
  return keepFocus(figure, name);
}
