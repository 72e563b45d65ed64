/**
 * A plain static file server for dist/, mounted under a sub-path (as on a project page of a static
 * host), on 127.0.0.1 and a free port. No special headers: the site must work without them. With
 * `gzip`, text is sent compressed to a client that accepts it, as a real static host does (Lighthouse).
 */
import {createReadStream, existsSync, statSync} from "node:fs";
import {createServer, type Server} from "node:http";
import {extname, join, normalize} from "node:path";
import {createGzip} from "node:zlib";

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

export async function serveStatic(root: string, subPath = "/course/", {gzip = false} = {}): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (!url.pathname.startsWith(subPath)) {
      response.writeHead(404).end("not under the site's sub-path");
      return;
    }
    let path = normalize(join(root, decodeURIComponent(url.pathname.slice(subPath.length))));
    if (!path.startsWith(normalize(root))) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, "index.html");
    if (!existsSync(path)) {
      response.writeHead(404).end("not found");
      return;
    }
    const type = TYPES[extname(path)] ?? "application/octet-stream";
    if (gzip && COMPRESSIBLE.has(extname(path)) && /\bgzip\b/.test(String(request.headers["accept-encoding"]))) {
      response.writeHead(200, {"content-type": type, "content-encoding": "gzip", vary: "accept-encoding"});
      createReadStream(path).pipe(createGzip()).pipe(response);
    } else {
      response.writeHead(200, {"content-type": type});
      createReadStream(path).pipe(response);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  const origin = `http://127.0.0.1:${address.port}`;
  return {origin, base: `${origin}${subPath}`, close: () => new Promise((resolve) => server.close(() => resolve()))};
}
