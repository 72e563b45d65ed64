/**
 * What every page's entry module imports first: the offline copy's service worker. It loads no tfjs: the
 * backends, and tfjs itself, load only when a page asks for them (components/runtime/runtime.ts). A
 * malformed address is repaired before any module runs, by an inline script in every page's <head>
 * (repairQuery.ts, observablehq.config.ts).
 */
import {registerServiceWorker} from "./registerServiceWorker.js";

registerServiceWorker(); // after one visit the course works offline (dist/sw.js)
