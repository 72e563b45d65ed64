/**
 * The course's own type, shipped from npm so every reader's machine draws the same letters: Source
 * Serif 4 for prose, Inter for controls and figure labels, JetBrains Mono for code (@fontsource, the
 * Latin, Latin Extended and Greek subsets, split by unicode-range so a browser fetches only the subsets
 * a page uses), "Course Symbols" (DejaVu Sans cut down to the arrows, operators, sub- and superscripts
 * the course's text uses, which the three faces lack) and KaTeX's own fonts for formulas. woff2 only.
 *
 * writeCourseFonts() copies them into src/_build/fonts/, writes the manifest the pages' <head> turns
 * into @font-face rules (fontFaceCss, observablehq.config.ts) and src/_build/katex.css (KaTeX's
 * stylesheet without its @font-face rules, which style.css imports).
 */
import {copyFileSync, mkdirSync, readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import subsetFont from "subset-font";
import {filesUnder} from "./filesUnder.js";

export interface FontFace {
  family: string;
  style: "normal" | "italic";
  weight: number;
  file: string; // in src/_build/fonts/
  unicodeRange?: string;
}

export const BUILD = "src/_build";
export const FONT_DIR = `${BUILD}/fonts`;
export const FONT_MANIFEST = `${BUILD}/fonts.json`;

/** The faces of each family: [weight, style]. Bold italic and the mono's bold are synthesised from these. */
const FAMILIES = [
  {family: "Source Serif 4", package: "source-serif-4", faces: [[400, "normal"], [400, "italic"], [700, "normal"]], subsets: ["latin", "latin-ext", "greek"]},
  {family: "Inter", package: "inter", faces: [[400, "normal"], [700, "normal"]], subsets: ["latin", "latin-ext", "greek"]},
  {family: "JetBrains Mono", package: "jetbrains-mono", faces: [[400, "normal"]], subsets: ["latin", "latin-ext", "greek"]}
] as const;
const SYMBOLS = {family: "Course Symbols", source: "node_modules/@fontsource/dejavu-sans/files/dejavu-sans-latin-400-normal.woff2", file: "course-symbols-400-normal.woff2"};

/** Characters the three text faces lack: sub- and superscripts, arrows, operators, shapes, marks. */
const SYMBOL_BLOCKS: [number, number][] = [
  [0x1d00, 0x1dbf], [0x2010, 0x206f], [0x2070, 0x209f], [0x2100, 0x214f], [0x2190, 0x21ff], [0x2200, 0x22ff],
  [0x2300, 0x23ff], [0x25a0, 0x25ff], [0x2600, 0x26ff], [0x2700, 0x27bf], [0x27c0, 0x27ef], [0x2a00, 0x2aff]
];

/** Text Framework itself draws: the ↻ of a cell that has not run yet (observablehq-loading::before, in its inspector.css). */
const FRAMEWORK_TEXT = "\u21bb";

/** Every file whose text can reach a page: the pages, the chapter list, the components (labels, captions) and the cells, and Framework's own. */
function courseText(): string {
  const read = (dir: string, pattern: RegExp) => [...filesUnder(dir)].filter((path) => pattern.test(path) && !/\/[_.]/.test(path)).map((path) => readFileSync(path, "utf-8")); // not src/_build or src/.observablehq
  return [...read("src", /\.md$/), ...read("components", /\.(ts|js)$/), readFileSync("data/chapters.json", "utf-8"), FRAMEWORK_TEXT].join("");
}

/** The symbols the course's text uses, sorted: what "Course Symbols" keeps of DejaVu Sans. */
export function courseSymbols(text: string): string[] {
  const inBlocks = (code: number) => SYMBOL_BLOCKS.some(([low, high]) => code >= low && code <= high);
  return [...new Set(Array.from(text).filter((char) => inBlocks(char.codePointAt(0)!)))].sort();
}

/** unicode-range for a set of characters, one code point each. */
function unicodeRange(chars: string[]): string {
  return chars.map((char) => `U+${char.codePointAt(0)!.toString(16).toUpperCase()}`).join(",");
}

/** The @font-face rules of a fontsource stylesheet: subset name, woff2 file and unicode-range. */
function fontsourceFaces(css: string): {subset: string; file: string; unicodeRange: string}[] {
  return [...css.matchAll(/\/\* ([\w-]+) \*\/\s*@font-face\s*{([^}]*)}/g)].map(([, name, body]) => ({
    subset: name,
    file: /url\(\.\/files\/([^)]+\.woff2)\)/.exec(body)![1],
    unicodeRange: /unicode-range:\s*([^;]+);/.exec(body)![1].trim()
  }));
}

/** Writes the fonts into `out`/fonts/, their manifest `out`/fonts.json and `out`/katex.css; returns the faces. */
export async function writeCourseFonts(out = BUILD): Promise<FontFace[]> {
  const fonts = join(out, "fonts");
  mkdirSync(fonts, {recursive: true});
  const faces: FontFace[] = [];
  for (const {family, package: name, faces: wanted, subsets} of FAMILIES) {
    const root = `node_modules/@fontsource/${name}`;
    for (const [weight, style] of wanted) {
      const css = readFileSync(`${root}/${weight}${style === "italic" ? "-italic" : ""}.css`, "utf-8");
      for (const face of fontsourceFaces(css)) {
        if (!subsets.some((subset) => face.subset === `${name}-${subset}-${weight}-${style}`)) continue;
        copyFileSync(`${root}/files/${face.file}`, join(fonts, face.file));
        faces.push({family, style, weight, file: face.file, unicodeRange: face.unicodeRange});
      }
    }
  }

  const symbols = courseSymbols(courseText());
  writeFileSync(join(fonts, SYMBOLS.file), await subsetFont(readFileSync(SYMBOLS.source), symbols.join(""), {targetFormat: "woff2"}));
  faces.push({family: SYMBOLS.family, style: "normal", weight: 400, file: SYMBOLS.file, unicodeRange: unicodeRange(symbols)});

  const katex = readFileSync("node_modules/katex/dist/katex.min.css", "utf-8");
  for (const [rule] of katex.matchAll(/@font-face\s*{[^}]*}/g)) {
    const family = /font-family:\s*([^;]+);/.exec(rule)![1].trim();
    const file = /url\(fonts\/([^)]+\.woff2)\)/.exec(rule)![1];
    copyFileSync(`node_modules/katex/dist/fonts/${file}`, join(fonts, file));
    faces.push({family, style: /font-style:\s*italic/.test(rule) ? "italic" : "normal", weight: Number(/font-weight:\s*(\d+)/.exec(rule)![1]), file});
  }
  writeFileSync(join(out, "katex.css"), katex.replace(/@font-face\s*{[^}]*}/g, ""));
  writeFileSync(join(out, "fonts.json"), JSON.stringify(faces, null, 1));
  return faces;
}

/** @font-face rules for `faces`, their files under `base` (the page's relative way to src/_build/fonts/). */
export function fontFaceCss(faces: FontFace[], base: string): string {
  return faces
    .map(({family, style, weight, file, unicodeRange}) =>
      `@font-face{font-family:"${family}";font-style:${style};font-weight:${weight};font-display:swap;src:url("${base}${file}") format("woff2")${unicodeRange ? `;unicode-range:${unicodeRange}` : ""}}`
    )
    .join("\n");
}
