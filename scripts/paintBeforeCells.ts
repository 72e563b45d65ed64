/**
 * A page paints its text before its code runs. Framework's build asks for every module a page's cells
 * import in the page's <head> (modulepreload) and runs every cell for the first time in one
 * animation-frame callback, before the browser paints anything. On a chapter that kept the page blank
 * while 200–300 KB of script downloaded beside the fonts and 30–60 cells (imports, controls, status
 * lines, first figures) ran in one long task; Lighthouse's mobile run put the first paint of the text,
 * which is the largest paint of every chapter, at 3.6–4.5 s.
 *
 * Here the page's own modules (dist/_import/) are no longer preloaded: the first cell imports them, after
 * the first paint (Framework's client, runtime and standard library, which the cells need to be defined
 * at all, stay preloaded). And each run of a cell starts in a task of its own, so the cells' first runs
 * come after the frame that shows the text, as separate short tasks, and a snapshot of a training run
 * redraws the cells that read it one task at a time rather than in one long one. A run overtaken by a
 * newer one before its turn comes (a control moved twice) is skipped: Framework would discard its value
 * anyway.
 */
const DEFINE_IMPORT = /import \{define\} from "([^"]*\/_observablehq\/client\.[0-9a-f]+\.js)";/;
const PAGE_MODULE_PRELOAD = /<link rel="modulepreload" href="[^"]*\/_import\/[^"]*">\n?/g;

/** The page as above; a page without cells is returned as it is. */
export function withPaintBeforeCells(html: string): string {
  const match = DEFINE_IMPORT.exec(html);
  if (match === null) return html;
  const deferred = [
    `import {define as defineNow} from "${match[1]}";`,
    "const turns = new MessageChannel(); // a task of its own, without setTimeout's 4 ms clamp",
    "const waiting = [];",
    "turns.port1.onmessage = () => waiting.shift()();",
    "const nextTask = () => new Promise((resolve) => { waiting.push(resolve); turns.port2.postMessage(0); });",
    "const define = (cell) => {",
    "  let runs = 0;",
    "  const {body} = cell;",
    "  defineNow({...cell, body(...inputs) {",
    "    const run = ++runs;",
    "    return nextTask().then(() => (run === runs ? body.apply(this, inputs) : undefined));",
    "  }});",
    "};",
  ].join("\n");
  return html.replace(PAGE_MODULE_PRELOAD, "").replace(DEFINE_IMPORT, deferred);
}
