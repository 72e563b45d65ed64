import * as Plot from "@observablehq/plot";
import type {TopKErrorResult} from "./topKSettings.js";
import {withData} from "../../figures/figureData.js";

/**
 * Top-k attention's relative output error (solid) and the bound 2(1 − m_k)·max‖v‖ (dashed)
 * against k, and the softmax mass the top k keep, for diffuse and clustered keys.
 */
export function ErrorVsK(result: Pick<TopKErrorResult, "diffuse" | "clustered" | "n">, {width = 640, show = "error"}: {width?: number; show?: "error" | "mass"} = {}): SVGSVGElement | HTMLElement {
  const cases = [
    {name: "diffuse (Gaussian) keys", points: result.diffuse},
    {name: "clustered keys (16 clusters)", points: result.clustered}
  ];
  const rows = cases.flatMap(({name, points}) => points.map((p) => ({...p, case: name})));
  const line = (y: "error" | "bound" | "mass", dash?: string) => Plot.line(rows, {x: "k", y, z: "case", stroke: "case", strokeWidth: dash ? 1.5 : 2, strokeDasharray: dash});
  return withData(Plot.plot({
    width,
    height: Math.min(340, Math.max(240, width * 0.5)),
    marginBottom: 40,
    x: {type: "log", base: 2, label: `k (keys kept of M = ${result.n})`, tickFormat: "~g", labelAnchor: "center", labelOffset: 34},
    y: show === "error" ? {type: "symlog", label: "relative error ‖oₖ − o‖ / ‖o‖ (dashed: bound)", grid: true} : {domain: [0, 1], label: "softmax mass kept, mₖ", grid: true},
    color: {legend: true},
    marks: show === "error"
      ? [line("bound", "4,3"), line("error"), Plot.dot(rows, {x: "k", y: "error", fill: "case"}), Plot.tip(rows, Plot.pointer({x: "k", y: "error", title: (d: {case: string; k: number; error: number; bound: number; mass: number}) => `${d.case}\nk = ${d.k}\nerror ${d.error.toPrecision(3)} (bound ${d.bound.toPrecision(3)})\nmass kept ${d.mass.toFixed(3)}`}))]
      : [line("mass"), Plot.dot(rows, {x: "k", y: "mass", fill: "case"}), Plot.ruleY([1], {strokeOpacity: 0.3})]
  }), rows);
}
