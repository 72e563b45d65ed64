/**
 * The service worker (scripts/serviceWorkerSource.ts, written into dist/ by scripts/serviceWorker.ts):
 * its file list covers every file of a build, its cache version changes with any file, it holds
 * nothing absolute or external, and, run in Node against fake caches and a fake network, it precaches,
 * replaces an old build's cache and answers pages offline under a sub-path.
 */
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {describe, test} from "node:test";
import vm from "node:vm";
import {cacheVersion, serviceWorkerSource, type BuiltFile} from "../../scripts/serviceWorkerSource.js";

const BUILD: BuiltFile[] = [
  {path: "index.html", content: "<h1>home</h1>"},
  {path: "chapters/01-one.html", content: "<h1>one</h1>"},
  {path: "chapters/02-two.html", content: "<h1>two</h1>"},
  {path: "_import/_build/course.1234abcd.js", content: "export const x = 1;"},
  {path: "_file/_build/tfjs-backend-wasm.70a5d516.wasm", content: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])},
  {path: "_import/style.e2d9fb9e.css", content: "body {}"}
];
const changed = (path: string, content: string) => BUILD.map((file) => (file.path === path ? {path, content} : file));
const listed = (source: string): string[] => JSON.parse(source.match(/^const FILES = (.*);$/m)![1]);
const versionOf = (source: string): string => JSON.parse(source.match(/^const VERSION = (.*);$/m)![1]);

describe("the cache version", () => {
  test("is the same for the same files in any order, and changes when any file's contents or name change", () => {
    const version = cacheVersion(BUILD);
    assert.match(version, /^[0-9a-f]{16}$/);
    assert.equal(cacheVersion([...BUILD].reverse()), version);
    assert.notEqual(cacheVersion(changed("chapters/02-two.html", "<h1>two!</h1>")), version, "a changed page");
    assert.notEqual(cacheVersion(changed("_import/style.e2d9fb9e.css", "body{}")), version, "a changed asset");
    assert.notEqual(cacheVersion(BUILD.map((file) => (file.path === "index.html" ? {...file, path: "home.html"} : file))), version, "a renamed file");
    assert.notEqual(cacheVersion(BUILD.slice(1)), version, "a removed file");
    // Paths and contents cannot trade bytes.
    assert.notEqual(cacheVersion([{path: "a", content: "bc"}]), cacheVersion([{path: "ab", content: "c"}]));
  });

  test("a second build with a changed file writes a sw.js with a different version and cache", () => {
    const first = serviceWorkerSource(BUILD);
    const second = serviceWorkerSource(changed("_import/_build/course.1234abcd.js", "export const x = 2;"));
    assert.notEqual(versionOf(first), versionOf(second));
    assert.notEqual(first, second, "the browser sees a new worker script, installs it and drops the old cache");
    assert.equal(serviceWorkerSource([...BUILD].reverse()), first, "the same build writes the same worker");
  });
});

describe("sw.js", () => {
  test("lists every file of the build, relative to its own folder, and holds nothing absolute or external", () => {
    const source = serviceWorkerSource(BUILD);
    assert.deepEqual(listed(source), BUILD.map((file) => file.path).sort());
    for (const path of listed(source)) assert.doesNotMatch(path, /^\/|^[a-z]+:|\.\./i);
    assert.doesNotMatch(source, /https?:|\/\/[a-z0-9]/i, "no URL of any host, this one included");
    assert.doesNotMatch(source, /importScripts|import\s*\(|\bimport\s/, "loads nothing");
  });

  test("refuses a path that is absolute, external or outside dist/", () => {
    for (const path of ["/index.html", "https://cdn.example/x.js", "//cdn.example/x.js", "../secret.html", "chapters/../../x", "a\\b.html"]) {
      assert.throws(() => serviceWorkerSource([{path, content: ""}]), /not a relative path/, path);
    }
  });

  test("scripts/serviceWorker.ts writes dist/sw.js listing every file in dist/ (not itself), and checkDist passes it", () => {
    const dist = mkdtempSync(join(tmpdir(), "dist-"));
    for (const {path, content} of BUILD) {
      mkdirSync(dirname(join(dist, path)), {recursive: true});
      writeFileSync(join(dist, path), content);
    }
    const write = () => {
      const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/serviceWorker.ts", dist], {encoding: "utf-8"});
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /precaches 6 files/);
      return readFileSync(join(dist, "sw.js"), "utf-8");
    };
    const first = write();
    assert.deepEqual(listed(first), BUILD.map((file) => file.path).sort());
    assert.equal(versionOf(first), cacheVersion(BUILD));
    assert.equal(write(), first, "a rerun ignores the sw.js already there");
    writeFileSync(join(dist, "chapters/01-one.html"), "<h1>one, revised</h1>");
    assert.notEqual(versionOf(write()), versionOf(first), "a changed page changes the version");
    const check = spawnSync(process.execPath, ["--import", "tsx", "scripts/checkDist.ts", dist], {encoding: "utf-8"});
    assert.equal(check.status, 0, check.stderr);
  });
});

