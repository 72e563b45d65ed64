// Packages that ship no TypeScript types; the course uses them from pages (and Framework's parser from one test).
declare module "htl" {
  export const html: (strings: TemplateStringsArray, ...values: unknown[]) => HTMLElement;
  export const svg: (strings: TemplateStringsArray, ...values: unknown[]) => SVGElement;
}
declare module "@observablehq/inputs" {
  const Inputs: Record<string, (...args: any[]) => HTMLElement>;
  export = Inputs;
}
declare module "subset-font" {
  /** A copy of `font` keeping only the glyphs of `text` (harfbuzz, in WebAssembly): scripts/courseFonts.ts. */
  export default function subsetFont(font: Uint8Array, text: string, options?: {targetFormat?: "sfnt" | "woff" | "woff2"}): Promise<Uint8Array>;
}
declare module "@observablehq/framework/dist/markdown.js" {
  /** Framework's Markdown parser, as its build parses a page: test/unit/figureTurnCells.test.ts reads each page's cells with it. */
  export function createMarkdownIt(): unknown;
  export function parseMarkdown(input: string, options: {md: unknown; path: string}): {code: unknown[]};
}
