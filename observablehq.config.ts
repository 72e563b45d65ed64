import {existsSync, readFileSync} from "node:fs";

interface Chapter {
  number: number;
  slug: string;
  title: string;
}

// All twelve chapters, in reading order; a chapter joins the sidebar once its page exists.
const chapters: Chapter[] = JSON.parse(readFileSync("data/chapters.json", "utf-8"));
const written = chapters.filter((chapter) => existsSync(`src/chapters/${chapter.slug}.md`));

export default {
  root: "src",
  title: "Cross-Modal Attention, live",
  pages: [{name: "Chapters", open: true, pages: written.map((chapter) => ({name: `${chapter.number}. ${chapter.title}`, path: `/chapters/${chapter.slug}`}))}],
  // Hermetic: no Google Fonts (globalStylesheets), no footer link to another site, no telemetry (package.json).
  style: "style.css", // Framework's air and near-midnight themes, light or dark by the reader's system setting
  globalStylesheets: [],
  footer: "Cross-Modal Attention, live — every number on these pages is computed in your browser.",
  head: '<meta name="color-scheme" content="light dark"><link rel="icon" href="data:,">', // no favicon request
  preserveExtension: true, // links end in .html, so any static server and any sub-path work
  cleanUrls: false,
  toc: true,
  pager: true,
  search: false
};