/** sw.js run in a sandbox with fake Cache Storage and a fake network, as a browser would run it at `scope`. */
function worker(source: string, {scope = "http://127.0.0.1:8000/course/", files = BUILD, caches = new Map<string, Map<string, Response>>()} = {}) {
  const listeners = new Map<string, (event: any) => void>();
  const network = {online: true, requests: [] as {url: string; init?: RequestInit}[], missing: new Set<string>(), redirected: new Set<string>()};
  const state = {skippedWaiting: false, claimed: false};
  const fakeCaches = {
    async open(name: string) {
      if (!caches.has(name)) caches.set(name, new Map());
      const cache = caches.get(name)!;
      return {
        async put(url: string, response: Response) {
          cache.set(url, response);
        },
        async match(url: string) {
          return cache.get(url)?.clone();
        }
      };
    },
    keys: async () => [...caches.keys()],
    delete: async (name: string) => caches.delete(name)
  };
  async function fetch(input: string | {url: string}, init?: RequestInit): Promise<Response> {
    const url = typeof input === "string" ? input : input.url;
    network.requests.push({url, init});
    if (!network.online) throw new TypeError("Failed to fetch");
    const path = url.startsWith(scope) ? url.slice(scope.length) : undefined;
    const file = files.find((f) => f.path === path);
    if (!file || network.missing.has(file.path)) return new Response("not found", {status: 404});
    const response = new Response(typeof file.content === "string" ? file.content : new Uint8Array(file.content), {status: 200, headers: {"content-type": "text/plain", "x-path": file.path}});
    if (network.redirected.has(file.path)) Object.defineProperty(response, "redirected", {value: true});
    return response;
  }
  const self = {
    registration: {scope},
    addEventListener: (type: string, listener: (event: any) => void) => listeners.set(type, listener),
    skipWaiting: async () => void (state.skippedWaiting = true),
    clients: {claim: async () => void (state.claimed = true)}
  };
  vm.runInNewContext(source, {self, caches: fakeCaches, fetch, Response, URL});
  /** Dispatches install or activate and waits for what the worker asked to wait for. */
  async function lifecycle(type: "install" | "activate") {
    let done: Promise<unknown> = Promise.resolve();
    listeners.get(type)!({waitUntil: (promise: Promise<unknown>) => void (done = promise)});
    await done;
  }
  /** Dispatches a fetch; undefined when the worker leaves the request to the browser. */
  function request(url: string, {method = "GET", mode = "cors"} = {}): Promise<Response> | undefined {
    let answer: Promise<Response> | undefined;
    listeners.get("fetch")!({request: {url, method, mode}, respondWith: (response: Promise<Response>) => void (answer = response)});
    return answer;
  }
  return {lifecycle, request, network, state, caches};
}

