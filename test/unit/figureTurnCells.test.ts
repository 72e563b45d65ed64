/**
 * A cell that waits for its figure's turn (components/figures/figureTurn.ts) may wait for good: a figure
 * already drawn and far from the screen redraws only when the reader comes near it. Every cell that reads
 * a value such a cell defines waits with it. So a waiting cell must define nothing that a cell which
 * shows something reads (a figure, a notice, a number in the prose): that cell would be stuck on its last
 * value, or never drawn at all. (Chapter 1's probabilities read the loss curves' model labels, and a
 * clean-clone CI run printed the chapter without them: the loss curves had been redrawn once far from
 * the screen before the probabilities' first turn.) A cell that only moves the waiting figure's cursor
 * (`traces.setDay(day);`) shows nothing and may read it.
 * The cells are Framework's own parse of each page (its Markdown and JavaScript parsers).
 */
import assert from "node:assert/strict";
import {readdirSync, readFileSync} from "node:fs";
import {test} from "node:test";
// Framework's parsers, which build the pages: the package has no exports map, so its dist/ modules are importable.
import {createMarkdownIt, parseMarkdown} from "@observablehq/framework/dist/markdown.js";

interface Cell {
  id: string;
  node: {input: string; expression: boolean; declarations: {name: string}[] | null; references: {name: string}[]};
  mode: "block" | "inline" | "jsx";
}

const PAGES = ["index.md", "machine.md", ...readdirSync("src/chapters").map((file) => `chapters/${file}`)].filter((path) => path.endsWith(".md"));
const md = createMarkdownIt();

/** A cell shows something unless it is a block of statements that calls neither display() nor view() (and so has no value to show). */
const showsSomething = (cell: Cell) => cell.mode !== "block" || cell.node.expression || /\b(display|view)\(/.test(cell.node.input);

for (const path of PAGES) {
  test(`${path}: no cell that shows something reads a value defined by a cell waiting for its figure's turn`, () => {
    const {code} = parseMarkdown(readFileSync(`src/${path}`, "utf-8"), {md, path: `/${path}`}) as {code: Cell[]};
    const waiting = code.filter((cell) => /\bfigureTurn\(/.test(cell.node.input));
    const waitingNames = new Map(waiting.flatMap((cell) => (cell.node.declarations ?? []).map((d) => [d.name, cell.node.input.match(/figureTurn\(\[?"([^"]+)"/)?.[1] ?? "?"] as const)));
    const stuck = code
      .filter(showsSomething)
      .flatMap((cell) => cell.node.references.filter((r) => waitingNames.has(r.name)).map((r) => `${cell.mode} cell "${cell.node.input.trim().slice(0, 60)}…" reads ${r.name}, defined where figure ${waitingNames.get(r.name)} waits`));
    assert.deepEqual([...new Set(stuck)], []);
  });
}
