import * as Plot from "@observablehq/plot";
import {withData} from "../../figures/figureData.js";
import type {PlasticitySnapshot} from "./plasticityModel.js";
import {modalityColour} from "../../figures/modalityColours.js";

/** The circuit at one hour: its weights and V1's responses (plasticity.ts's plasticitySnapshot). */
export type CircuitState = PlasticitySnapshot;

/**
 * The circuit's colours. A pathway takes the colour of the sense it carries (components/figures/modalityColours.ts): light
 * and everything it drives in the image colour, sound and A1's output in the audio colour, as in every other chapter.
 * The areas themselves (A1, I, V1) keep a neutral outline rather than the brain grey: every node here is brain, so
 * the grey would tell them apart from nothing and only dim them, while the hue of what reaches V1 is the story.
 * Inhibition is red, a sign, not a modality (no molecule is drawn in this chapter, whose vermillion it is not).
 */
export const CIRCUIT_COLOURS = {visual: modalityColour("image"), auditory: modalityColour("audio"), inhibitory: "#d62728"} as const;

const WIRING = {wVI: 1, wIL: 1, wIA: 0.6};
const NODES = {
  light: {x: 0.9, y: 5, label: "light", sub: "s_v"},
  sound: {x: 0.9, y: 1, label: "sound", sub: "s_a"},
  A1: {x: 3.6, y: 1, label: "A1", sub: "auditory"},
  I: {x: 5.3, y: 2.4, label: "I", sub: "inhibitory"},
  V1: {x: 8.6, y: 3, label: "V1", sub: "visual"}
} as const;
type NodeName = keyof typeof NODES;

/**
 * The model's circuit as a diagram: light and sound inputs, A1, the inhibitory population I and V1.
 * Each connection's width is proportional to its weight (2.4 px per unit, at least 0.75 and at most
 * 16 px) and labelled with it (below 420 px the plastic weights are listed in a corner instead);
 * inhibition onto V1 is drawn with its effective weight g_I·w_VI and a round head. While vision is
 * lost the light pathways are dashed. V1 is filled by its response to sound.
 */