describe("the worker at work, under a sub-path", () => {
  const scope = "http://127.0.0.1:8000/course/";

  test("install precaches every file from the network (never the HTTP cache) and takes over at once", async () => {
    const sw = worker(serviceWorkerSource(BUILD));
    await sw.lifecycle("install");
    assert.deepEqual(sw.network.requests.map((r) => r.url).sort(), BUILD.map((file) => scope + file.path).sort());
    assert.ok(sw.network.requests.every((r) => r.init?.cache === "no-cache"));
    assert.equal(sw.caches.size, 1);
    const [name, cache] = [...sw.caches][0];
    assert.ok(name.includes(scope) && name.endsWith(cacheVersion(BUILD)), name);
    assert.deepEqual([...cache.keys()].sort(), BUILD.map((file) => scope + file.path).sort());
    assert.ok(sw.state.skippedWaiting);
  });

  test("a file the host does not serve fails the install and leaves no half-filled cache", async () => {
    const sw = worker(serviceWorkerSource(BUILD));
    sw.network.missing.add("chapters/02-two.html");
    await assert.rejects(sw.lifecycle("install"), /could not precache chapters\/02-two.html: HTTP 404/);
    assert.equal(sw.caches.size, 0);
    assert.equal(sw.state.skippedWaiting, false);
  });

  test("a page the host redirected is stored as a plain response, which a navigation accepts", async () => {
    const sw = worker(serviceWorkerSource(BUILD));
    sw.network.redirected.add("chapters/01-one.html");
    await sw.lifecycle("install");
    const cached = [...sw.caches.values()][0].get(scope + "chapters/01-one.html")!;
    assert.equal(cached.redirected, false);
    assert.equal(await cached.clone().text(), "<h1>one</h1>");
  });

  test("offline, every page and asset comes from the cache, with a query, as `page` and as `folder/`", async () => {
    const sw = worker(serviceWorkerSource(BUILD));
    await sw.lifecycle("install");
    await sw.lifecycle("activate");
    assert.ok(sw.state.claimed);
    sw.network.online = false;
    sw.network.requests.length = 0;
    const served = async (url: string, mode = "navigate") => {
      const answer = sw.request(url, {mode});
      assert.ok(answer, `${url} is answered by the worker`);
      return (await answer).headers.get("x-path");
    };
    for (const file of BUILD) assert.equal(await served(scope + file.path, file.path.endsWith(".html") ? "navigate" : "cors"), file.path);
    assert.equal(await served(scope + "chapters/01-one.html?steps=5&seed=3#figure"), "chapters/01-one.html");
    assert.equal(await served(scope + "chapters/02-two"), "chapters/02-two.html");
    assert.equal(await served(scope), "index.html");
    assert.equal(await served(scope + "index"), "index.html");
    assert.equal(await served(scope + "_import/_build/course.1234abcd.js?v=1", "cors"), "_import/_build/course.1234abcd.js");
    assert.deepEqual(sw.network.requests, [], "nothing reached the network");
    // What is not cached goes to the network, which is offline: the browser reports it as for any site.
    await assert.rejects(sw.request(scope + "chapters/99-missing.html", {mode: "navigate"})!, /Failed to fetch/);
    // Not the worker's business: other hosts, other folders of this host, anything but GET.
    assert.equal(sw.request("http://127.0.0.2:8000/course/index.html"), undefined);
    assert.equal(sw.request("http://127.0.0.1:8000/elsewhere/index.html"), undefined);
    assert.equal(sw.request(scope + "index.html", {method: "POST"}), undefined);
  });

  test("a new build's worker replaces the old build's cache and leaves other copies of the site alone", async () => {
    const caches = new Map<string, Map<string, Response>>();
    const otherCopy = worker(serviceWorkerSource(BUILD), {scope: "http://127.0.0.1:8000/other/", caches});
    await otherCopy.lifecycle("install");
    caches.set("someone else's cache", new Map());
    const old = worker(serviceWorkerSource(BUILD), {scope, caches});
    await old.lifecycle("install");
    await old.lifecycle("activate");
    assert.equal(caches.size, 3);
    const build = changed("chapters/02-two.html", "<h1>two, revised</h1>");
    const next = worker(serviceWorkerSource(build), {scope, files: build, caches});
    await next.lifecycle("install");
    assert.equal(caches.size, 4, "the old cache serves until the new worker activates");
    await next.lifecycle("activate");
    const names = [...caches.keys()];
    assert.equal(names.length, 3);
    assert.ok(names.some((name) => name.includes(scope) && name.endsWith(cacheVersion(build))), "the new build's cache");
    assert.ok(!names.some((name) => name.endsWith(cacheVersion(BUILD)) && name.includes(scope)), "the old build's cache is gone");
    assert.ok(names.includes("someone else's cache") && names.some((name) => name.includes("/other/")));
    next.network.online = false;
    assert.equal(await (await next.request(scope + "chapters/02-two.html", {mode: "navigate"}))!.text(), "<h1>two, revised</h1>");
  });
});
