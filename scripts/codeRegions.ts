/**
 * The source the pages show beside their figures: each `// #region name` … `// #endregion` block of
 * the components, keyed "file#name", and each editable cell of components/cells/, keyed
 * "cells/file.js" (loaders/code.json.ts writes them for the pages; the tests read them too).
 */
import {readdirSync, readFileSync} from "node:fs";
import {cellSource} from "../components/editableCells.js";

export function codeRegions(): Record<string, string> {
  const regions: Record<string, string> = {};
  for (const file of readdirSync("components").filter((name) => name.endsWith(".ts"))) {
    const lines = readFileSync(`components/${file}`, "utf-8").split("\n");
    let name: string | undefined;
    let body: string[] = [];
    for (const line of lines) {
      const start = line.match(/^\s*\/\/ #region (\S+)/);
      if (start) [name, body] = [start[1], []];
      else if (/^\s*\/\/ #endregion/.test(line) && name) {
        const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
        regions[`${file}#${name}`] = body.map((l) => l.slice(indent)).join("\n");
        name = undefined;
      } else if (name) body.push(line);
    }
  }
  for (const file of readdirSync("components/cells").filter((name) => name.endsWith(".js"))) {
    regions[`cells/${file}`] = cellSource(readFileSync(`components/cells/${file}`, "utf-8"));
  }
  return regions;
}
