/**
 * Each chapter's key figure as a small SVG, computed from the chapter's own function (the one its page
 * and `npm run experiment` run) on the tfjs CPU backend, for the home page's cards (loaders/cards.json.ts)
 * and the pages' social-preview pictures. Framework-free and DOM-free: the SVG is written by hand,
 * pure shapes with no text, so it can be rasterised without fonts. Its viewBox is 1200 × 630, the
 * shape of a social card. The light theme's colours are attributes; a page can restyle `.card-bg`,
 * `.card-ink` and `.card-grid` for the dark theme.
 */
import {runBilinearHandshake, HANDSHAKE_PARAMETERS} from "../chapters/01-bilinear-handshake/bilinearHandshake.js";
import {runLoudFrame, LOUD_FRAME_PARAMETERS} from "../chapters/02-loud-frame/loudFrame.js";
import {GROUNDING_PARAMETERS, makeScenes, twoStepAttention} from "../chapters/03-grounding/grounding.js";
import {runChannel, CHANNEL_PARAMETERS} from "../chapters/04-channel-attention/channelAttention.js";
import {runMultiScale, MULTISCALE_PARAMETERS} from "../chapters/05-multi-scale/multiScale.js";
import {runTopKError} from "../chapters/06-cost/topKError.js";
import {runCoAttentionSVD} from "../chapters/07-svd/coAttentionSVD.js";
import {DEFAULT_NS, runRademacherSweep, RADEMACHER_PARAMETERS} from "../chapters/08-rademacher/rademacher.js";
import {runAsrRescoring} from "../chapters/09-asr-rescoring/asrRescoring.js";
import {runMaskedTextTable, MASKED_PARAMETERS} from "../chapters/10-text-table/maskedTextTable.js";
import {runPocketLigand, POCKET_PARAMETERS} from "../chapters/11-pocket-ligand/pocketLigand.js";
import {runPlasticity} from "../chapters/12-plasticity/plasticity.js";
import {rasteriseScene} from "../chapters/13-vlm/rasteriseScene.js";
import {sampleExample} from "../chapters/13-vlm/sampleExample.js";
import {IMAGE_SIZE} from "../chapters/13-vlm/vlmScene.js";
import {mulberry32, streamSeed} from "../runtime/prng.js";
import {useBackend} from "../runtime/runtime.js";

/** The SVG's size: the 1200 × 630 of a social card (Open Graph, Twitter). */
export const CARD_FIGURE_SIZE = {width: 1200, height: 630} as const;

/** One chapter's key figure and what the card says about it. */
export interface CardFigure {
  svg: string; // <svg viewBox="0 0 1200 630">…</svg>, shapes only
  alt: string; // a text alternative: what the picture shows, with its numbers
  label: string; // how it was made: "… computed at build time from the chapter's own code, seed 1, …"
  seed: number | null; // null where the chapter's model has no randomness
  steps?: number; // training steps of the run drawn, where it trains
  defaultSteps?: number; // the page's default, when the card ran fewer
  ms: number; // how long it took to compute
}

// ——— drawing ———

const {width: W, height: H} = CARD_FIGURE_SIZE;
const BOX = {left: 70, right: W - 40, top: 40, bottom: H - 60};
const BG = "#ffffff";
const INK = "#595959";
const GRID = "#e0e0e0";
/** Series colours (Okabe–Ito), the first drawn thickest: the chapter's hero. */
const SERIES = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f7f7f"];

const f = (x: number) => (Math.round(x * 10) / 10).toString();
const lerp = (a: number, b: number, t: number) => a + (b - a) * t;

function svgOf(inner: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}"><rect class="card-bg" width="${W}" height="${H}" fill="${BG}"/>${inner}</svg>`;
}

interface Scale {
  (v: number): number;
}

function linear([d0, d1]: [number, number], [r0, r1]: [number, number], log = false): Scale {
  const t = log ? (v: number) => Math.log(v) : (v: number) => v;
  const [a, b] = [t(d0), t(d1)];
  return (v) => r0 + ((t(v) - a) / (b - a || 1)) * (r1 - r0);
}

