/**
 * The home page's chapter map, written into dist/index.html by the build (scripts/finishBuild.ts): the cards of
 * components/home/chapterCardsHtml.ts, with each chapter's figure from the built loaders/cards.json. The map is
 * then part of the page's HTML, so it shows with the first paint instead of after the page's script has loaded
 * and drawn it (the home page's text and chapter map were usable in 289–352 ms here, against issue 19's 300).
 */
import {readFileSync, readdirSync} from "node:fs";
import {join} from "node:path";
import {CHAPTERS} from "../components/chapters.js";
import {chapterCardsHtml, type ChapterCardData} from "../components/home/chapterCardsHtml.js";

/** Where src/index.md leaves the map's place, empty. */
export const CHAPTER_MAP_PLACE = '<div class="chapter-cards"></div>';

/** The chapter cards' data as the build wrote it (dist/_file/loaders/cards.<hash>.json). */
export function readBuiltCards(dist: string): Record<string, ChapterCardData> {
  const folder = join(dist, "_file/loaders");
  const built = readdirSync(folder).find((name) => /^cards\.[\w-]+\.json$/.test(name) || name === "cards.json");
  if (!built) throw new Error(`no cards.json in ${folder}: the home page's cards were not built`);
  return JSON.parse(readFileSync(join(folder, built), "utf-8"));
}

/** The home page with its chapter map in place; fails the build if the page has no place for it. */
export function withChapterMap(html: string, cards: Record<string, ChapterCardData>): string {
  if (html.split(CHAPTER_MAP_PLACE).length !== 2) throw new Error(`the home page needs exactly one ${CHAPTER_MAP_PLACE} for its chapter map`);
  return html.replace(CHAPTER_MAP_PLACE, `<div class="chapter-cards">${chapterCardsHtml(CHAPTERS, cards)}</div>`);
}
