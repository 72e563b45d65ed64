/**
 * A plain static file server for dist/, mounted under a sub-path (as on a project page of a static
 * host), on 127.0.0.1 and a free port. No special headers: the site must work without them. With
 * `gzip`, text is sent compressed to a client that accepts it, as a real static host does (Lighthouse).
 *
 * Every file is read, and with `gzip` compressed, once, when the server starts; a request only writes
 * bytes already in memory. The server shares this machine's two cores with the browser it serves, and a
 * real host's reading and compressing never runs on the reader's processor: compressing each file again
 * for every request (as this server did until 2026-12-07) took CPU from the page while it loaded, and
 * Lighthouse's slower-CPU simulation multiplies every task the page ran by four.
 */
import {readFileSync} from "node:fs";
import {createServer, type Server} from "node:http";
import {extname, relative, sep} from "node:path";
import {gzipSync} from "node:zlib";
import {filesUnder} from "../../scripts/filesUnder.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".txt": "text/plain"
};
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".wasm", ".svg", ".txt"]);

export interface StaticServer {
  origin: string; // http://127.0.0.1:port
  base: string; // origin + sub-path, ending in /
  close(): Promise<void>;
}

interface File {
  type: string;
  body: Buffer;
  gzipped?: Buffer;
}

export async function serveStatic(root: string, subPath = "/course/", {gzip = false} = {}): Promise<StaticServer> {
  const files = new Map<string, File>(); // by URL path under the sub-path: "chapters/01-bilinear-handshake.html"
  for (const path of filesUnder(root)) {
    const body = readFileSync(path);
    const compress = gzip && COMPRESSIBLE.has(extname(path));
    files.set(relative(root, path).split(sep).join("/"), {type: TYPES[extname(path)] ?? "application/octet-stream", body, ...(compress ? {gzipped: gzipSync(body)} : {})});
  }
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (!url.pathname.startsWith(subPath)) {
      response.writeHead(404).end("not under the site's sub-path");
      return;
    }
    const name = decodeURIComponent(url.pathname.slice(subPath.length));
    const file = files.get(name) ?? files.get(`${name}${name === "" || name.endsWith("/") ? "" : "/"}index.html`);
    if (!file) {
      response.writeHead(404).end("not found");
      return;
    }
    if (file.gzipped && /\bgzip\b/.test(String(request.headers["accept-encoding"]))) {
      response.writeHead(200, {"content-type": file.type, "content-encoding": "gzip", vary: "accept-encoding"}).end(file.gzipped);
    } else {
      response.writeHead(200, {"content-type": file.type}).end(file.body);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  const origin = `http://127.0.0.1:${address.port}`;
  return {origin, base: `${origin}${subPath}`, close: () => new Promise((resolve) => server.close(() => resolve()))};
}
