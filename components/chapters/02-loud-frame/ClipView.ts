import * as Plot from "@observablehq/plot";
import {element} from "../../controls/element.js";
import {gridKeyboard, markElements} from "../../figures/gridKeyboard.js";
import {linkedHighlight, tagElements} from "../../figures/linkedHighlight.js";
import {withData} from "../../figures/figureData.js";
import {modalityColour} from "../../figures/modalityColours.js";

export interface ClipViewData {
  frames: number[][]; // [T frames][D bins] spectra
  weights: {label: string; values: number[]}[]; // attention over the T frames, one row per model
  target: number;
  loud: number | null;
}

/**
 * A clip's spectrogram above each model's attention strip, frames aligned; pointing at a frame in
 * either view (or reaching it with the arrow keys) highlights that frame in both. The audio's frames and
 * frequency bins are labelled in the audio colour (components/figures/modalityColours.ts), with a thin strip along
 * the spectrogram's edge; energy and attention keep their own sequential scales.
 */
export function ClipView({frames, weights, target, loud}: ClipViewData, {width = 640}: {width?: number} = {}): HTMLElement {
  const T = frames.length;
  const frameName = (t: number) => `${t + 1}${t === target ? " target" : ""}${t === loud ? " loud" : ""}`;
  const names = Array.from({length: T}, (_, t) => frameName(t));
  const audio = modalityColour("audio");
  const x = {domain: names, label: "frame", axis: null}; // drawn by frameAxis
  const frameAxis = () => [Plot.axisX({anchor: "bottom", color: audio, label: null}), Plot.axisX({anchor: "bottom", ticks: [], label: "frame"})]; // the audio's frames in its colour, the title in the text colour
  const energy = frames.flatMap((spectrum, t) => spectrum.map((value, bin) => ({frame: names[t], bin, value})));
  const spectrogram = withData(Plot.plot({
    width,
    height: 200,
    marginLeft: 150,
    x,
    y: {label: "frequency bin", reverse: true, axis: null}, // drawn below, in the audio colour
    color: {type: "sqrt", scheme: "Greys", label: "energy", legend: true},
    marks: [
      Plot.cell(energy, {x: "frame", y: "bin", fill: "value", inset: 0.5}),
      ...frameAxis(),
      Plot.axisY({anchor: "left", ticks: [0, 4, 8, 12, 15], color: audio, label: null}),
      Plot.axisY({anchor: "left", ticks: [], label: "frequency bin"}),
      Plot.frame({anchor: "left", stroke: audio, strokeWidth: 3, className: "modality-strip modality-audio"})
    ]
  }), energy);
  tagElements(spectrogram, 'g[aria-label="cell"] rect', energy.map((d) => d.frame));
  const D = frames[0]?.length ?? 0;
  const energyCells = markElements(spectrogram, 'g[aria-label="cell"] rect');
  const spectrogramGrid = gridKeyboard(spectrogram, {
    label: `the clip's spectrogram, ${D} frequency bins (highest first) by ${T} frames`,
    rows: D,
    columns: T,
    cell: (row, t) => {
      const k = t * D + (D - 1 - row); // bin 0 is at the bottom
      return energyCells.has(k) ? {element: energyCells.get(k)!, text: `frame ${names[t]}, bin ${energy[k].bin}: energy ${energy[k].value.toFixed(2)}`} : undefined;
    }
  });
  const strips = weights.flatMap(({label, values}) => values.map((value, t) => ({model: label, frame: names[t], value})));
  const strip = withData(Plot.plot({
    width,
    height: 40 + 34 * weights.length,
    marginLeft: 150,
    x,
    y: {domain: weights.map((w) => w.label), label: null},
    color: {type: "linear", domain: [0, 1], scheme: "Blues", label: "attention weight", legend: true},
    marks: [
      Plot.cell(strips, {x: "frame", y: "model", fill: "value", inset: 1}),
      ...frameAxis(),
      Plot.text(strips, {x: "frame", y: "model", text: (d: {value: number}) => d.value.toFixed(2), fill: (d: {value: number}) => (d.value > 0.55 ? "white" : "black")})
    ]
  }), strips);
  tagElements(strip, 'g[aria-label="cell"] rect', strips.map((d) => d.frame));
  const weightCells = markElements(strip, 'g[aria-label="cell"] rect');
  const stripGrid = gridKeyboard(strip, {
    label: `each model's attention over the ${T} frames`,
    rows: weights.length,
    columns: T,
    cell: (m, t) => (weightCells.has(m * T + t) ? {element: weightCells.get(m * T + t)!, text: `${weights[m].label}, frame ${names[t]}: attention ${strips[m * T + t].value.toFixed(2)}`} : undefined)
  });
  return linkedHighlight(element("div", {class: "clip-view"}, spectrogramGrid, stripGrid));
}
