import * as Plot from "@observablehq/plot";
import {logLogSlope, TIMED_VARIANTS, type TimedVariant, type TimingPoint} from "./timingSettings.js";
import {withData} from "../../figures/figureData.js";

export interface CostCurvesOptions {
  width?: number;
  /** "ms": steady time per call; "first": the first call (compilation included); "bytes": memory beyond the inputs. */
  metric?: "ms" | "first" | "bytes";
  /** A horizontal limit in bytes (the device's largest buffer), drawn on the memory panel. */
  limitBytes?: number;
  /** Slopes are fitted from this N up (from all sizes when fewer than two reach it): small sizes measure overhead. */
  slopeFrom?: number;
}

const LABEL = {ms: "time per call (ms), steady", first: "first call (ms): shader compilation + set-up", bytes: "memory beyond the inputs (bytes)"};

/**
 * Measured cost against N = M on log-log axes, one line per variant with its fitted slope in the
 * legend (from N = slopeFrom up), and dashed reference lines ∝ the analytic MAC count, pinned to each variant's largest size.
 */
export function CostCurves(points: readonly TimingPoint[], {width = 640, metric = "ms", limitBytes, slopeFrom = 256}: CostCurvesOptions = {}): SVGSVGElement | HTMLElement {
  const value = (p: TimingPoint) => (metric === "ms" ? p.ms : metric === "first" ? p.compileMs + p.firstMs : p.bytes);
  const variants = [...new Set(points.map((p) => p.variant))] as TimedVariant[];
  const name = (variant: TimedVariant) => {
    const mine = points.filter((p) => p.variant === variant && value(p) > 0).map((p) => ({n: p.n, ms: value(p)}));
    const large = mine.filter((p) => p.n >= slopeFrom);
    const fitted = large.length >= 2 ? large : mine;
    const slope = fitted.length >= 2 ? logLogSlope(fitted) : NaN;
    return `${TIMED_VARIANTS[variant].label}${Number.isFinite(slope) ? `, slope ${slope.toFixed(2)} (N ≥ ${fitted[0].n})` : ""}`;
  };
  const names = new Map(variants.map((v) => [v, name(v)]));
  const data = points.filter((p) => value(p) > 0).map((p) => ({...p, value: value(p), series: names.get(p.variant)!}));
  const reference = variants.flatMap((variant) => {
    const mine = data.filter((p) => p.variant === variant);
    const last = mine.at(-1);
    if (!last || metric === "bytes") return [];
    return mine.map((p) => ({n: p.n, value: (last.value * p.macs) / last.macs, series: names.get(variant)!}));
  });
  return withData(Plot.plot({
    width,
    height: Math.min(380, Math.max(260, width * 0.55)),
    marginLeft: 56,
    marginBottom: 40,
    x: {type: "log", label: "N = M (queries = keys)", tickFormat: "~s", labelAnchor: "center", labelOffset: 34},
    y: {type: "log", label: LABEL[metric], grid: true, tickFormat: metric === "bytes" ? "~s" : "~g"},
    color: {legend: true, domain: variants.map((v) => names.get(v)!)},
    marks: [
      limitBytes && metric === "bytes" ? Plot.ruleY([limitBytes], {stroke: "currentColor", strokeDasharray: "6,4", strokeOpacity: 0.6}) : null,
      limitBytes && metric === "bytes" ? Plot.text([limitBytes], {y: (d: number) => d, frameAnchor: "right", textAnchor: "end", dy: -7, text: () => "this GPU's largest buffer", fill: "currentColor", fontSize: 10}) : null,
      Plot.line(reference, {x: "n", y: "value", z: "series", stroke: "series", strokeDasharray: "3,4", strokeOpacity: 0.7}),
      Plot.line(data, {x: "n", y: "value", z: "series", stroke: "series", strokeWidth: 2}),
      Plot.dot(data, {x: "n", y: "value", fill: "series"}),
      Plot.tip(data, Plot.pointer({x: "n", y: "value", title: (d: TimingPoint & {value: number; series: string}) => `${d.series}\nN = ${d.n}, d = ${d.d}, on ${d.backend}\nsteady ${d.ms.toFixed(2)} ms; first call ${d.firstMs.toFixed(1)} ms after ${d.compileMs.toFixed(0)} ms compiling\n${(d.bytes / 2 ** 20).toFixed(2)} MiB beyond inputs\n${(d.macs / 1e6).toFixed(1)} M MACs`}))
    ]
  }), data);
}
