// The home page's chapter map is written into its HTML by the build (scripts/chapterMap.ts): read back here in a DOM
// (jsdom, which comes with @observablehq/framework), as a reader's browser parses it.
import {test} from "node:test";
import assert from "node:assert/strict";
import {JSDOM} from "jsdom";
import {CHAPTERS} from "../../components/chapters.js";
import {MODALITY_COLOURS} from "../../components/figures/modalityColours.js";
import {CHAPTER_MAP_PLACE, withChapterMap} from "../../scripts/chapterMap.js";

const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 630" width="1200" height="630"><rect class="card-bg" width="1200" height="630" fill="#fff"/></svg>';
const [first, second] = CHAPTERS;
const cards = {[first.slug]: {svg, alt: 'loss curves of "five" models & more', label: "computed when the site was built", readingMinutes: 9}};
const page = (html: string) => new JSDOM(withChapterMap(`<!doctype html><html><body><h2>The chapters</h2>${html}</body></html>`, cards)).window.document;

test("the chapter map has a card for every chapter in reading order, with a figure and a link only where the page is written", () => {
  const map = page(CHAPTER_MAP_PLACE).querySelector(".chapter-cards")!;
  const articles = [...map.querySelectorAll("article.chapter-card")];
  assert.deepEqual(articles.map((card) => Number(card.getAttribute("data-chapter"))), CHAPTERS.map((c) => c.number));
  assert.equal(articles[0].querySelector("h3 a")?.getAttribute("href"), `./chapters/${first.slug}.html`);
  assert.equal(articles[0].querySelector("h3")?.textContent, `${first.number}. ${first.title}`);
  assert.equal(articles[0].querySelector(".chapter-card-meta")?.textContent, "about 9 min of reading, plus the experiments");
  assert.ok(articles[1].classList.contains("chapter-card-soon") && !articles[1].querySelector("a, figure"), "a chapter without card data is listed, without figure or link");
  assert.equal(articles[1].querySelector("h3")?.textContent, `${second.number}. ${second.title}`);
});

test("a card's figure is sized by its box and named for screen readers, its text escaped", () => {
  const picture = page(CHAPTER_MAP_PLACE).querySelector(".chapter-card-picture svg")!;
  assert.equal(picture.getAttribute("width"), null);
  assert.equal(picture.getAttribute("height"), null);
  assert.equal(picture.getAttribute("viewBox"), "0 0 1200 630");
  assert.equal(picture.getAttribute("role"), "img");
  assert.equal(picture.getAttribute("aria-label"), cards[first.slug].alt);
  assert.equal(picture.querySelector("rect")?.getAttribute("width"), "1200", "only the <svg> tag loses its size");
});

test("each modality chip names its modality, its dot in the modality's colour", () => {
  const document = page(CHAPTER_MAP_PLACE);
  for (const chapter of CHAPTERS) {
    const chips = [...document.querySelectorAll(`article[data-chapter="${chapter.number}"] .modality-chip`)];
    if (!chapter.modalities?.length) {
      assert.deepEqual(chips.map((chip) => chip.textContent), ["any modality (abstract vectors)"]);
      continue;
    }
    assert.deepEqual(chips.map((chip) => chip.textContent), chapter.modalities);
    assert.deepEqual(chips.map((chip) => (chip.querySelector(".modality-dot") as HTMLElement).style.getPropertyValue("--modality-colour")), chapter.modalities.map((m) => MODALITY_COLOURS[m]));
  }
});

test("the build fails on a home page without exactly one place for the map", () => {
  assert.throws(() => withChapterMap("<p>no map</p>", cards), /exactly one/);
  assert.throws(() => withChapterMap(CHAPTER_MAP_PLACE + CHAPTER_MAP_PLACE, cards), /exactly one/);
});
