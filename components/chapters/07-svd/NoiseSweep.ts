import * as Plot from "@observablehq/plot";
import {element} from "../../controls/element.js";
import type {SVDSweepPoint} from "./coAttentionSVD.js";
import {withData} from "../../figures/figureData.js";
import {modalityColour} from "../../figures/modalityColours.js";

/**
 * What noise does to the modes, over several seeds: the spectral gap σ₃/σ₄ (log scale) and the
 * worst concept's |cos| between a singular vector and its planted indicator, against the noise σ;
 * dots are seeds, lines their median, and a rule marks the reader's σ. Patches and words are drawn in the
 * image and text colours (components/figures/modalityColours.ts); the gap, which belongs to neither, stays neutral.
 */
export function NoiseSweep(points: readonly SVDSweepPoint[], {width = 640, noise}: {width?: number; noise?: number} = {}): HTMLElement {
  const finite = points.filter((d) => d.noise > 0 && Number.isFinite(d.gap)); // without noise σ₄ is round-off, and the gap meaningless
  const panel = width < 560 ? width : Math.floor(width / 2 - 20); // two side by side, with the flex gap between
  const rule = noise === undefined ? null : Plot.ruleX([noise], {stroke: "currentColor", strokeOpacity: 0.5});
  const x = {label: "noise σ", labelAnchor: "center" as const, labelOffset: 34};
  const gap = withData(Plot.plot({
    width: panel,
    height: 260,
    marginBottom: 40,
    x,
    y: {type: "log", label: "spectral gap σ₃/σ₄", grid: true},
    marks: [
      Plot.ruleY([1], {strokeOpacity: 0.3}),
      rule,
      Plot.dot(finite, {x: "noise", y: "gap", r: 2, fill: "currentColor", fillOpacity: 0.4}),
      Plot.lineY(finite, Plot.groupX({y: "median"}, {x: "noise", y: "gap", stroke: "currentColor", strokeWidth: 2})),
      Plot.tip(finite, Plot.pointer({x: "noise", y: "gap", title: (d: SVDSweepPoint) => `σ = ${d.noise}, seed ${d.seed}\ngap ${d.gap.toFixed(2)}`}))
    ]
  }), points);
  const cosines = points.flatMap((d) => [
    {noise: d.noise, seed: d.seed, side: "patches (u)", value: d.minCosPatches},
    {noise: d.noise, seed: d.seed, side: "words (v)", value: d.minCosTokens}
  ]);
  const cos = withData(Plot.plot({
    width: panel,
    height: 260,
    marginBottom: 40,
    x,
    y: {domain: [0, 1], label: "worst concept's |cos(mode, planted)|", grid: true},
    color: {legend: true, domain: ["patches (u)", "words (v)"], range: [modalityColour("image"), modalityColour("text")]},
    marks: [
      Plot.ruleY([0.9], {strokeDasharray: "4,3", strokeOpacity: 0.6}),
      rule,
      Plot.dot(cosines, {x: "noise", y: "value", r: 2, fill: "side", fillOpacity: 0.5}),
      Plot.lineY(cosines, Plot.groupX({y: "median"}, {x: "noise", y: "value", stroke: "side", strokeWidth: 2})),
      Plot.tip(cosines, Plot.pointer({x: "noise", y: "value", title: (d: (typeof cosines)[number]) => `σ = ${d.noise}, seed ${d.seed}\n${d.side}: ${d.value.toFixed(3)}`}))
    ]
  }), cosines);
  return element("div", {class: "linked-views"}, gap, cos);
}
