/** The checks that keep the site hermetic must themselves be able to fail. */
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {mkdirSync, mkdtempSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";

test("checkDist rejects an external script, a CDN stylesheet, a web font in a page's <style> and an unresolved bare import", () => {
  const dist = mkdtempSync(join(tmpdir(), "dist-"));
  mkdirSync(join(dist, "_npm"));
  writeFileSync(join(dist, "index.html"), '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Source+Serif"><script src="./ok.js"></script><style>@font-face{font-family:"X";src:url("https://fonts.gstatic.com/x.woff2")}</style>');
  writeFileSync(join(dist, "style.css"), '@import "https://cdn.jsdelivr.net/npm/katex/katex.css"; body { background: url(./ok.png); }');
  writeFileSync(join(dist, "_npm", "page.js"), 'import "htl"; import("./local.js"); import "https://cdn.jsdelivr.net/npm/d3/+esm";');
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/checkDist.ts", dist], {encoding: "utf-8"});
  assert.equal(run.status, 1);
  assert.match(run.stderr, /dist check failed \(5\)/);
  assert.match(run.stderr, /stylesheet loads from another host: https:\/\/fonts.gstatic.com/);
  assert.match(run.stderr, /href points to another host: https:\/\/fonts.googleapis.com/);
  assert.match(run.stderr, /stylesheet loads from another host: https:\/\/cdn.jsdelivr.net/);
  assert.match(run.stderr, /bare import left unresolved: htl/);
  assert.match(run.stderr, /imports from another host: https:\/\/cdn.jsdelivr.net\/npm\/d3/);
});

test("checkDist passes a dist with only local references", () => {
  const dist = mkdtempSync(join(tmpdir(), "dist-"));
  writeFileSync(join(dist, "index.html"), '<svg xmlns="http://www.w3.org/2000/svg"></svg><a href="./chapters/one.html">one</a><style>@font-face{font-family:"Inter";src:url("./_file/_build/fonts/inter.woff2") format("woff2")}</style><script type="module">import "./_import/course.js";</script>');
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/checkDist.ts", dist], {encoding: "utf-8"});
  assert.equal(run.status, 0, run.stderr);
});

test("the build's network guard refuses another host and allows this machine", () => {
  const script = `
    const refused = await fetch("https://registry.npmjs.org/htl").then(() => "reached", (e) => e.code ?? e.message);
    const http = await import("node:http");
    const server = http.createServer((q, r) => r.end("ok")).listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const local = await fetch("http://127.0.0.1:" + server.address().port).then((r) => r.text());
    server.close();
    console.log(JSON.stringify({refused, local}));`;
  const run = spawnSync(process.execPath, ["--import", "./scripts/offline.mjs", "--input-type=module", "-e", script], {encoding: "utf-8"});
  const {refused, local} = JSON.parse(run.stdout);
  assert.equal(refused, "EHERMETIC");
  assert.equal(local, "ok");
  assert.equal(run.status, 1, "a refused connection fails the process even when the error is caught");
});
