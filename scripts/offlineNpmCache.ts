/**
 * Framework bundles its client with dynamic imports of optional libraries (npm:react-dom, npm:duckdb,
 * ...) and asks the npm registry for their versions at every build, even when no page uses them.
 * It checks src/.observablehq/cache/_npm/<name>@<version>/ first, so an empty folder per name answers
 * that question offline. Nothing is downloaded into them: a page that really imported `npm:x` would
 * still try, and the build's network guard (scripts/offline.mjs) would fail it.
 */
import {existsSync, mkdirSync, readdirSync, readFileSync, statSync} from "node:fs";
import {join} from "node:path";

const CLIENT = "node_modules/@observablehq/framework/dist/client";
const CACHE = "src/.observablehq/cache/_npm";

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (path.endsWith(".js")) yield path;
  }
}

const names = new Set<string>();
for (const file of files(CLIENT)) {
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
