/**
 * Writes dist/sw.js (scripts/serviceWorkerSource.ts), the service worker that precaches every file
 * of the build so the course works offline after one visit. It runs after Framework's build, which
 * hashes and moves the files it copies, and sits at the root of dist/ so its scope covers every page.
 * Usage: tsx scripts/serviceWorker.ts [dist]
 */
import {readFileSync, writeFileSync} from "node:fs";
import {join, relative, sep} from "node:path";
import {filesUnder} from "./filesUnder.js";
import {serviceWorkerSource, type BuiltFile} from "./serviceWorkerSource.js";

const DIST = process.argv[2] ?? "dist";
const WORKER = "sw.js";

const built: BuiltFile[] = [];
for (const file of filesUnder(DIST)) {
  const path = relative(DIST, file).split(sep).join("/");
  if (path !== WORKER) built.push({path, content: readFileSync(file)});
}
writeFileSync(join(DIST, WORKER), serviceWorkerSource(built));
const bytes = built.reduce((sum, file) => sum + file.content.length, 0);
console.log(`service worker: ${DIST}/${WORKER} precaches ${built.length} files (${(bytes / 1e6).toFixed(1)} MB)`);
