/**
 * Framework bundles its client with dynamic imports of optional libraries (npm:react-dom, npm:duckdb,
 * ...) and asks the npm registry for their versions at every build, even when no page uses them.
 * It checks src/.observablehq/cache/_npm/<name>@<version>/ first, so an empty folder per name answers
 * that question offline. Nothing is downloaded into them: a page that really imported `npm:x` would
 * still try, and the build's network guard (scripts/offline.mjs) would fail it.
 */
import {existsSync, mkdirSync, readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {filesUnder} from "./filesUnder.js";

const CLIENT = "node_modules/@observablehq/framework/dist/client";
const CACHE = "src/.observablehq/cache/_npm";

const names = new Set<string>();
for (const file of [...filesUnder(CLIENT)].filter((path) => path.endsWith(".js"))) {
  for (const [, specifier] of readFileSync(file, "utf-8").matchAll(/["']npm:((?:@[\w.-]+\/)?[\w.-]+)/g)) names.add(specifier);
}

for (const name of names) {
  const installed = join("node_modules", name, "package.json");
  const version = existsSync(installed) ? JSON.parse(readFileSync(installed, "utf-8")).version : "0.0.0-not-installed";
  const prefix = join(CACHE, `${name}@`);
  const parent = join(prefix, "..");
  const present = existsSync(parent) && readdirSync(parent).some((entry) => join(parent, entry).startsWith(prefix));
  if (!present) mkdirSync(`${prefix}${version}`, {recursive: true});
}
