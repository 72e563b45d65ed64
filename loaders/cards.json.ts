/**
 * The home page's chapter cards: each chapter's key figure as an SVG computed from the chapter's own
 * function on the tfjs CPU backend (components/home/cardFigures.ts), with its text alternative and how it was
 * made, and the chapter's estimated reading time from the word count of its page's prose (~200 words a
 * minute). Keyed by slug; chapters whose page is not written yet are left out.
 */
import {existsSync, readFileSync} from "node:fs";
import {CHAPTERS} from "../components/chapters.js";
import {cardFigures, readingTime} from "../components/home/cardFigures.js";

const written = CHAPTERS.filter((chapter) => existsSync(`src/chapters/${chapter.slug}.md`));
const figures = await cardFigures(written.map((chapter) => chapter.slug));
const cards = Object.fromEntries(written.map(({slug}) => {
  const {words, minutes} = readingTime(readFileSync(`src/chapters/${slug}.md`, "utf-8"));
  return [slug, {...figures[slug], words, readingMinutes: minutes}];
}));
process.stdout.write(JSON.stringify(cards));
