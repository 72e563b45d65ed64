import {existsSync, readFileSync} from "node:fs";

interface Chapter {
  number: number;
  slug: string;
  title: string;
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
document.documentElement.lang = "en";
document.getElementById("observablehq-sidebar-toggle")?.setAttribute("aria-label", "Toggle sidebar");
document.getElementById("observablehq-sidebar-close")?.setAttribute("aria-hidden", "true");
const scrolls = (box) => box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
const sizes = new ResizeObserver((entries) => {
  for (const {target} of entries) scrolls(target) ? target.setAttribute("tabindex", "0") : target.removeAttribute("tabindex");
});
const mend = (root) => {
  const all = (selector) => (root.matches(selector) ? [root] : []).concat(...root.querySelectorAll(selector));
  for (const node of all("svg [aria-label]:not([role])")) node.setAttribute("role", "group");
  for (const range of all("input[type=range]:not([aria-label]):not([aria-labelledby])")) {
    const label = range.closest("form")?.querySelector("label")?.textContent;
    if (label) range.setAttribute("aria-label", label);
  }
  for (const box of all("pre, .tex")) sizes.observe(box);
};
new MutationObserver((records) => {
  for (const record of records) for (const node of record.addedNodes) if (node instanceof Element) mend(node);
}).observe(document.body, {childList: true, subtree: true});
mend(document.body);
`;

export default {
  root: "src",
  title: "Cross-Modal Attention, live",
  pages: [{name: "Chapters", open: true, pages: written.map((chapter) => ({name: `${chapter.number}. ${chapter.title}`, path: `/chapters/${chapter.slug}`}))}],
  // Hermetic: no Google Fonts (globalStylesheets), no footer link to another site, no telemetry (package.json).
  style: "style.css", // Framework's air and near-midnight themes, light or dark by the reader's system setting
  globalStylesheets: [],
  footer: "Cross-Modal Attention, live — every number on these pages is computed in your browser.",
  head: `<meta name="color-scheme" content="light dark"><link rel="icon" href="data:,"><script type="module">${mendAccessibility}</script>`, // no favicon request
  preserveExtension: true, // links end in .html, so any static server and any sub-path work
  cleanUrls: false,
  toc: true,
  pager: true,
  search: false
};
