import {element} from "../controls/element.js";
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

/** A list of modality chips, each a dot in the modality's colour and its name (components/figures/modalityColours.ts). */
export function ModalityChips(modalities: readonly string[], {empty = "any modality (abstract vectors)"}: {empty?: string} = {}): HTMLElement {
  const list = element("ul", {class: "modality-chips", "aria-label": "modalities connected"});
  if (modalities.length === 0) list.append(element("li", {class: "modality-chip modality-any"}, element("span", {class: "modality-dot", "aria-hidden": "true"}), empty));
  for (const name of modalities) {
    const dot = element("span", {class: "modality-dot", "aria-hidden": "true"});
    // CSSOM, not a style attribute: a Content-Security-Policy without 'unsafe-inline' still allows it.
    if (isModality(name)) dot.style.setProperty("--modality-colour", MODALITY_COLOURS[name]);
    list.append(element("li", {class: `modality-chip modality-${name}`}, dot, name));
  }
  return list;
}

/**
 * A chapter as a card: its number and title as the link (the whole card is its target), the key
 * figure computed at build time with its text alternative and a caption that says how it was made,
 * one sentence on what the reader does there, the modalities it connects and the reading time. A
 * chapter whose page is not written yet gets a card without figure or link.
 */
export function ChapterCard(chapter: Chapter, data: ChapterCardData | undefined, {href = `./chapters/${chapter.slug}.html`, headingLevel = 3}: {href?: string; headingLevel?: 2 | 3 | 4} = {}): HTMLElement {
  const title = `${chapter.number}. ${chapter.title}`;
  const heading = element(`h${headingLevel}` as "h3", {class: "chapter-card-title"}, data ? element("a", {href}, title) : title);
  const card = element("article", {class: `chapter-card${data ? "" : " chapter-card-soon"}`, "data-chapter": chapter.number});
  let figure: HTMLElement | null = null;
  if (data) {
    const picture = element("div", {class: "chapter-card-picture"});
    picture.innerHTML = data.svg; // the build's own SVG (components/home/cardFigures.ts): shapes only, no script, no text
    const svg = picture.querySelector("svg");
    if (svg) {
      svg.removeAttribute("width");
      svg.removeAttribute("height");
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", data.alt);
      svg.setAttribute("focusable", "false");
    }
    figure = element("figure", {class: "chapter-card-figure"}, picture, element("figcaption", {}, data.label));
  }
  card.append(
    heading,
    ...(figure ? [figure] : []),
    element("p", {class: "chapter-card-sentence"}, chapter.sentence ?? chapter.summary),
    ModalityChips(chapter.modalities ?? []),
    element("p", {class: "chapter-card-meta"}, data ? `about ${data.readingMinutes} min of reading, plus the experiments` : "coming soon")
  );
  return card;
}
