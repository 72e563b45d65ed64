/**
 * The source the pages show beside their figures: each `// #region name` … `// #endregion` block of
 * the components, keyed "file#name" (by file name: they are unique across components/), and each
 * chapter's editable cell (components/chapters/<chapter>/cells/), keyed "cells/file.js"
 * (loaders/code.json.ts writes them for the pages; the tests read them too).
 */
import {readFileSync} from "node:fs";
import {basename} from "node:path";
import {cellSource} from "../components/editing/editableCells.js";
import {filesUnder} from "./filesUnder.js";

/** The path of an editable cell's file, by its name ("bilinearScore.js"): it lives in its chapter's cells/ folder. */
export function cellPath(file: string): string {
  const found = [...filesUnder("components/chapters")].filter((path) => path.endsWith(`/cells/${file}`));
  if (found.length !== 1) throw new Error(`${found.length} cell files named ${file} under components/chapters`);
  return found[0];
}

export function codeRegions(): Record<string, string> {
  const regions: Record<string, string> = {};
  for (const path of filesUnder("components")) {
    if (/\/cells\/[^/]+\.js$/.test(path) && path.startsWith("components/chapters/")) {
      regions[`cells/${basename(path)}`] = cellSource(readFileSync(path, "utf-8"));
      continue;
    }
    if (!path.endsWith(".ts")) continue;
    let name: string | undefined;
    let body: string[] = [];
    for (const line of readFileSync(path, "utf-8").split("\n")) {
      const start = line.match(/^\s*\/\/ #region (\S+)/);
      if (start) [name, body] = [start[1], []];
      else if (/^\s*\/\/ #endregion/.test(line) && name) {
        const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
        const key = `${basename(path)}#${name}`;
        if (key in regions) throw new Error(`two regions named ${key}`);
        regions[key] = body.map((l) => l.slice(indent)).join("\n");
        name = undefined;
      } else if (name) body.push(line);
    }
  }
  return regions;
}
