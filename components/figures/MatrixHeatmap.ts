import * as Plot from "@observablehq/plot";
import {gridKeyboard, markElements} from "./gridKeyboard.js";
import {withData} from "./figureData.js";
import {modalityColour, type Modality} from "./modalityColours.js";

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
  rowModality?: Modality; // when the rows stand for a modality's items (words, objects, frames…): their labels and a strip in its colour
  columnModality?: Modality; // the same for the columns
}

/**
 * An axis whose ticks name a modality's items, in that modality's colour (components/figures/modalityColours.ts), with a
 * thin strip of it along the matrix's edge; the title stays in the text colour, and the labels still name the items.
 * Nothing (Plot's own axis) when the axis stands for no modality.
 */
function modalityAxis(axis: "x" | "y", modality: Modality | undefined, label: string | undefined): Plot.Markish[] {
  if (!modality) return [];
  const colour = modalityColour(modality);
  const ticks = axis === "x" ? Plot.axisX({anchor: "top", color: colour, label: null}) : Plot.axisY({anchor: "left", color: colour, label: null});
  const title = axis === "x" ? Plot.axisX({anchor: "top", ticks: [], label: label ?? null}) : Plot.axisY({anchor: "left", ticks: [], label: label ?? null});
  return [ticks, title, Plot.frame({anchor: axis === "x" ? "top" : "left", stroke: colour, strokeWidth: 3, className: `modality-strip modality-${modality}`})];
}

/** A labelled matrix as coloured cells with the value written in each; the arrow keys read it cell by cell. */
export function MatrixHeatmap(matrix: number[][], {rows, columns, rowLabel, columnLabel, width = 260, format = (v) => v.toFixed(2), domain, scheme = "RdBu", marginLeft = 64, label, rowModality, columnModality}: MatrixHeatmapOptions): HTMLElement {
  const cells = matrix.flatMap((row, i) => row.map((value, j) => ({row: rows[i], column: columns[j], value})));
  const extent = Math.max(1e-9, ...cells.map((d) => Math.abs(d.value)));
  const chart = withData(Plot.plot({
    width,
    height: 60 + 52 * rows.length,
    marginLeft,
    x: {domain: columns, label: columnLabel ?? null, axis: columnModality ? null : "top"}, // with a modality, modalityAxis draws it
    y: {domain: rows, label: rowLabel ?? null, ...(rowModality ? {axis: null} : {})},
    color: {type: "linear", scheme, domain: domain ?? [-extent, extent]},
    marks: [
      Plot.cell(cells, {x: "column", y: "row", fill: "value", inset: 1}),
      Plot.text(cells, {x: "column", y: "row", text: (d: {value: number}) => format(d.value), fill: "black", stroke: "white", strokeWidth: 3, paintOrder: "stroke"}),
      ...modalityAxis("x", columnModality, columnLabel),
      ...modalityAxis("y", rowModality, rowLabel)
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
