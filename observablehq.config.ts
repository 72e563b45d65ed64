import {existsSync, readFileSync} from "node:fs";
import {FONT_MANIFEST, fontFaceCss, type FontFace} from "./scripts/courseFonts.js";
import {SOCIAL_DIR} from "./scripts/socialImages.js";
import {modalityColour} from "./components/figures/modalityColours.js";
import {REPAIR_QUERY_SCRIPT} from "./components/runtime/repairQuery.js";
import {staticTex} from "./scripts/staticTex.js";

interface Chapter {
  number: number;
  slug: string;
  title: string;
  summary: string;
  modalities?: string[];
}

// All twelve chapters, in reading order; a chapter joins the sidebar once its page exists.
const chapters: Chapter[] = JSON.parse(readFileSync("data/chapters.json", "utf-8"));
const written = chapters.filter((chapter) => existsSync(`src/chapters/${chapter.slug}.md`));

// Mends, as a page loads and as its cells draw, what axe-core finds in markup this project does not write
// (test/browser/accessibility.test.ts): Framework's template (no lang; a sidebar toggle named only by its
// title; a <label> inside a list), Plot's marks (an aria-label on a <g> needs the role "group" that
// browsers give it anyway) and Observable Inputs' sliders (the label names the number box, not the
// slider). A box that scrolls (a code excerpt, a wide formula on a phone) becomes focusable, so the
// keyboard can scroll it.
const mendAccessibility = `
document.documentElement.lang = "en"; // the build writes it into the HTML (scripts/finishBuild.ts); \`npm run dev\` serves Framework's template as it is
document.getElementById("observablehq-sidebar-toggle")?.setAttribute("aria-label", "Toggle sidebar");
document.getElementById("observablehq-sidebar-close")?.setAttribute("aria-hidden", "true");
const scrolls = (box) => box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
// Only boxes the browser has laid out are measured, all of them before any is marked: measuring a box in text
// skipped as off screen (content-visibility, style.css) would lay that text out, and measuring after marking
// would lay the page out again for each box (chapter 8 spent 400 ms of a 4x slower CPU on its formulas when
// KaTeX's fonts arrived). Skipped boxes are measured when their text comes into view.
// A box whose own contents are skipped (a code excerpt is itself such a box) keeps what it has until they are drawn.
const focusableIfScrolling = (list) => {
  const shown = list.filter((box) => (box.firstElementChild ?? box).checkVisibility?.({contentVisibilityAuto: true}) ?? true);
  const scrolling = shown.map(scrolls);
  shown.forEach((box, i) => scrolling[i] !== box.hasAttribute("tabindex") && (scrolling[i] ? box.setAttribute("tabindex", "0") : box.removeAttribute("tabindex")));
};
const BOXES = "pre, .tex";
const boxes = new Set();
const sizes = new ResizeObserver((entries) => focusableIfScrolling(entries.map((entry) => entry.target)));
document.fonts.addEventListener("loadingdone", () => {
  for (const box of boxes) if (!box.isConnected) boxes.delete(box);
  focusableIfScrolling([...boxes]); // a formula widens when KaTeX's fonts arrive, inside a box of the same size
});
const within = (root, selector) => (root.matches(selector) ? [root] : []).concat(...root.querySelectorAll(selector));
document.addEventListener("contentvisibilityautostatechange", ({target, skipped}) => skipped || focusableIfScrolling(within(target, BOXES)), true); // the skipped box itself, too (a code excerpt)
const mend = (root) => {
  const all = (selector) => within(root, selector);
  for (const node of all("svg [aria-label]:not([role])")) node.setAttribute("role", "group");
  for (const range of all("input[type=range]:not([aria-label]):not([aria-labelledby])")) {
    const label = range.closest("form")?.querySelector("label")?.textContent;
    if (label) range.setAttribute("aria-label", label);
  }
  for (const box of all(BOXES)) boxes.add(box), sizes.observe(box);
  for (const box of all("pre:not([tabindex])")) box.setAttribute("tabindex", "0"); // code starts focusable (most excerpts scroll); measured once drawn
};
new MutationObserver((records) => {
  for (const record of records) for (const node of record.addedNodes) if (node instanceof Element) mend(node);
}).observe(document.body, {childList: true, subtree: true});
mend(document.body);
`;

