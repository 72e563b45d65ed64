/**
 * Registers the course's service worker (dist/sw.js, written by scripts/serviceWorker.ts), which
 * precaches every page and asset so the course works offline after one visit.
 */

/** true in the bundle `npm run build` ships, false under `npm run dev` (no sw.js there); set by scripts/bundle.ts. */
declare const SERVICE_WORKER_BUILD: boolean | undefined;

/**
 * Waits this long after the page's load event before registering: the new worker's install fetches and stores
 * the whole course (about 7 MB), which on a phone's few cores and slow network competed with what the page
 * computes and draws as it opens. Registered at the load event, it cost chapter 12 a Lighthouse TBT of 339 ms
 * against 76 ms registered 8 s later, and chapter 13 229 ms against 82 ms (medians of 5 interleaved runs each).
 */
const REGISTER_AFTER_LOAD_MS = 8000;

/**
 * Registers sw.js 8 s after the page has loaded, where the browser has service workers and this is a
 * built site. The default URL is relative to the built module, dist/_import/_build/<page or chunk>.<hash>.js,
 * so the worker's scope is the site's root folder at any sub-path. A refusal (a file:// page, a
 * browser that blocks storage) is caught and stays silent: the page works the same without it.
 */
export function registerServiceWorker(script: URL | string = new URL("../../sw.js", import.meta.url)): void {
  if (typeof SERVICE_WORKER_BUILD === "undefined" || !SERVICE_WORKER_BUILD) return;
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator) || typeof document === "undefined") return;
  const register = () => void navigator.serviceWorker.register(script).catch(() => undefined);
  const later = () => void setTimeout(register, REGISTER_AFTER_LOAD_MS);
  if (document.readyState === "complete") later();
  else addEventListener("load", later, {once: true});
}
