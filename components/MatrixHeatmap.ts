import * as Plot from "@observablehq/plot";
import {gridKeyboard, markElements} from "./gridKeyboard.js";
import {withData} from "./figureData.js";

export interface MatrixHeatmapOptions {
  rows: string[];
  columns: string[];
  rowLabel?: string;
  columnLabel?: string;
  width?: number;
  format?: (value: number) => string;
  domain?: [number, number]; // colour domain; default symmetric around 0
  scheme?: Plot.ColorScheme;
  marginLeft?: number;
  label?: string; // what the matrix shows, read when the keyboard reaches it
}

/** A labelled matrix as coloured cells with the value written in each; the arrow keys read it cell by cell. */
export function MatrixHeatmap(matrix: number[][], {rows, columns, rowLabel, columnLabel, width = 260, format = (v) => v.toFixed(2), domain, scheme = "RdBu", marginLeft = 64, label}: MatrixHeatmapOptions): HTMLElement {
  const cells = matrix.flatMap((row, i) => row.map((value, j) => ({row: rows[i], column: columns[j], value})));
  const extent = Math.max(1e-9, ...cells.map((d) => Math.abs(d.value)));
  const chart = withData(Plot.plot({
    width,
    height: 60 + 52 * rows.length,
    marginLeft,
    x: {domain: columns, label: columnLabel ?? null, axis: "top"},
    y: {domain: rows, label: rowLabel ?? null},
    color: {type: "linear", scheme, domain: domain ?? [-extent, extent]},
    marks: [
      Plot.cell(cells, {x: "column", y: "row", fill: "value", inset: 1}),
      Plot.text(cells, {x: "column", y: "row", text: (d: {value: number}) => format(d.value), fill: "black", stroke: "white", strokeWidth: 3, paintOrder: "stroke"})
    ]
  }), cells);
  const rects = markElements(chart, 'g[aria-label="cell"] rect');
  const [rowName, columnName] = [rowLabel, columnLabel].map((axis, k) => (axis && axis.length <= 24 ? axis : ["row", "column"][k])); // a long axis title is not read for every cell
  return gridKeyboard(chart, {
    label: label ?? `${rowLabel ?? "rows"} by ${columnLabel ?? "columns"}, ${rows.length} × ${columns.length}`,
    rows: rows.length,
    columns: columns.length,
    cell: (i, j) => {
      const k = i * columns.length + j;
      const value = cells[k]?.value;
      return rects.has(k) ? {element: rects.get(k)!, text: `${rowName} ${rows[i]}, ${columnName} ${columns[j]}: ${format(value) || value.toFixed(3)}`} : undefined;
    }
  });
}
