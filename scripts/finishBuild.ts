/**
 * What Framework's build leaves for the course to finish in dist/, before sw.js lists its files and
 * checkDist reads them: the fonts the pages' @font-face rules name (dist/_file/_build/fonts/); in every
 * page, lang="en", a viewport that allows pinch zoom (Framework writes maximum-scale=1), preloads of the
 * fonts its first screen sets in (scripts/fontPreloads.ts), its text painted before its cells run
 * (scripts/paintBeforeCells.ts) and the Content-Security-Policy (scripts/contentSecurityPolicy.ts); and the link-preview pictures
 * (scripts/socialImages.ts).
 * Usage: tsx scripts/finishBuild.ts [dist]
 */
import {cpSync, readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {FONT_DIR} from "./courseFonts.js";
import {filesUnder} from "./filesUnder.js";
import {finishPage} from "./finishPage.js";
import {writeSocialImages} from "./socialImages.js";

const DIST = process.argv[2] ?? "dist";

cpSync(FONT_DIR, join(DIST, "_file/_build/fonts"), {recursive: true});
let count = 0;
for (const page of [...filesUnder(DIST)].filter((path) => path.endsWith(".html"))) {
  writeFileSync(page, finishPage(readFileSync(page, "utf-8")));
  count++;
}
const images = await writeSocialImages(DIST);
console.log(`finished ${count} pages (lang, zoomable viewport, font preloads, paint before cells, Content-Security-Policy), fonts, ${images} link-preview pictures`);