// The course's fonts (scripts/courseFonts.ts, written by `npm run bundle`), as @font-face rules in every page's
// <head>: Framework's stylesheet bundler cannot load font files, so the rules name them where the preview serves
// them (/_file/_build/fonts/) and where the build copies them (dist/_file/_build/fonts/, scripts/finishBuild.ts).
const faces: FontFace[] = existsSync(FONT_MANIFEST) ? JSON.parse(readFileSync(FONT_MANIFEST, "utf-8")) : [];

// Link previews: social cards need absolute URLs; with COURSE_URL set at build time (the address the course
// is served from) they get them, else they stay relative so the build works under any sub-path.
const SITE = process.env.COURSE_URL?.replace(/\/?$/, "/");
const HOME_DESCRIPTION = "An interactive course on how attention lets images, text, audio, tables and molecules query each other, with every figure computed live in your browser by TensorFlow.js.";

// One colour per modality (components/figures/modalityColours.ts), as on the home page's cards: a short bar after each
// chapter's name in the sidebar, one segment per modality it connects.
const sidebarModalities = written
  .filter((chapter) => chapter.modalities?.length)
  .map((chapter) => {
    const colours = chapter.modalities!.map(modalityColour);
    const stops = colours.map((colour, i) => `${colour} ${(100 * i) / colours.length}% ${(100 * (i + 1)) / colours.length}%`).join(", ");
    return `#observablehq-sidebar a[href$="${chapter.slug}.html"]::after{content:"";display:inline-block;width:${0.6 * colours.length}em;height:0.35em;margin-left:0.4em;vertical-align:middle;border-radius:2px;background:linear-gradient(to right, ${stops})}`;
  })
  .join("\n");

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** Each page's <head>: description, link-preview tags, favicon, fonts, and the accessibility mends. */
function head({title, path}: {title: string | null; path: string}): string {
  const up = "../".repeat(path.split("/").length - 2); // from the page to the root: "" or "../"
  const chapter = chapters.find((c) => path === `/chapters/${c.slug}`);
  const description = chapter?.summary ?? (path === "/machine" ? "Which TensorFlow.js backends your browser offers, and how fast attention runs on each." : HOME_DESCRIPTION);
  const image = `${SITE ?? up}${SOCIAL_DIR}/${chapter?.slug ?? "index"}.png`;
  const url = SITE ? `${SITE}${path.slice(1).replace(/^index$/, "")}${path === "/index" ? "" : ".html"}` : undefined;
  const fullTitle = title && title !== "Cross-Modal Attention, live" ? `${title} | Cross-Modal Attention, live` : "Cross-Modal Attention, live";
  return [
    `<meta name="description" content="${escape(description)}">`,
    `<meta property="og:type" content="${chapter ? "article" : "website"}">`,
    `<meta property="og:site_name" content="Cross-Modal Attention, live">`,
    `<meta property="og:title" content="${escape(fullTitle)}">`,
    `<meta property="og:description" content="${escape(description)}">`,
    `<meta property="og:image" content="${image}">`,
    `<meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">`,
    url ? `<meta property="og:url" content="${url}">` : "",
    `<meta name="twitter:card" content="summary_large_image">`,
    `<meta name="twitter:image" content="${image}">`,
    `<script>${REPAIR_QUERY_SCRIPT}</script>`, // before any module: tfjs reads the address as it loads, and a malformed one would stop it
    `<meta name="color-scheme" content="light dark">`,
    `<link rel="icon" href="/favicon.svg" type="image/svg+xml">`,
    `<style>${fontFaceCss(faces, `${up}_file/_build/fonts/`)}\n${sidebarModalities}</style>`,
    `<script type="module">${mendAccessibility}</script>`
  ].filter(Boolean).join("\n");
}

export default {
  root: "src",
  title: "Cross-Modal Attention, live",
  pages: [
    {name: "Chapters", open: true, pages: written.map((chapter) => ({name: `${chapter.number}. ${chapter.title}`, path: `/chapters/${chapter.slug}`}))},
    {name: "Your machine", path: "/machine"}
  ],
  // Hermetic: no Google Fonts (globalStylesheets), no footer link to another site, no telemetry (package.json).
  style: "style.css", // Framework's air and near-midnight themes, light or dark by the reader's system setting
  globalStylesheets: [],
  footer: "Cross-Modal Attention, live — every number on these pages is computed in your browser.",
  head,
  preserveExtension: true, // links end in .html, so any static server and any sub-path work
  cleanUrls: false,
  toc: true,
  pager: true,
  search: false,
  markdownIt: staticTex // fixed formulas drawn by KaTeX at build time, not in the reader's browser
};