/** Left and bottom axes, with `lines` faint horizontal grid lines. */
function axes(lines = 4): string {
  let out = "";
  for (let i = 1; i <= lines; ++i) {
    const y = f(lerp(BOX.bottom, BOX.top, i / lines));
    out += `<line class="card-grid" x1="${BOX.left}" x2="${BOX.right}" y1="${y}" y2="${y}" stroke="${GRID}" stroke-width="2"/>`;
  }
  return out + `<path class="card-ink" d="M${BOX.left},${BOX.top}V${BOX.bottom}H${BOX.right}" fill="none" stroke="${INK}" stroke-width="4"/>`;
}

interface Series {
  x: number[];
  y: (number | null)[];
  colour: string;
  width?: number;
  dash?: boolean;
}

/** Polylines through finite points, broken at gaps. */
function lines(series: Series[], x: Scale, y: Scale): string {
  return series
    .map(({x: xs, y: ys, colour, width = 6, dash}) => {
      let d = "";
      let pen = false;
      ys.forEach((v, i) => {
        if (v === null || !Number.isFinite(v) || !Number.isFinite(xs[i])) return void (pen = false);
        d += `${pen ? "L" : "M"}${f(x(xs[i]))},${f(y(v))}`;
        pen = true;
      });
      return `<path d="${d}" fill="none" stroke="${colour}" stroke-width="${width}" stroke-linejoin="round" stroke-linecap="round"${dash ? ` stroke-dasharray="14 12"` : ""}/>`;
    })
    .join("");
}

/** A line chart of series over a shared x, in the plot box. */
function lineChart(series: Series[], {yDomain, xLog = false, yLog = false}: {yDomain?: [number, number]; xLog?: boolean; yLog?: boolean} = {}): string {
  const xsAll = series.flatMap((s) => s.x).filter(Number.isFinite);
  const ysAll = series.flatMap((s) => s.y).filter((v): v is number => v !== null && Number.isFinite(v) && (!yLog || v > 0));
  const x = linear([Math.min(...xsAll), Math.max(...xsAll)], [BOX.left + 10, BOX.right - 10], xLog);
  const y = linear(yDomain ?? [yLog ? Math.min(...ysAll) : Math.min(0, ...ysAll), Math.max(...ysAll)], [BOX.bottom - 10, BOX.top + 10], yLog);
  return axes() + lines(series, x, y);
}

/** Bars in groups: values[group][bar], each bar coloured by its index; a dashed rule at `rule`. */
function barChart(values: number[][], {domain = [0, 1], rule, colours = SERIES}: {domain?: [number, number]; rule?: number; colours?: string[]} = {}): string {
  const y = linear(domain, [BOX.bottom, BOX.top + 10]);
  const groupWidth = (BOX.right - BOX.left - 20) / values.length;
  let out = axes();
  values.forEach((group, g) => {
    const barWidth = (groupWidth * 0.8) / group.length;
    group.forEach((v, b) => {
      const x0 = BOX.left + 20 + g * groupWidth + groupWidth * 0.1 + b * barWidth;
      const top = y(Math.max(domain[0], Math.min(domain[1], v)));
      out += `<rect x="${f(x0 + 3)}" y="${f(top)}" width="${f(barWidth - 6)}" height="${f(BOX.bottom - top)}" fill="${colours[b % colours.length]}"/>`;
    });
  });
  if (rule !== undefined) out += `<line class="card-ink" x1="${BOX.left}" x2="${BOX.right}" y1="${f(y(rule))}" y2="${f(y(rule))}" stroke="${INK}" stroke-width="3" stroke-dasharray="14 12"/>`;
  return out;
}

// Viridis, five stops: dark to light, readable by colour-blind readers and in greyscale.
const VIRIDIS = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"].map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));

