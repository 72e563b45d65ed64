/**
 * The pictures link previews show (og:image, twitter:image): each chapter's key figure, as the home
 * page's card draws it (loaders/cards.json.ts, the chapter's own function at its default seed), on a
 * 1200 × 630 PNG in dist/_social/<slug>.png; the home page's is every chapter's figure in a grid.
 * Rendered by resvg (WebAssembly): the figures are shapes only, so no font is needed.
 */
import {mkdirSync, readFileSync, readdirSync, writeFileSync} from "node:fs";
import {createRequire} from "node:module";
import {join} from "node:path";
import {Resvg, initWasm} from "@resvg/resvg-wasm";

export const SOCIAL_DIR = "_social";
const [WIDTH, HEIGHT] = [1200, 630];

/** An SVG document placed in the box (x, y, width, height) of another, keeping its aspect ratio. */
function placed(svg: string, x: number, y: number, width: number, height: number): string {
  const viewBox = /viewBox="([^"]+)"/.exec(svg)?.[1];
  if (!viewBox) throw new Error("a card figure without a viewBox cannot be placed");
  const body = svg.replace(/^[\s\S]*?<svg\b[^>]*>/, "").replace(/<\/svg>\s*$/, "");
  return `<svg x="${x}" y="${y}" width="${width}" height="${height}" viewBox="${viewBox}" preserveAspectRatio="xMidYMid meet">${body}</svg>`;
}

/** A 1200 × 630 card: the figures in a grid of `columns`, on white. */
export function socialCard(figures: string[], columns = 1): string {
  const rows = Math.ceil(figures.length / columns);
  const [margin, gap] = [40, 16];
  const cellWidth = (WIDTH - 2 * margin - gap * (columns - 1)) / columns;
  const cellHeight = (HEIGHT - 2 * margin - gap * (rows - 1)) / rows;
  const cells = figures.map((svg, i) => placed(svg, margin + (i % columns) * (cellWidth + gap), margin + Math.floor(i / columns) * (cellHeight + gap), cellWidth, cellHeight));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}"><rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>${cells.join("")}</svg>`;
}

/** Writes dist/_social/<slug>.png for every chapter card the home page shows, and index.png; returns how many. */
export async function writeSocialImages(dist: string): Promise<number> {
  const folder = join(dist, "_file/loaders");
  const built = readdirSync(folder).find((name) => /^cards\.[\w-]+\.json$/.test(name) || name === "cards.json");
  if (!built) throw new Error(`no cards.json in ${folder}: the home page's cards were not built`);
  const cards: Record<string, {svg: string}> = JSON.parse(readFileSync(join(folder, built), "utf-8"));
  await initWasm(readFileSync(createRequire(import.meta.url).resolve("@resvg/resvg-wasm/index_bg.wasm")));
  const png = (svg: string) => new Resvg(svg, {fitTo: {mode: "width", value: WIDTH}}).render().asPng();
  mkdirSync(join(dist, SOCIAL_DIR), {recursive: true});
  const slugs = Object.keys(cards);
  for (const slug of slugs) writeFileSync(join(dist, SOCIAL_DIR, `${slug}.png`), png(socialCard([cards[slug].svg])));
  writeFileSync(join(dist, SOCIAL_DIR, "index.png"), png(socialCard(slugs.map((slug) => cards[slug].svg), 4)));
  return slugs.length + 1;
}
