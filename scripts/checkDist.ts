/**
 * Fails the build when dist/ could reach another host or cannot load on its own: an external URL in
 * an HTML attribute, a stylesheet or an import, or a bare module specifier left unresolved
 * (Framework leaves a failed node import as `import("pkg")` and still exits 0).
 */
import {readFileSync} from "node:fs";
import {init, parse} from "es-module-lexer";
import {filesUnder} from "./filesUnder.js";

const DIST = process.argv[2] ?? "dist";
const external = /^(?:https?:)?\/\//i;
const problems: string[] = [];

function checkSpecifier(file: string, specifier: string | undefined) {
  if (specifier === undefined) return; // a computed import(): nothing to check statically
  if (external.test(specifier)) problems.push(`${file}: imports from another host: ${specifier}`);
  else if (!/^(?:\.{1,2}\/|\/|data:|blob:)/.test(specifier)) problems.push(`${file}: bare import left unresolved: ${specifier}`);
}

/** A stylesheet (a file, or a page's <style>, where the fonts are declared) that loads from another host. */
function checkStylesheet(file: string, css: string) {
  for (const [, url] of css.matchAll(/(?:url\(\s*["']?|@import\s+["'])([^"')]+)/g)) {
    if (external.test(url.trim())) problems.push(`${file}: stylesheet loads from another host: ${url}`);
  }
}

await init;
for (const file of filesUnder(DIST)) {
  if (file.endsWith(".html")) {
    const html = readFileSync(file, "utf-8");
    for (const [, attribute, value] of html.matchAll(/\s(src|href|action|srcset|poster|data|formaction)\s*=\s*["']([^"']*)["']/gi)) {
      if (external.test(value.trim())) problems.push(`${file}: ${attribute} points to another host: ${value}`);
    }
    for (const [, style] of html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)) checkStylesheet(file, style);
    for (const [, module] of html.matchAll(/<script type="module"[^>]*>([\s\S]*?)<\/script>/g)) {
      for (const entry of parse(module)[0]) checkSpecifier(file, entry.n);
    }
  } else if (file.endsWith(".css")) {
    checkStylesheet(file, readFileSync(file, "utf-8"));
  } else if (file.endsWith(".js")) {
    for (const entry of parse(readFileSync(file, "utf-8"))[0]) checkSpecifier(file, entry.n);
  }
}

if (problems.length) {
  console.error(`dist check failed (${problems.length}):\n${problems.join("\n")}`);
  process.exit(1);
}
console.log(`dist check: no external URL or bare import in ${DIST}/`);