/** A colour of the viridis ramp at t ∈ [0, 1]. */
export function viridis(t: number): string {
  const u = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u));
  const rgb = VIRIDIS[i].map((c, k) => Math.round(lerp(c, VIRIDIS[i + 1][k], u - i)));
  return `#${rgb.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}

/** A heatmap of a matrix filling the plot box, each cell a colour from `colour`. */
function heatmap<T>(matrix: ArrayLike<T>[], colour: (v: T) => string, box = {left: 40, right: W - 40, top: 40, bottom: H - 40}): string {
  const rows = matrix.length;
  const columns = matrix[0]?.length ?? 0;
  const cw = (box.right - box.left) / columns;
  const ch = (box.bottom - box.top) / rows;
  const r = (x: number) => Math.round(x);
  let out = `<g shape-rendering="crispEdges">`;
  for (let i = 0; i < rows; ++i) {
    const [y0, y1] = [r(box.top + i * ch), r(box.top + (i + 1) * ch)];
    for (let j = 0; j < columns; ) {
      const fill = colour(matrix[i][j]);
      let k = j + 1;
      while (k < columns && colour(matrix[i][k]) === fill) ++k; // one rect for a run of equal colour
      const [x0, x1] = [r(box.left + j * cw), r(box.left + k * cw)];
      out += `<rect x="${x0}" y="${y0}" width="${x1 - x0}" height="${y1 - y0}" fill="${fill}"/>`;
      j = k;
    }
  }
  return out + "</g>";
}

const pct = (v: number) => `${Math.round(v * 100)}%`;
const num = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : "—");
const range = (n: number) => Array.from({length: n}, (_, i) => i + 1);

// ——— the chapters ———

/** How a card names its run: "seed 1, 200 Adam steps" or "seed 1, after 100 of the page's 200 steps". */
function stepsNote(steps: number, defaultSteps: number): string {
  return steps === defaultSteps ? `${steps} training steps (the page's default)` : `after ${steps} training steps (the page trains for ${defaultSteps} by default; the card stops early to keep the build quick)`;
}

type Drawn = Omit<CardFigure, "ms" | "label"> & {what: string; detail: string};

