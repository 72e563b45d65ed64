import chapterList from "../data/chapters.json";
import {isModality, type Modality} from "./figures/modalityColours.js";

/** A chapter of the course, in reading order (data/chapters.json). */
export interface Chapter {
  number: number;
  slug: string; // page name under src/chapters/
  title: string;
  summary: string;
  sentence?: string; // one sentence on what the reader does there (the home page's card)
  modalities?: Modality[]; // the modalities it connects (components/figures/modalityColours.ts)
  experiment?: string; // its `npm run experiment` name, once written
  figures?: string[]; // the figures its page must show, once written
}

/** The chapters, each modality name checked against components/figures/modalityColours.ts. */
export const CHAPTERS: Chapter[] = chapterList.map((chapter) => {
  const unknown = (chapter.modalities ?? []).filter((m) => !isModality(m));
  if (unknown.length) throw new Error(`data/chapters.json: chapter ${chapter.number} names unknown modalities ${unknown.join(", ")}`);
  return chapter as Chapter;
});
