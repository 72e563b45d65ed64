import * as Plot from "@observablehq/plot";
import {gridKeyboard, markElements} from "../../figures/gridKeyboard.js";
import {withData} from "../../figures/figureData.js";

/**
 * A stack of feature maps as small multiples, one panel per channel, each titled with the gate
 * value a model applies to it; the text concept's channel is starred. The arrow keys walk the
 * pixels of all the panels as one grid.
 */
export function ChannelMaps(maps: number[][][], {gates, concept, gateLabel = "gate", width = 640}: {gates?: number[]; concept?: number; gateLabel?: string; width?: number} = {}): HTMLElement {
  const C = maps.length;
  const cells = maps.flatMap((map, channel) => map.flatMap((row, y) => row.map((value, x) => ({channel, x, y, value}))));
  const columns = width < 900 ? 4 : 8; // two rows of four unless the page is wide
  const panels = maps.map((_, channel) => ({channel, gate: gates?.[channel], column: channel % columns, row: Math.floor(channel / columns)}));
  const narrow = width < 480; // phones: "★1: 0.99" instead of "★ ch 1 · gate 0.99"
  const title = (channel: number) =>
    `${channel === concept ? "★" : ""}${narrow ? `${channel + 1}` : `${channel === concept ? " " : ""}ch ${channel + 1}`}${gates ? (narrow ? `: ${gates[channel].toFixed(2)}` : ` · ${gateLabel} ${gates[channel].toFixed(2)}`) : ""}`;
  const chart = withData(Plot.plot({
    width,
    height: 40 + (Math.ceil(C / columns) * width) / columns,
    marginTop: 28,
    marginLeft: 4,
    marginRight: 4,
    marginBottom: 4,
    axis: null,
    fx: {domain: [...Array(columns).keys()], padding: 0.12},
    fy: {padding: 0.22},
    x: {domain: [...Array(maps[0]?.[0]?.length ?? 0).keys()]},
    y: {domain: [...Array(maps[0]?.length ?? 0).keys()]},
    color: {type: "linear", scheme: "Magma", legend: true, label: "activation"},
    marks: [
      Plot.cell(cells, {x: "x", y: "y", fx: (d: {channel: number}) => d.channel % columns, fy: (d: {channel: number}) => Math.floor(d.channel / columns), fill: "value", inset: 0}),
      Plot.text(panels, {fx: "column", fy: "row", frameAnchor: "top", dy: -14, text: (d: {channel: number}) => title(d.channel), fill: "currentColor", fontSize: 11})
    ]
  }), cells);
  const [H, W] = [maps[0]?.length ?? 0, maps[0]?.[0]?.length ?? 0];
  const pixels = markElements(chart, 'g[aria-label="cell"] rect');
  return gridKeyboard(chart, {
    label: `${C} feature maps of ${H} × ${W}, ${columns} to a row`,
    rows: Math.ceil(C / columns) * H,
    columns: columns * W,
    cell: (r, c) => {
      const [channel, y, x] = [Math.floor(r / H) * columns + Math.floor(c / W), r % H, c % W];
      const k = (channel * H + y) * W + x;
      if (channel >= C || !pixels.has(k)) return undefined;
      const name = `channel ${channel + 1}${channel === concept ? " (the text's)" : ""}${gates ? `, ${gateLabel} ${gates[channel].toFixed(2)}` : ""}`;
      return {element: pixels.get(k)!, text: `${name}: row ${y + 1}, column ${x + 1}, activation ${cells[k].value.toFixed(2)}`};
    }
  });
}
