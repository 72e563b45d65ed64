import * as Plot from "@observablehq/plot";
import {element} from "../../controls/element.js";
import {POCKET_ATOM_TYPES, type PocketExample} from "./pocketSettings.js";
import {withData} from "../../figures/figureData.js";

/** Atom colours by type, in POCKET_ATOM_TYPES order: hydrophobic amber, donor blue, acceptor red. */
export const ATOM_COLOURS = ["#c9960c", "#3a6fd8", "#d8453b"];
const ATTENTION_COLOUR = "#16a085";

/** Which way the view faces; a view turns the object it was given, so a redrawn view keeps the reader's angle. */
export interface Orientation {
  yaw: number; // radians about the vertical axis
  pitch: number; // radians about the horizontal axis
}

export interface ComplexViewOptions {
  width?: number;
  orientation?: Orientation;
}

type Atom = {molecule: "pocket" | "ligand"; index: number; type: string; x: number; y: number; z: number};

/** Orthographic projection after turning by yaw (about y) then pitch (about x), around `centre`. */
function project(p: number[], centre: number[], yaw: number, pitch: number): [number, number, number] {
  const [x0, y0, z0] = [p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]];
  const [x1, z1] = [Math.cos(yaw) * x0 + Math.sin(yaw) * z0, -Math.sin(yaw) * x0 + Math.cos(yaw) * z0];
  const [y2, z2] = [Math.cos(pitch) * y0 - Math.sin(pitch) * z1, Math.sin(pitch) * y0 + Math.cos(pitch) * z1];
  return [x1, y2, z2];
}

/**
 * The pocket's atoms and the ligand's chain in 3-D, drawn as a projection the reader turns by
 * dragging or with the arrow keys; a line from ligand atom i to pocket atom j is as opaque as the
 * attention weight a_ij is large. Atoms are coloured by type; ligand atoms are ringed.
 */
export function ComplexView(example: PocketExample, {width = 480, orientation = {yaw: 0.6, pitch: -0.35}}: ComplexViewOptions = {}): HTMLElement {
  const size = Math.max(200, Math.min(width, 460));
  const all = [...example.pocket.x, ...example.ligand.x];
  const centre = [0, 1, 2].map((k) => all.reduce((s, x) => s + x[k], 0) / all.length);
  const reach = Math.max(...all.map((x) => Math.hypot(x[0] - centre[0], x[1] - centre[1], x[2] - centre[2]))) + 0.8; // Å: every orientation fits
  const strongest = Math.max(1e-12, ...example.attention.flat());
  const view = element("div", {class: "complex-view", tabindex: 0, role: "group", "aria-label": "The complex in 3-D: drag, or use the arrow keys, to turn it"});
  const draw = () => {
    const {yaw, pitch} = orientation;
    const atoms: Atom[] = [
      ...example.pocket.x.map((x, index) => ({molecule: "pocket" as const, index, type: example.pocket.type[index], ...xyz(project(x, centre, yaw, pitch))})),
      ...example.ligand.x.map((x, index) => ({molecule: "ligand" as const, index, type: example.ligand.type[index], ...xyz(project(x, centre, yaw, pitch))}))
    ];
    const pocket = atoms.filter((a) => a.molecule === "pocket");
    const ligand = atoms.filter((a) => a.molecule === "ligand");
    const lines = example.attention.flatMap((row, i) => row.map((a, j) => ({from: ligand[i], to: pocket[j], weight: a / strongest, a})));
    const bonds = example.ligand.bonds.map(([i, j]) => ({from: ligand[i], to: ligand[j]}));
    const depth = (a: Atom) => 0.55 + 0.45 * ((a.z + reach) / (2 * reach)); // nearer atoms larger and more opaque
    const chart = withData(Plot.plot({
      width: size,
      height: size,
      margin: 8,
      x: {domain: [-reach, reach], axis: null},
      y: {domain: [-reach, reach], axis: null},
      color: {domain: [...POCKET_ATOM_TYPES], range: ATOM_COLOURS, legend: true},
      r: {type: "identity"}, // radii in pixels, as given
      opacity: {type: "identity"},
      ariaLabel: "pocket and ligand atoms with the attention between them",
      ariaDescription: `${pocket.length} pocket atoms and a ${ligand.length}-atom ligand; the strongest attention weight is ${strongest.toFixed(2)}.`,
      marks: [
        Plot.link(lines, {x1: (d) => d.from.x, y1: (d) => d.from.y, x2: (d) => d.to.x, y2: (d) => d.to.y, stroke: ATTENTION_COLOUR, strokeOpacity: (d) => 0.05 + 0.9 * d.weight, strokeWidth: (d) => 0.5 + 2.5 * d.weight}),
        Plot.link(bonds, {x1: (d) => d.from.x, y1: (d) => d.from.y, x2: (d) => d.to.x, y2: (d) => d.to.y, stroke: "currentColor", strokeWidth: 4, strokeOpacity: 0.7}),
        Plot.dot([...atoms].sort((a, b) => a.z - b.z), {
          x: "x",
          y: "y",
          r: (a: Atom) => (a.molecule === "ligand" ? 9 : 11) * depth(a),
          fill: "type",
          fillOpacity: (a: Atom) => depth(a),
          stroke: (a: Atom) => (a.molecule === "ligand" ? "currentColor" : "none"),
          strokeWidth: 2
        }),
        Plot.tip(atoms, Plot.pointer({x: "x", y: "y", title: (a: Atom) => describeAtom(a, example)}))
      ]
    }), lines.map(({from, to, a}) => ({ligandAtom: from.index + 1, ligandType: from.type, pocketAtom: to.index + 1, pocketType: to.type, attention: a})));
    view.replaceChildren(chart);
  };
  const turn = (dyaw: number, dpitch: number) => {
    orientation.yaw += dyaw;
    orientation.pitch = Math.max(-Math.PI / 2, Math.min(Math.PI / 2, orientation.pitch + dpitch));
    draw();
  };
  let dragging: {x: number; y: number} | undefined;
  view.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    dragging = {x: event.clientX, y: event.clientY};
    view.setPointerCapture(event.pointerId);
  });
  view.addEventListener("pointermove", (event) => {
    if (!dragging) return;
    const [dx, dy] = [event.clientX - dragging.x, event.clientY - dragging.y];
    dragging = {x: event.clientX, y: event.clientY};
    turn(dx / 120, -dy / 120);
  });
  const release = () => (dragging = undefined);
  view.addEventListener("pointerup", release);
  view.addEventListener("pointercancel", release);
  view.addEventListener("keydown", (event) => {
    const step = Math.PI / 18; // 10°
    const turns: Record<string, [number, number]> = {ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step]};
    if (!turns[event.key]) return;
    event.preventDefault();
    turn(...turns[event.key]);
  });
  draw();
  return view;
}

const xyz = ([x, y, z]: [number, number, number]) => ({x, y, z});

function describeAtom(atom: Atom, example: PocketExample): string {
  if (atom.molecule === "ligand") {
    const row = example.attention[atom.index];
    const j = row.indexOf(Math.max(...row));
    return `ligand atom ${atom.index + 1} (${atom.type})\nmost attention to pocket atom ${j + 1} (${example.pocket.type[j]}): a = ${row[j].toFixed(2)}`;
  }
  const column = example.attention.map((row) => row[atom.index]);
  const i = column.indexOf(Math.max(...column));
  return `pocket atom ${atom.index + 1} (${atom.type})\nmost attention from ligand atom ${i + 1} (${example.ligand.type[i]}): a = ${column[i].toFixed(2)}`;
}
