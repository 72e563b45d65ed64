import * as Plot from "@observablehq/plot";
import {element} from "../../controls/element.js";
import {CIRCUIT_COLOURS} from "./CircuitDiagram.js";
import {withData} from "../../figures/figureData.js";

/** The hourly traces the figure draws (a PlasticityRun, or several joined). */
export interface TraceRun {
  day: number[];
  soundResponse: number[];
  lightResponse: number[];
  gI: number[];
  wVA: number[];
  thetaM: number[];
}

export interface PlasticityTracesOptions {
  width?: number;
  fixedPoint?: number; // 3ρ, drawn as a reference in the response and θ_M panels
  day?: number; // the cursor
  restoreDay?: number; // where vision comes back, if it does
  showLight?: boolean; // the light response (a probe while deprived)
}

const PANELS = [
  {key: "soundResponse", label: "V1 response", colour: CIRCUIT_COLOURS.auditory, domain: [0, 2] as [number, number]},
  {key: "gI", label: "inhibition g_I", colour: CIRCUIT_COLOURS.inhibitory, domain: [0, 2.05] as [number, number]},
  {key: "wVA", label: "weight w_VA (A1→V1)", colour: CIRCUIT_COLOURS.auditory, domain: [0, 1] as [number, number]},
  {key: "thetaM", label: "BCM threshold θ_M", colour: "#8e6bbf", domain: [0, 1] as [number, number]}
] as const;

/**
 * Four stacked panels against day: V1's response to sound (with the light response if asked, and the
 * analytic fixed point 3ρ dashed), the inhibition gain g_I, the A1→V1 weight and the BCM threshold θ_M
 * (with 3ρ). A vertical cursor marks `day`; the element's setDay(day) moves it without redrawing.
 */
export function PlasticityTraces(run: TraceRun, {width = 640, fixedPoint = 3, day, restoreDay, showLight = false}: PlasticityTracesOptions = {}): HTMLElement & {setDay(day: number): void} {
  const step = Math.max(1, Math.ceil(run.day.length / 320)); // at most about 320 points a line: smooth enough, and quick to redraw
  const hours = run.day.map((_, h) => h).filter((h) => h % step === 0 || h === run.day.length - 1);
  const last = run.day[run.day.length - 1];
  const cursor = day ?? last;
  const charts = PANELS.map((panel, index) => {
    const bottom = index === PANELS.length - 1;
    const series: {name: string; values: number[]; colour: string; dash?: string}[] = [{name: panel.key === "soundResponse" ? "to sound" : panel.label, values: run[panel.key], colour: panel.colour}];
    if (panel.key === "soundResponse" && (showLight || restoreDay !== undefined)) series.push({name: restoreDay === undefined ? "to light (probe)" : "to light", values: run.lightResponse, colour: CIRCUIT_COLOURS.visual, dash: restoreDay === undefined ? "5,3" : undefined});
    const points = series.flatMap((s) => hours.map((h) => ({day: run.day[h], value: s.values[h], name: s.name})));
    const top = Math.max(panel.domain[1], ...series.flatMap((s) => hours.map((h) => s.values[h])), panel.key === "soundResponse" || panel.key === "thetaM" ? fixedPoint * 1.1 : 0);
    const reference = panel.key === "soundResponse" || panel.key === "thetaM";
    return Plot.plot({
      width,
      height: bottom ? 150 : 118,
      marginLeft: 46,
      marginRight: 12,
      marginTop: 18,
      marginBottom: bottom ? 38 : 6,
      x: {domain: [0, last], axis: bottom ? "bottom" : null, label: "days since vision was lost", labelAnchor: "center", labelOffset: 32, grid: true},
      y: {domain: [0, top], label: panel.label, labelArrow: "none", grid: true, ticks: 3, nice: true},
      marks: [
        reference ? Plot.ruleY([fixedPoint], {stroke: "currentColor", strokeDasharray: "4,3", strokeOpacity: 0.55}) : null,
        reference ? Plot.text([`3ρ = ${fixedPoint}`], {x: last * 0.12, y: fixedPoint, dy: 8, textAnchor: "start", fill: "currentColor", fillOpacity: 0.75, fontSize: 10}) : null,
        restoreDay === undefined ? null : Plot.ruleX([restoreDay], {stroke: CIRCUIT_COLOURS.visual, strokeWidth: 1.5}),
        restoreDay === undefined || index > 0 ? null : Plot.text(["vision restored"], {x: restoreDay, frameAnchor: "top", dy: -12, dx: 4, textAnchor: "start", fill: CIRCUIT_COLOURS.visual, fontSize: 10}),
        ...series.map((s) => Plot.lineY(points.filter((p) => p.name === s.name), {x: "day", y: "value", stroke: s.colour, strokeWidth: 1.8, strokeDasharray: s.dash})),
        series.length > 1 ? Plot.text(series, {x: () => last, y: (s: (typeof series)[number]) => s.values[s.values.length - 1], text: "name", textAnchor: "end", dy: -8, fill: "colour", fontSize: 10}) : null,
        Plot.ruleX([cursor], {stroke: "currentColor", strokeOpacity: 0.7, strokeWidth: 1.5, className: "day-cursor"}),
        Plot.tip(points, Plot.pointerX({x: "day", y: "value", title: (p: (typeof points)[number]) => `day ${p.day.toFixed(2)}\n${panel.label}${series.length > 1 ? ` ${p.name}` : ""}: ${p.value.toFixed(3)}`}))
      ]
    }) as SVGSVGElement & Plot.Plot;
  });
  const root = element("div", {class: "plasticity-traces"}, ...charts) as unknown as HTMLElement & {setDay(day: number): void};
  withData(root, run.day.map((day, h) => ({day, ...Object.fromEntries(PANELS.map((panel) => [panel.key, run[panel.key][h]])), lightResponse: run.lightResponse[h]})));
  root.setDay = (next: number) => {
    for (const chart of charts) {
      const x = chart.scale("x") as Plot.Scale & {apply(value: number): number};
      const rule = chart.querySelector<SVGGElement>("g.day-cursor");
      if (!rule) continue;
      rule.dataset.base ??= rule.getAttribute("transform") ?? "";
      rule.setAttribute("transform", `${rule.dataset.base} translate(${x.apply(next) - x.apply(cursor)},0)`);
    }
  };
  return root;
}
