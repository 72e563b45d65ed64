/**
 * Registers the course's service worker (dist/sw.js, written by scripts/serviceWorker.ts), which
 * precaches every page and asset so the course works offline after one visit.
 */

/** true in the bundle `npm run build` ships, false under `npm run dev` (no sw.js there); set by scripts/bundle.ts. */
declare const SERVICE_WORKER_BUILD: boolean | undefined;

/**
 * Registers sw.js once the page has loaded, where the browser has service workers and this is a
 * built site. The default URL is relative to the built module, dist/_import/_build/<page or chunk>.<hash>.js,
 * so the worker's scope is the site's root folder at any sub-path. A refusal (a file:// page, a
 * browser that blocks storage) is caught and stays silent: the page works the same without it.
 */
export function registerServiceWorker(script: URL | string = new URL("../../sw.js", import.meta.url)): void {
  if (typeof SERVICE_WORKER_BUILD === "undefined" || !SERVICE_WORKER_BUILD) return;
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator) || typeof document === "undefined") return;
  const register = () => void navigator.serviceWorker.register(script).catch(() => undefined);
  if (document.readyState === "complete") register();
  else addEventListener("load", register, {once: true});
}