export function CircuitDiagram(state: CircuitState, {width = 480, fixedPoint = 3}: {width?: number; fixedPoint?: number} = {}): SVGSVGElement | HTMLElement {
  const w = Math.max(240, Math.min(width, 560));
  const margin = 8;
  const unit = (w - 2 * margin) / 10; // px per data unit, the same on both axes
  const radius = Math.max(16, Math.min(26, unit * 0.55)); // node radius, px
  const edges: {from: NodeName; to: NodeName; weight: number; label: string; colour: string; light?: boolean; inhibitory?: boolean; bend?: number}[] = [
    {from: "light", to: "V1", weight: state.wVL, label: `w_VL ${state.wVL.toFixed(2)}`, colour: CIRCUIT_COLOURS.visual, light: true},
    {from: "light", to: "I", weight: WIRING.wIL, label: `w_IL ${WIRING.wIL}`, colour: CIRCUIT_COLOURS.visual, light: true},
    {from: "sound", to: "A1", weight: 1, label: "", colour: CIRCUIT_COLOURS.auditory},
    {from: "A1", to: "I", weight: WIRING.wIA, label: `w_IA ${WIRING.wIA}`, colour: CIRCUIT_COLOURS.auditory},
    {from: "A1", to: "V1", weight: state.wVA, label: `w_VA ${state.wVA.toFixed(2)}`, colour: CIRCUIT_COLOURS.auditory, bend: 14},
    {from: "I", to: "V1", weight: state.gI * WIRING.wVI, label: `g_I·w_VI ${(state.gI * WIRING.wVI).toFixed(2)}`, colour: CIRCUIT_COLOURS.inhibitory, inhibitory: true}
  ];
  const strokeWidth = (weight: number) => Math.min(16, Math.max(0.75, 2.4 * weight));
  const rows = edges.map((e) => ({...e, x1: NODES[e.from].x, y1: NODES[e.from].y, x2: NODES[e.to].x, y2: NODES[e.to].y, width: strokeWidth(e.weight)}));
  const arrows = rows.filter((e) => !e.inhibitory);
  const inputRadius = radius * 0.7;
  const inhibition = rows.filter((e) => e.inhibitory);
  /** A point on the segment from → to, `px` pixels from `to` (negative: from `from`). */
  const along = (e: (typeof rows)[number], px: number) => {
    const [dx, dy] = [e.x1 - e.x2, e.y1 - e.y2];
    const length = Math.hypot(dx, dy);
    const back = px >= 0 ? px / unit : length + px / unit;
    return {x: e.x2 + (dx / length) * back, y: e.y2 + (dy / length) * back};
  };
  const end = (e: (typeof rows)[number]) => along(e, radius + 4 + e.width / 2);
  const start = (e: (typeof rows)[number]) => along(e, -(radius + 2));
  const nodes = Object.entries(NODES).map(([name, node]) => ({name, ...node, input: name === "light" || name === "sound"}));
  const labelAt = (e: (typeof rows)[number]) => ({x: e.x1 + 0.5 * (e.x2 - e.x1), y: e.y1 + 0.5 * (e.y2 - e.y1)});
  const offset: Partial<Record<string, [number, number]>> = {"light-V1": [0, 16], "light-I": [-30, -12], "A1-I": [-34, 6], "A1-V1": [14, -22], "I-V1": [0, 12]}; // px right, px up
  const narrow = w < 420; // a phone: the weights are listed in a corner instead of along the connections
  const labels = rows.filter((e) => e.label && !narrow).map((e) => {
    const [dx, dy] = offset[`${e.from}-${e.to}`] ?? [0, 0];
    const {x, y} = labelAt(e);
    return {...e, x: x + dx / unit, y: y + dy / unit};
  });
  const v1Fill = Math.min(1, state.soundResponse / Math.max(1e-9, 2 * fixedPoint));
  return withData(Plot.plot({
    width: w,
    height: Math.round(6 * unit + 2 * margin),
    margin,
    x: {domain: [0, 10], axis: null},
    r: {type: "identity"},
    y: {domain: [0, 6], axis: null},
    marks: [
      ...arrows.map((e) =>
        Plot.arrow([e], {
          x1: "x1",
          y1: "y1",
          x2: "x2",
          y2: "y2",
          bend: e.bend ?? 0,
          stroke: e.colour,
          strokeWidth: e.width,
          strokeOpacity: e.light && !state.sighted ? 0.45 : 0.9,
          strokeDasharray: e.light && !state.sighted ? "6,4" : undefined,
          insetStart: (e.from === "light" || e.from === "sound" ? inputRadius : radius) + 2,
          insetEnd: radius + 3,
          headLength: (1.5 * (8 + e.width)) / e.width // Plot scales the head by the stroke width: keep it 8 px + the width
        })
      ),
      Plot.link(inhibition, {x1: (e: (typeof rows)[number]) => start(e).x, y1: (e: (typeof rows)[number]) => start(e).y, x2: (e: (typeof rows)[number]) => end(e).x, y2: (e: (typeof rows)[number]) => end(e).y, stroke: "colour", strokeWidth: "width", strokeOpacity: 0.9}),
      Plot.dot(inhibition, {x: (e: (typeof rows)[number]) => end(e).x, y: (e: (typeof rows)[number]) => end(e).y, r: 5, fill: "colour"}),
      Plot.dot(nodes, {x: "x", y: "y", r: (d: (typeof nodes)[number]) => (d.input ? inputRadius : radius), stroke: "currentColor", strokeWidth: 1.5, fill: (d: (typeof nodes)[number]) => (d.name === "V1" ? CIRCUIT_COLOURS.auditory : "none"), fillOpacity: (d: (typeof nodes)[number]) => (d.name === "V1" ? v1Fill : 0), symbol: (d: (typeof nodes)[number]) => (d.input ? "square" : "circle")} as Plot.DotOptions),
      Plot.text(nodes.filter((d) => d.input), {x: "x", y: "y", text: "label", fill: "currentColor", fontSize: 10, dy: -inputRadius - 8}),
      Plot.text(nodes.filter((d) => d.input), {x: "x", y: "y", text: "sub", fill: "currentColor", fontSize: 11, fontStyle: "italic"}),
      Plot.text(nodes.filter((d) => !d.input), {x: "x", y: "y", text: "label", fill: "currentColor", fontWeight: "bold", fontSize: 13, dy: narrow ? 0 : -5}),
      narrow ? null : Plot.text(nodes.filter((d) => !d.input), {x: "x", y: "y", text: "sub", fill: "currentColor", fontSize: 9, dy: 9}),
      Plot.text(labels, {x: "x", y: "y", text: "label", fill: "colour", fontSize: 11, fontWeight: 600}),
      Plot.text([`day ${state.day.toFixed(1)}${state.sighted ? " · vision restored" : " · vision lost"}`], {frameAnchor: "top-right", fill: "currentColor", fontSize: 12}),
      narrow ? Plot.text([`w_VA ${state.wVA.toFixed(2)} · g_I ${state.gI.toFixed(2)} · w_VL ${state.wVL.toFixed(2)}`], {frameAnchor: "top-right", dy: 16, fill: "currentColor", fontSize: 11}) : null,
      Plot.text([`V1 → sound ${state.soundResponse.toFixed(2)}`], {frameAnchor: "bottom-right", dy: -16, fill: CIRCUIT_COLOURS.auditory, fontSize: 12, fontWeight: 600}),
      Plot.text([`V1 → light ${state.lightResponse.toFixed(2)}${state.sighted ? "" : " (probe)"}`], {frameAnchor: "bottom-right", fill: CIRCUIT_COLOURS.visual, fontSize: 12, fontWeight: 600}),
      Plot.tip(
        rows.map((e) => ({...e, ...labelAt(e)})),
        Plot.pointer({x: "x", y: "y", title: (e: (typeof rows)[number]) => `${e.from} → ${e.to}${e.inhibitory ? " (inhibitory, effective)" : ""}: ${e.weight.toFixed(3)}`})
      )
    ]
  }), edges.map(({from, to, label, weight}) => ({from, to, label, weight})));
}
