import chapterList from "../data/chapters.json";

/** A chapter of the course, in reading order (data/chapters.json). */
export interface Chapter {
  number: number;
  slug: string; // page name under src/chapters/
  title: string;
  summary: string;
  experiment?: string; // its `npm run experiment` name, once written
  figures?: string[]; // the figures its page must show, once written
}

export const CHAPTERS: Chapter[] = chapterList;
