/**
 * The rows behind a chart, kept beside its element: a figure offers them as a table, CSV and JSON.
 * Chart components tag what they return (`withData(Plot.plot(…), points)`); a page can pass its own.
 */
export type FigureRows = readonly object[];

const rowsOf = new WeakMap<Element, FigureRows>();

/** Tags a chart with the rows it draws; returns the chart. */
export function withData<E extends Element>(chart: E, rows: FigureRows): E {
  rowsOf.set(chart, rows);
  return chart;
}

/** Every tagged chart's rows inside `root` (and root's own), in document order, each row marked with its chart when there are several. */
export function dataOf(root: Element): FigureRows {
  const tagged = [root, ...root.querySelectorAll("*")].filter((node) => rowsOf.has(node));
  if (tagged.length === 1) return rowsOf.get(tagged[0])!;
  return tagged.flatMap((node, i) => rowsOf.get(node)!.map((row) => ({chart: node.getAttribute("aria-label") ?? `chart ${i + 1}`, ...row})));
}

/** A value as one CSV field (RFC 4180: quoted when it holds a comma, quote or line break; objects as JSON). */
function field(value: unknown): string {
  const text = value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV: one column per key, in the order keys first appear. */
export function toCSV(rows: FigureRows): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return [columns.map(field).join(","), ...rows.map((row) => columns.map((column) => field((row as Record<string, unknown>)[column])).join(","))].join("\n") + "\n";
}
