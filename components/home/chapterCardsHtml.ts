import type {Chapter} from "../chapters.js";
import {MODALITY_COLOURS, isModality} from "../figures/modalityColours.js";

/** What loaders/cards.json.ts says about one chapter (components/home/cardFigures.ts's CardFigure plus its reading time). */
export interface ChapterCardData {
  svg: string;
  alt: string;
  label: string;
  readingMinutes: number;
  words?: number;
}

const ESCAPES: Record<string, string> = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"};
const escaped = (text: string | number) => String(text).replace(/[&<>"]/g, (c) => ESCAPES[c]);

/** A list of modality chips, each a dot in the modality's colour and its name (components/figures/modalityColours.ts). */
function modalityChips(modalities: readonly string[], empty = "any modality (abstract vectors)"): string {
  const chip = (name: string, label: string, colour?: string) =>
    `<li class="modality-chip modality-${escaped(name)}"><span class="modality-dot" aria-hidden="true"${colour ? ` style="--modality-colour: ${colour}"` : ""}></span>${escaped(label)}</li>`;
  const chips = modalities.length === 0 ? [chip("any", empty)] : modalities.map((name) => chip(name, name, isModality(name) ? MODALITY_COLOURS[name] : undefined));
  return `<ul class="modality-chips" aria-label="modalities connected">${chips.join("")}</ul>`;
}

/** The card figure's SVG (components/home/cardFigures.ts: shapes only, no script, no text) as the card shows it: sized by its box, named for screen readers. */
function cardPicture(svg: string, alt: string): string {
  return svg.replace(/^<svg\b([^>]*)>/, (_, attributes: string) => `<svg${attributes.replace(/\s(width|height)="[^"]*"/g, "")} role="img" aria-label="${escaped(alt)}" focusable="false">`);
}

/**
 * A chapter as a card: its number and title as the link (the whole card is its target), the key
 * figure computed at build time with its text alternative and a caption that says how it was made,
 * one sentence on what the reader does there, the modalities it connects and the reading time. A
 * chapter whose page is not written yet gets a card without figure or link.
 */
function chapterCard(chapter: Chapter, data: ChapterCardData | undefined): string {
  const title = escaped(`${chapter.number}. ${chapter.title}`);
  const heading = `<h3 class="chapter-card-title">${data ? `<a href="./chapters/${chapter.slug}.html">${title}</a>` : title}</h3>`;
  const figure = data ? `<figure class="chapter-card-figure"><div class="chapter-card-picture">${cardPicture(data.svg, data.alt)}</div><figcaption>${escaped(data.label)}</figcaption></figure>` : "";
  return (
    `<article class="chapter-card${data ? "" : " chapter-card-soon"}" data-chapter="${chapter.number}">${heading}${figure}` +
    `<p class="chapter-card-sentence">${escaped(chapter.sentence ?? chapter.summary)}</p>${modalityChips(chapter.modalities ?? [])}` +
    `<p class="chapter-card-meta">${data ? `about ${data.readingMinutes} min of reading, plus the experiments` : "coming soon"}</p></article>`
  );
}

/**
 * The home page's chapter map: a card for every chapter, in reading order, as HTML. The build writes it into
 * the page (scripts/chapterMap.ts), so the map shows with the page's first paint and waits for no script;
 * under `npm run dev`, which serves pages unfinished, the page's cell puts the same HTML in place.
 */
export function chapterCardsHtml(chapters: readonly Chapter[], cards: Record<string, ChapterCardData>): string {
  return chapters.map((chapter) => chapterCard(chapter, cards[chapter.slug])).join("");
}