const FIGURES: Record<string, () => Promise<Drawn>> = {
  "01-bilinear-handshake": async () => {
    const r = await runBilinearHandshake();
    const order = ["bilinear", "mlp", "concat", "shape", "color"] as const;
    const series = order.map((key, i) => ({x: range(r.models[key].losses.length), y: r.models[key].losses, colour: SERIES[i], width: i === 0 ? 9 : 5}));
    const steps = r.config.steps;
    return {
      svg: svgOf(lineChart(series, {yDomain: [0, Math.max(0.75, ...series.flatMap((s) => s.y))]})),
      alt: `Training loss of five models over ${steps} steps: the bilinear model falls to ${num(r.models.bilinear.finalLoss, 3)}, the MLP ends at ${num(r.models.mlp.finalLoss, 3)}, while shape only, colour only and concatenation stay near ln 2 ≈ 0.69 (${num(r.models.shape.finalLoss)}, ${num(r.models.color.finalLoss)}, ${num(r.models.concat.finalLoss)}).`,
      what: "Loss curves of the five models (bilinear thickest)",
      detail: `${stepsNote(steps, HANDSHAKE_PARAMETERS.steps.value)}`,
      seed: r.seed,
      steps
    };
  },
  "02-loud-frame": async () => {
    const r = await runLoudFrame();
    const x = r.gains.map((_, i) => i); // the gains, evenly spaced as the page's sweep lists them
    const series = (["dot", "additive", "layernorm"] as const).map((key, i) => ({x, y: r[key].mass, colour: SERIES[i], width: i === 0 ? 9 : 6}));
    const last = r.gains.length - 1;
    return {
      svg: svgOf(lineChart(series, {yDomain: [0, 1]})),
      alt: `Attention mass on the matching audio frame as a loud partial-match frame grows from gain ${r.gains[0]} to ${r.gains[last]}: dot-product attention falls from ${pct(r.dot.mass[0])} to ${pct(r.dot.mass[last])}, additive goes from ${pct(r.additive.mass[0])} to ${pct(r.additive.mass[last])}, LayerNorm-keyed attention from ${pct(r.layernorm.mass[0])} to ${pct(r.layernorm.mass[last])}.`,
      what: "Attention mass on the right frame against the loud frame's gain (dot product thickest)",
      detail: stepsNote(r.config.steps, LOUD_FRAME_PARAMETERS.steps.value),
      seed: r.seed,
      steps: r.config.steps
    };
  },
  "03-grounding": async () => {
    const seed = GROUNDING_PARAMETERS.seed.value;
    const beta1 = GROUNDING_PARAMETERS.beta1.value;
    const [scene] = makeScenes(1, seed, "left");
    const trace = await twoStepAttention([scene], {beta1});
    const weights = trace.step2[0];
    const paint: Record<string, string> = {red: "#d62728", blue: "#1f77b4", green: "#2ca02c", yellow: "#e6b800"};
    const box = {left: 200, right: 1000, top: 50, bottom: 580};
    const px = (x: number) => lerp(box.left + 40, box.right - 40, x);
    const py = (y: number) => lerp(box.bottom - 40, box.top + 40, y);
    let inner = `<rect class="card-grid" x="${box.left}" y="${box.top}" width="${box.right - box.left}" height="${box.bottom - box.top}" fill="none" stroke="${GRID}" stroke-width="4"/>`;
    const anchorX = px(trace.anchorEstimate[0][0]);
    inner += `<line class="card-ink" x1="${f(anchorX)}" x2="${f(anchorX)}" y1="${box.top}" y2="${box.bottom}" stroke="${INK}" stroke-width="4" stroke-dasharray="14 12"/>`;
    scene.objects.forEach((o, i) => {
      const w = weights[i];
      if (w > 0.005) inner += `<circle cx="${f(px(o.x))}" cy="${f(py(o.y))}" r="${f(26 + 80 * Math.sqrt(w))}" fill="#ff9900" fill-opacity="0.45"/>`;
    });
    scene.objects.forEach((o) => {
      const [x, y, r, fill] = [px(o.x), py(o.y), 24, paint[o.colour] ?? INK];
      const attrs = `fill="${fill}" stroke="${BG}" stroke-width="4"`;
      if (o.shape === "cube") inner += `<rect x="${f(x - r)}" y="${f(y - r)}" width="${2 * r}" height="${2 * r}" ${attrs}/>`;
      else if (o.shape === "cone") inner += `<path d="M${f(x)},${f(y - r * 1.2)}L${f(x + r * 1.1)},${f(y + r * 0.9)}L${f(x - r * 1.1)},${f(y + r * 0.9)}Z" ${attrs}/>`;
      else inner += `<circle cx="${f(x)}" cy="${f(y)}" r="${r}" ${attrs}/>`;
    });
    const t = scene.objects[scene.target];
    inner += `<circle class="card-ink" cx="${f(px(t.x))}" cy="${f(py(t.y))}" r="40" fill="none" stroke="${INK}" stroke-width="5" stroke-dasharray="10 7"/>`;
    return {
      svg: svgOf(inner),
      alt: `A scene of ${scene.objects.length} objects for “the red ball left of the blue cube”: two-step attention finds the blue cube (dashed line at x ≈ ${num(trace.anchorEstimate[0][0])}) and puts ${pct(weights[scene.target])} of its weight on the red ball to its left (ringed), ${trace.predictions[0] === scene.target ? "the right object" : "not the right object"}.`,
      what: "Two-step attention over a scene (halo size: weight; ring: the red ball left of the blue cube)",
      detail: `β₁ = ${beta1}, closed form (no training)`,
      seed
    };
  },
  "04-channel-attention": async () => {
    const steps = 60;
    const r = await runChannel({steps});
    const keys = ["gap", "se", "concat", "textGate", "film", "textSe"] as const;
    const colours = ["#7f7f7f", "#7f7f7f", "#7f7f7f", "#0072b2", "#0072b2", "#56b4e9"];
    return {
      svg: svgOf(barChart([keys.map((k) => r.testAccuracy[k])], {domain: [0, 1], rule: 0.5, colours})),
      alt: `Held-out accuracy of six models on “is the named channel active?” after ${steps} steps: pooling ${pct(r.testAccuracy.gap)}, squeeze-and-excitation ${pct(r.testAccuracy.se)}, concatenation ${pct(r.testAccuracy.concat)} (grey, image-only or no gate, near the 50% chance line), text gate ${pct(r.testAccuracy.textGate)}, FiLM ${pct(r.testAccuracy.film)}, text-conditioned SE ${pct(r.testAccuracy.textSe)}.`,
      what: "Held-out accuracy of the six models (grey: no text in the gate; dashed: chance)",
      detail: stepsNote(steps, CHANNEL_PARAMETERS.steps.value),
      seed: r.seed,
      steps,
      defaultSteps: CHANNEL_PARAMETERS.steps.value
    };
  },
  "05-multi-scale": async () => {
    const steps = 100;
    const r = await runMultiScale({confound: 1, steps});
    const keys = ["short", "long", "static", "gated"] as const;
    const groups = keys.map((k) => [r.accuracy[k].crash, r.accuracy[k].sentence]);
    return {
      svg: svgOf(barChart(groups, {domain: [0, 1], rule: 0.5, colours: ["#d55e00", "#0072b2"]})),
      alt: `Accuracy on crash events (first bar) and on sentences (second bar) for the 1-second window (${pct(r.accuracy.short.crash)}, ${pct(r.accuracy.short.sentence)}), the 10-second window (${pct(r.accuracy.long.crash)}, ${pct(r.accuracy.long.sentence)}), static fusion (${pct(r.accuracy.static.crash)}, ${pct(r.accuracy.static.sentence)}) and the learned gate (${pct(r.accuracy.gated.crash)}, ${pct(r.accuracy.gated.sentence)}); dashed line: chance.`,
      what: "Accuracy by event type for the 1-s window, the 10-s window, static fusion and the learned gate",
      detail: stepsNote(steps, MULTISCALE_PARAMETERS.steps.value),
      seed: r.seed,
      steps,
      defaultSteps: MULTISCALE_PARAMETERS.steps.value
    };
  },
  "06-cost": async () => {
    const r = await runTopKError();
    const floor = 1e-4;
    const series = (["clustered", "diffuse"] as const).map((key, i) => ({x: r[key].map((p) => p.k), y: r[key].map((p) => Math.max(floor, p.error)), colour: SERIES[i], width: 8}));
    const at = (key: "clustered" | "diffuse", k: number) => r[key].find((p) => p.k === k)?.error ?? NaN;
    return {
      svg: svgOf(lineChart(series, {xLog: true, yLog: true})),
      alt: `Relative error of top-k attention against k (1 to ${r.n}, log scales) at n = ${r.n}: with peaked (clustered) attention the error at k = 16 is ${num(at("clustered", 16), 3)}; with diffuse attention it is still ${num(at("diffuse", 16), 3)}; both reach 0 at k = n.`,
      what: "Top-k attention's error against k, peaked (blue) and diffuse attention, log–log",
      detail: "closed form (no training)",
      seed: r.seed
    };
  },
  "07-svd": async () => {
    const r = await runCoAttentionSVD();
    const rows = Array.from({length: r.tokens.length}, (_, t) => r.affinity.map((patch) => patch[t])); // tokens × patches
    const values = rows.flat();
    const [lo, hi] = [Math.min(...values), Math.max(...values)];
    return {
      svg: svgOf(heatmap(rows, (v) => viridis((v - lo) / (hi - lo || 1)))),
      alt: `The co-attention affinity between ${r.affinity.length} image patches (columns) and ${r.tokens.length} words (rows), with three planted concepts (${r.order.join(", ")}) as bright blocks; its singular values are ${r.singularValues.slice(0, 4).map((s) => num(s)).join(", ")}.`,
      what: "The co-attention affinity, words × image patches, three planted concepts",
      detail: `noise ${r.noise}, closed form (power iteration, no training)`,
      seed: r.seed
    };
  },
  "08-rademacher": async () => {
    const ns = DEFAULT_NS.filter((n) => n <= 400); // n = 1000 alone costs as much as the rest
    const r = await runRademacherSweep({ns});
    const series: Series[] = [
      {x: r.ns, y: r.cat, colour: SERIES[1], width: 8},
      {x: r.ns, y: r.catBound, colour: SERIES[1], width: 4, dash: true},
      {x: r.ns, y: r.shared, colour: SERIES[2], width: 6},
      {x: r.ns, y: r.fixed, colour: SERIES[0], width: 8},
      {x: r.ns, y: r.attnBound, colour: SERIES[0], width: 4, dash: true}
    ];
    const last = r.ns.length - 1;
    return {
      svg: svgOf(lineChart(series, {xLog: true, yLog: true})),
      alt: `Monte-Carlo Rademacher complexity against sample size n from ${r.ns[0]} to ${r.ns[last]} (log–log), with the bounds dashed: concatenation falls from ${num(r.cat[0], 3)} to ${num(r.cat[last], 3)}, attention with given weights from ${num(r.fixed[0], 3)} to ${num(r.fixed[last], 3)}, attention with shared learned weights from ${num(r.shared[0], 3)} to ${num(r.shared[last], 3)}.`,
      what: "Rademacher complexity against n: concatenation (orange), shared attention (green), given attention (blue), bounds dashed",
      detail: `Monte Carlo over ${RADEMACHER_PARAMETERS.draws.value} sign draws at n up to ${ns.at(-1)} (the page goes on to n = ${DEFAULT_NS.at(-1)}), no training`,
      seed: r.seed
    };
  },
  "09-asr-rescoring": async () => {
    const r = await runAsrRescoring();
    const x = r.lambdas;
    const series: Series[] = [
      {x, y: x.map(() => r.baseline), colour: INK, width: 4, dash: true},
      {x, y: r.irrelevant.ungatedByLambda, colour: SERIES[1], width: 6},
      {x, y: r.irrelevant.gatedByLambda, colour: SERIES[2], width: 6},
      {x, y: r.rescored, colour: SERIES[0], width: 9}
    ];
    const last = x.length - 1;
    return {
      svg: svgOf(lineChart(series, {yDomain: [0, 1]})),
      alt: `Word accuracy against the image's weight λ (0 to ${x[last]}): the speech recogniser alone gets ${pct(r.baseline)} (dashed); rescoring with the right image rises to ${pct(r.rescored[last])}; with an irrelevant image it falls to ${pct(r.irrelevant.ungatedByLambda[last])} without the gate and stays at ${pct(r.irrelevant.gatedByLambda[last])} with it.`,
      what: "Accuracy against the image's weight λ: relevant image (blue), irrelevant image without (orange) and with the gate (green), recogniser alone (dashed)",
      detail: "closed form (no training)",
      seed: r.seed
    };
  },
  "10-text-table": async () => {
    const steps = 40;
    const r = await runMaskedTextTable({steps});
    const norm = (v: number[]) => v.map((x) => x / (v[0] || 1));
    const series = [
      {x: range(r.losses.token.length), y: norm(r.losses.token), colour: SERIES[0], width: 8},
      {x: range(r.losses.cell.length), y: norm(r.losses.cell), colour: SERIES[3], width: 8}
    ];
    return {
      svg: svgOf(lineChart(series, {yDomain: [0, Math.max(1, ...series.flatMap((s) => s.y))]})),
      alt: `Training losses of masked text–table modelling over ${steps} steps, each relative to its start: the masked-word loss (blue) falls from ${num(r.losses.token[0])} to ${num(r.losses.token.at(-1)!)}, the masked-cell loss (purple) from ${num(r.losses.cell[0])} to ${num(r.losses.cell.at(-1)!)}. Held out: ${pct(r.tokenAccuracy)} of masked words right with cross-attention, ${pct(r.ablation.tokenAccuracy)} without.`,
      what: "Masked-word (blue) and masked-cell (purple) losses, each relative to its start",
      detail: stepsNote(steps, MASKED_PARAMETERS.steps.value),
      seed: r.seed,
      steps,
      defaultSteps: MASKED_PARAMETERS.steps.value
    };
  },
  "11-pocket-ligand": async () => {
    const steps = 25;
    const r = await runPocketLigand({steps});
    const series = [
      {x: range(r.losses.ligandOnly.length), y: r.losses.ligandOnly, colour: SERIES[1], width: 6},
      {x: range(r.losses.fusion.length), y: r.losses.fusion, colour: SERIES[0], width: 9}
    ];
    return {
      svg: svgOf(lineChart(series)),
      alt: `Training loss over ${steps} steps of the pocket–ligand cross-attention model (blue), ending at ${num(r.losses.fusion.at(-1)!)}, and of the ligand-only baseline (orange), ending at ${num(r.losses.ligandOnly.at(-1)!)}; held-out Pearson correlation ${num(r.pearson)} against ${num(r.ligandOnlyPearson)}.`,
      what: "Training loss of the cross-attention model (blue) and the ligand-only baseline (orange)",
      detail: stepsNote(steps, POCKET_PARAMETERS.steps.value),
      seed: r.seed,
      steps,
      defaultSteps: POCKET_PARAMETERS.steps.value
    };
  },
  "12-plasticity": async () => {
    const r = await runPlasticity();
    const paint: Record<string, string> = {converged: "#009e73", oscillating: "#e69f00", runaway: "#d55e00", slow: "#7f7f7f"};
    const grid = r.grid.regime.slice().reverse(); // rows: τθ from the largest at the top; columns: η_H
    const counts: Record<string, number> = {};
    for (const regime of r.grid.regime.flat()) counts[regime] = (counts[regime] ?? 0) + 1;
    return {
      svg: svgOf(heatmap(grid, (regime) => paint[regime] ?? INK, {left: 160, right: 1040, top: 40, bottom: 590})),
      alt: `Phase diagram of the plasticity model over ${r.grid.tauThetas.length} values of the BCM threshold's time constant τθ (rows) and ${r.grid.etaHs.length} homeostatic rates η_H (columns): ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(", ")}; the default setting ${r.regime === "converged" ? "converges" : `is ${r.regime}`}, sound taking over by day ${num(r.takeoverDay ?? NaN, 1)}.`,
      what: "Phase diagram over τθ × η_H: converged (green), oscillating (orange), runaway (vermillion), slow (grey)",
      detail: "a deterministic model, 40 simulated days per cell",
      seed: null
    };
  },
  "13-vlm": async () => {
    // The pixels the model reads, not a training run: the capstone trains for a minute and more, too long for the build.
    const seed = 1;
    const example = sampleExample(mulberry32(streamSeed(seed, 7)), "relation"); // a relation question about a generated scene (stream 7 of the seed, which the page's gallery also draws from)
    const image = rasteriseScene(example.scene); // [48 · 48 · 3]
    const byte = (v: number) => Math.round(255 * v);
    const rows = Array.from({length: IMAGE_SIZE}, (_, y) => Array.from({length: IMAGE_SIZE}, (_, x) => {
      const at = 3 * (y * IMAGE_SIZE + x);
      return `rgb(${byte(image[at])},${byte(image[at + 1])},${byte(image[at + 2])})`;
    }));
    const side = H - 60;
    return {
      svg: svgOf(heatmap(rows, (rgb) => rgb, {left: (W - side) / 2, right: (W + side) / 2, top: 30, bottom: 30 + side})),
      alt: `A generated scene of ${example.scene.objects.length} objects as the model sees it, ${IMAGE_SIZE} × ${IMAGE_SIZE} pixels: ${example.scene.objects.map((o) => `a ${o.colour} ${o.shape}`).join(", ")}. Asked "${example.text}?", the answer is ${example.answer}.`,
      what: "One of the scenes the vision-language transformer learns from, pixel by pixel",
      detail: "a generated scene, no training",
      seed
    };
  }
};

