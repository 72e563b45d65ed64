import * as Plot from "@observablehq/plot";
import {gridKeyboard, markElements} from "../../figures/gridKeyboard.js";
import {withData} from "../../figures/figureData.js";

export interface SceneViewObject {
  colour: string; // red, blue, green, yellow
  shape: string; // ball, cube, cone
  x: number;
  y: number;
}

const PAINT: Record<string, string> = {red: "#d62728", blue: "#1f77b4", green: "#2ca02c", yellow: "#e6b800"};
const SYMBOL: Record<string, string> = {ball: "circle", cube: "square", cone: "triangle"};

/**
 * A scene of objects on the unit square, each drawn in its colour and shape, with a halo whose size
 * is its attention weight; the target is ringed, and a dashed line can mark an estimated position.
 * The arrow keys go from object to object, naming each with its place and weight.
 */
export function SceneView(
  objects: SceneViewObject[],
  {weights, target, marker, markerLabel = "", width = 420}: {weights?: number[]; target?: number; marker?: {x: number; y?: number}; markerLabel?: string; width?: number} = {}
): HTMLElement {
  const data = objects.map((o, i) => ({...o, i, weight: weights?.[i] ?? 0, name: `${i + 1}: ${o.colour} ${o.shape}`}));
  const size = Math.min(width, 460);
  const chart = withData(Plot.plot({
    width: size,
    height: size * 0.8,
    inset: 24,
    x: {domain: [0, 1], label: "x (left → right)"},
    y: {domain: [0, 1], label: "y"},
    r: {type: "identity"},
    marks: [
      Plot.frame({strokeOpacity: 0.3}),
      marker === undefined ? null : Plot.ruleX([marker.x], {stroke: "currentColor", strokeDasharray: "4,4"}),
      marker === undefined ? null : Plot.text([marker.x], {x: (d: number) => d, frameAnchor: "top", dy: 4, dx: 4, textAnchor: "start", text: () => markerLabel, fill: "currentColor"}),
      Plot.dot(data, {x: "x", y: "y", r: (d: {weight: number}) => 9 + 30 * Math.sqrt(d.weight), fill: "#ff9900", fillOpacity: (d: {weight: number}) => (d.weight > 0.005 ? 0.45 : 0)}),
      Plot.dot(data, {x: "x", y: "y", r: 9, symbol: (d: SceneViewObject) => SYMBOL[d.shape] ?? "circle", fill: (d: SceneViewObject) => PAINT[d.colour] ?? "gray", stroke: "white", strokeWidth: 1.5, className: "scene-objects"}),
      target === undefined ? null : Plot.dot([data[target]], {x: "x", y: "y", r: 15, stroke: "currentColor", strokeWidth: 2, strokeDasharray: "3,2"}),
      Plot.text(data, {x: "x", y: "y", text: (d: {i: number}) => String(d.i + 1), dy: -17, fontSize: 11, fill: "currentColor"}),
      Plot.tip(data, Plot.pointer({x: "x", y: "y", title: (d: {name: string; weight: number}) => `${d.name}\nattention ${d.weight.toFixed(3)}`}))
    ]
  }), data);
  const shapes = markElements(chart, "g.scene-objects > *");
  return gridKeyboard(chart, {
    label: `a scene of ${data.length} objects`,
    rows: 1,
    columns: data.length,
    cell: (_, i) => {
      const d = data[i];
      const place = `at x = ${d.x.toFixed(2)}, y = ${d.y.toFixed(2)}`;
      return shapes.has(i) ? {element: shapes.get(i)!, text: `${d.name}${i === target ? " (the target)" : ""}, ${place}${weights ? `: attention ${d.weight.toFixed(3)}` : ""}`} : undefined;
    }
  });
}

/** Attention weights over a scene's objects as bars, labelled "3: red ball". */
export function AttentionBars(objects: SceneViewObject[], weights: number[], {width = 420, target}: {width?: number; target?: number} = {}): SVGSVGElement | HTMLElement {
  const data = objects.map((o, i) => ({name: `${i + 1}: ${o.colour} ${o.shape}${i === target ? " ◎" : ""}`, weight: weights[i] ?? 0, colour: PAINT[o.colour] ?? "gray"}));
  return withData(Plot.plot({
    width: Math.min(width, 460),
    height: 40 + 24 * data.length,
    marginLeft: 120,
    x: {domain: [0, 1], label: "attention weight", grid: true},
    y: {domain: data.map((d) => d.name), label: null},
    marks: [Plot.barX(data, {y: "name", x: "weight", fill: "colour"}), Plot.text(data, {y: "name", x: "weight", text: (d: {weight: number}) => d.weight.toFixed(3), dx: 4, textAnchor: "start", fill: "currentColor"}), Plot.ruleX([0])]
  }), data);
}
