import * as Plot from "@observablehq/plot";

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
}

/** A labelled matrix as coloured cells with the value written in each. */
export function MatrixHeatmap(matrix: number[][], {rows, columns, rowLabel, columnLabel, width = 260, format = (v) => v.toFixed(2), domain, scheme = "RdBu", marginLeft = 64}: MatrixHeatmapOptions): SVGSVGElement | HTMLElement {
  const cells = matrix.flatMap((row, i) => row.map((value, j) => ({row: rows[i], column: columns[j], value})));
  const extent = Math.max(1e-9, ...cells.map((d) => Math.abs(d.value)));
  return Plot.plot({
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
  });
}