/** The chapters that have a card figure, in reading order. */
export const CARD_FIGURE_SLUGS = Object.keys(FIGURES);

/** One chapter's card figure, on the active backend (cardFigures sets the CPU backend). */
export async function cardFigure(slug: string): Promise<CardFigure> {
  const draw = FIGURES[slug];
  if (!draw) throw new Error(`no card figure for chapter "${slug}"`);
  const start = performance.now();
  const {what, detail, ...figure} = await draw();
  const made = `computed at build time from the chapter's own code${figure.seed === null ? "" : `, seed ${figure.seed}`}, ${detail}`;
  return {...figure, label: `${what}: ${made}.`, ms: Math.round(performance.now() - start)};
}

/** Every chapter's card figure, computed on the tfjs CPU backend (as chapter 1's reference is). */
export async function cardFigures(slugs: readonly string[] = CARD_FIGURE_SLUGS): Promise<Record<string, CardFigure>> {
  await useBackend("cpu");
  const out: Record<string, CardFigure> = {};
  for (const slug of slugs) out[slug] = await cardFigure(slug);
  return out;
}

/** The same pictures as SVG strings by chapter slug, 1200 × 630 and free of text, for the social-preview PNGs. */
export async function cardFigureSvgs(slugs: readonly string[] = CARD_FIGURE_SLUGS): Promise<Record<string, string>> {
  const figures = await cardFigures(slugs);
  return Object.fromEntries(Object.entries(figures).map(([slug, figure]) => [slug, figure.svg]));
}

/** The prose of a chapter's Markdown: without front matter, code blocks, inline code and expressions, tags or link targets. */
export function proseOf(markdown: string): string {
  return markdown
    .replace(/^---\n[\s\S]*?\n---\n/, "")
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/\$\{[^{}]*(\{[^{}]*\}[^{}]*)*\}/g, " x ") // ${tex`…`} and other inline expressions: one word each
    .replace(/`[^`]*`/g, " x ")
    .replace(/<[^>]+>/g, " ")
    .replace(/\]\([^)]*\)/g, "]");
}

/** Estimated reading time of a chapter's prose at `wordsPerMinute` (whole minutes, at least 1), and its word count. */
export function readingTime(markdown: string, wordsPerMinute = 200): {words: number; minutes: number} {
  const words = proseOf(markdown).split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return {words, minutes: Math.max(1, Math.round(words / wordsPerMinute))};
}
