import * as Plot from "@observablehq/plot";
import {PRUNING_METHODS, PRUNING_METHOD_KEYS, type PruningRow} from "./pruningSettings.js";
import {withData} from "../../figures/figureData.js";

/**
 * Grounding accuracy (solid) and target survival (dashed) against the keep ratio κ for each pruning
 * method, with attention FLOPs ∝ κ² as a grey area read on the right axis; a rule marks the reader's κ.
 */
export function PruningCurves(rows: readonly PruningRow[], {width = 640, keep}: {width?: number; keep?: number} = {}): SVGSVGElement | HTMLElement {
  const label = (method: (typeof PRUNING_METHOD_KEYS)[number]) => PRUNING_METHODS[method].label;
  const points = rows.flatMap((row) => PRUNING_METHOD_KEYS.flatMap((method) => [
    {keep: row.keep, method: label(method), measure: "grounding accuracy", value: row.grounding[method]},
    {keep: row.keep, method: label(method), measure: "target survives", value: row.survival[method]}
  ]));
  const flops = rows.map((row) => ({keep: row.keep, flops: row.flops}));
  return withData(Plot.plot({
    width,
    height: Math.min(360, Math.max(260, width * 0.55)),
    marginBottom: 40,
    x: {domain: [0, 1], label: "keep ratio κ (fraction of the 64 patches kept)", labelAnchor: "center", labelOffset: 34},
    y: {domain: [0, 1], grid: true},
    color: {legend: true, domain: PRUNING_METHOD_KEYS.map(label)},
    marginRight: 48,
    marks: [
      Plot.axisY({anchor: "left", label: "fraction of scenes"}),
      Plot.axisY({anchor: "right", label: "attention FLOPs, fraction of dense (grey)", tickFormat: (x: number) => (x === 1 ? "1" : x.toFixed(1))}),
      Plot.areaY(flops, {x: "keep", y: "flops", fill: "currentColor", fillOpacity: 0.08, curve: "monotone-x"}),
      Plot.text(flops.slice(-2, -1), {x: "keep", y: "flops", text: () => "attention FLOPs ∝ κ²", dy: -8, fill: "currentColor", fillOpacity: 0.7, fontSize: 10}),
      keep === undefined ? null : Plot.ruleX([keep], {stroke: "currentColor", strokeOpacity: 0.5}),
      Plot.line(points.filter((p) => p.measure === "target survives"), {x: "keep", y: "value", z: "method", stroke: "method", strokeDasharray: "4,3"}),
      Plot.line(points.filter((p) => p.measure === "grounding accuracy"), {x: "keep", y: "value", z: "method", stroke: "method", strokeWidth: 2}),
      Plot.dot(points, {x: "keep", y: "value", fill: "method", symbol: "measure", r: 3}),
      Plot.tip(points, Plot.pointer({x: "keep", y: "value", title: (d: {keep: number; method: string; measure: string; value: number}) => `${d.method}\nκ = ${d.keep}: ${d.measure} ${d.value.toFixed(3)}\nattention FLOPs ${(d.keep ** 2).toFixed(3)} of dense`}))
    ]
  }), points);
}
