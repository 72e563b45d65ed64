import assert from "node:assert/strict";
import {existsSync} from "node:fs";
import {test} from "node:test";
import {CARD_FIGURE_SIZE, CARD_FIGURE_SLUGS, cardFigures, proseOf, readingTime, viridis} from "../../components/home/cardFigures.js";
import {CHAPTERS} from "../../components/chapters.js";
import {MODALITIES, MODALITY_COLOURS, modalityColour} from "../../components/figures/modalityColours.js";

/** WCAG relative luminance and contrast of two #rrggbb colours. */
const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};

test("every written chapter has a card figure, a sentence, and modalities the palette knows", () => {
  const written = CHAPTERS.filter((chapter) => existsSync(`src/chapters/${chapter.slug}.md`));
  assert.deepEqual(CARD_FIGURE_SLUGS, written.map((chapter) => chapter.slug));
  for (const chapter of CHAPTERS) {
    assert.ok(chapter.sentence && chapter.sentence.length > 20 && /[.!?]$/.test(chapter.sentence), `${chapter.slug}: one sentence`);
    assert.ok(Array.isArray(chapter.modalities), `${chapter.slug}: modalities`);
    for (const modality of chapter.modalities!) assert.ok((MODALITIES as readonly string[]).includes(modality), `${chapter.slug}: ${modality}`);
  }
});

test("one colour per modality, distinct, with at least 3:1 contrast on both themes' backgrounds", () => {
  const colours = MODALITIES.map((m) => MODALITY_COLOURS[m]);
  assert.equal(new Set(colours).size, MODALITIES.length);
  for (const m of MODALITIES) {
    assert.equal(modalityColour(m), MODALITY_COLOURS[m]);
    assert.ok(contrast(MODALITY_COLOURS[m], "#ffffff") >= 3, `${m} on white`);
    assert.ok(contrast(MODALITY_COLOURS[m], "#161616") >= 3, `${m} on the dark theme`);
  }
  assert.throws(() => modalityColour("smell"), /unknown modality "smell"/);
});

test("reading time counts the prose at 200 words a minute, not the code, front matter or expressions", () => {
  const prose = Array.from({length: 400}, (_, i) => `word${i}`).join(" ");
  const code = "```js\n" + Array.from({length: 1000}, () => "const x = 1;").join("\n") + "\n```";
  const markdown = `---\ntitle: A chapter\n---\n\n# Title here\n\n${prose}\n\n${code}\n\nThe value is \${tex\`x^2 + y\`} and \`inline code\`, see [chapter 6](./06-cost.html).`;
  assert.doesNotMatch(proseOf(markdown), /const x|06-cost|title:/);
  const {words, minutes} = readingTime(markdown);
  assert.equal(words, 2 + 400 + 9); // "Title here", the prose, "The value is x and x see [chapter 6]."
  assert.equal(minutes, 2);
  assert.equal(readingTime("one two").minutes, 1); // at least a minute
});

test("the viridis ramp runs from dark to light and clamps", () => {
  assert.equal(viridis(0), "#440154");
  assert.equal(viridis(1), "#fde725");
  assert.equal(viridis(-3), viridis(0));
  assert.equal(viridis(Number.NaN), viridis(0));
  assert.ok(luminance(viridis(0.75)) > luminance(viridis(0.25)));
});

test("a card figure is a text-free 1200 × 630 SVG from the chapter's own code, with its seed and a text alternative", async () => {
  const figures = await cardFigures(["03-grounding", "07-svd", "12-plasticity"]);
  for (const [slug, figure] of Object.entries(figures)) {
    assert.match(figure.svg, new RegExp(`^<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${CARD_FIGURE_SIZE.width} ${CARD_FIGURE_SIZE.height}"`), slug);
    assert.match(figure.svg, /<\/svg>$/);
    assert.doesNotMatch(figure.svg, /<text|<title|<desc|<foreignObject|<image|<script|href=/, `${slug}: shapes only`);
    assert.doesNotMatch(figure.svg, /NaN|Infinity|undefined/, `${slug}: finite numbers`);
    assert.match(figure.label, /computed at build time from the chapter's own code/);
    assert.ok(figure.alt.length > 40 && !/NaN|undefined/.test(figure.alt), `${slug}: alt`);
  }
  assert.equal(figures["03-grounding"].seed, 1);
  assert.match(figures["03-grounding"].label, /seed 1/);
  assert.match(figures["03-grounding"].alt, /red ball/);
  assert.equal(figures["12-plasticity"].seed, null); // chapter 12's model has no randomness
  assert.doesNotMatch(figures["12-plasticity"].label, /seed/);
  const again = await cardFigures(["03-grounding"]);
  assert.equal(again["03-grounding"].svg, figures["03-grounding"].svg, "deterministic");
});
