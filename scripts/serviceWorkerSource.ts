/**
 * The text of dist/sw.js, the service worker that makes the course work offline after one visit,
 * from the list of files the build wrote (scripts/serviceWorker.ts reads them from dist/).
 *
 * The worker precaches every file on install, under a cache name that ends in a hash of every
 * file's path and contents, so a build that changes anything installs as a new worker with a new
 * cache, takes over at once (skipWaiting, clients.claim) and deletes the old cache. It answers
 * same-origin GETs inside its scope from the cache first, then the network; it never fetches from
 * another host. A navigation to `page` or `folder/`, as some hosts serve pages, finds `page.html` and
 * `folder/index.html`. Every URL is relative to the worker's scope (the folder sw.js sits in), so
 * the site works at a host's root or under any sub-path, and two copies under different sub-paths of
 * one origin keep separate caches.
 */
import {createHash} from "node:crypto";

export interface BuiltFile {
  path: string; // relative to dist/, with forward slashes: "chapters/01-bilinear-handshake.html"
  content: Uint8Array | string;
}

/** 16 hex digits of a SHA-256 over every file's path and contents, in path order. */
export function cacheVersion(files: BuiltFile[]): string {
  const hash = createHash("sha256");
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`${file.path}\0${Buffer.byteLength(file.content)}\0`);
    hash.update(file.content);
  }
  return hash.digest("hex").slice(0, 16);
}

/** sw.js for these files; `path`s must be relative (no leading "/", no scheme, no ".."). */
export function serviceWorkerSource(files: BuiltFile[]): string {
  for (const {path} of files) {
    if (/^[a-z][a-z0-9+.-]*:|^\/|\\|(?:^|\/)\.\.?(?:\/|$)/i.test(path)) throw new Error(`not a relative path inside dist/: ${path}`);
  }
  const paths = files.map((file) => file.path).sort();
  return `// The course's service worker, written by scripts/serviceWorker.ts after the build: do not edit.
"use strict";
const VERSION = ${JSON.stringify(cacheVersion(files))};
const FILES = ${JSON.stringify(paths, null, 0)};
const SCOPE = self.registration.scope; // the folder this file sits in, ending in "/"
const PREFIX = "cross-modal-attention " + SCOPE + " ";
const CACHE = PREFIX + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

async function precache() {
  const cache = await caches.open(CACHE);
  try {
    await Promise.all(FILES.map(async (file) => {
      const url = new URL(file, SCOPE).href;
      const response = await fetch(url, {cache: "no-cache"}); // never a stale copy from the HTTP cache
      if (!response.ok) throw new Error("sw.js could not precache " + file + ": HTTP " + response.status);
      // A host that redirects page.html to page would leave a redirected response, which a navigation refuses.
      await cache.put(url, response.redirected ? new Response(await response.blob(), {status: response.status, statusText: response.statusText, headers: response.headers}) : response);
    }));
  } catch (error) {
    await caches.delete(CACHE); // half a copy is no copy: the next visit tries again
    throw error;
  }
}

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return; // the browser handles it as if there were no worker
  event.respondWith(respond(request));
});

/** The cached copy of a request, its query and fragment ignored (every file is static), else the network. */
async function respond(request) {
  const cache = await caches.open(CACHE);
  for (const url of candidates(request)) {
    const cached = await cache.match(url);
    if (cached) return cached;
  }
  return fetch(request);
}

/** The cache keys a request may be stored under: a navigation to "page" or "folder/" also tries "page.html" and "folder/index.html". */
function candidates(request) {
  const url = new URL(request.url);
  url.search = "";
  url.hash = "";
  const href = url.href;
  if (request.mode !== "navigate") return [href];
  if (href.endsWith("/")) return [href + "index.html"];
  if (href.endsWith(".html")) return [href];
  return [href, href + ".html", href + "/index.html"];
}
`;
}
