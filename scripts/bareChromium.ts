/**
 * Chromium driven over a bare DevTools-protocol connection, for `npm run bench`'s timings: it opens a tab in a fresh
 * browser context, adds a script to every document, navigates, and waits for one promise the page resolves. It follows
 * nothing else. Playwright, which drives every test, follows each request, response, console message and frame of
 * the page it drives, in the browser and in Node; on this two-core machine that bookkeeping ran beside the page as
 * it loaded. On 2026-12-07, WASM, medians of 5 interleaved navigations each way, the first training step of
 * chapter 1 came at 537 ms driven this way against 666 ms driven by Playwright, chapter 2's at 520 against 650 ms,
 * chapter 11's at 511 against 672 ms, and chapter 7's first figures at 557 against 684 ms. A reader's browser has
 * no driver. Chromium starts with the switches Playwright gives it
 * (read from Playwright itself, so the two stay alike) and launchChromium's, and is spoken to over a pipe, as Playwright does.
 */
import {spawn, type ChildProcess} from "node:child_process";
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {chromium} from "playwright-core";
import type {Readable, Writable} from "node:stream";
import {CHROMIUM, chromiumArgs} from "../test/browser/launchChromium.js";

export interface BareTab {
  /** The value of `expression` in the page; a promise it gives is awaited, for at most `timeout` ms. */
  evaluate<T>(expression: string, timeout?: number): Promise<T>;
  close(): Promise<void>;
}

export interface BareChromium {
  /** A new tab in a browser context of its own (empty cache, no service worker), `script` added to each of its documents, at `url` once its load event fired. */
  open(url: string, {script, width, height}: {script: string; width?: number; height?: number}): Promise<BareTab>;
  close(): Promise<void>;
}

/** As Playwright's `serviceWorkers: "block"`: a first visit's timings without the offline copy installing beside them (the course ignores the refusal). */
const BLOCK_SERVICE_WORKERS = `if (typeof ServiceWorkerContainer !== "undefined") Object.defineProperty(ServiceWorkerContainer.prototype, "register", {value: () => Promise.reject(new DOMException("blocked by the bench", "SecurityError"))});`;

/** Playwright's own switches for Chromium, from the process its launchServer starts, without its pipe and profile. */
async function playwrightSwitches(args: readonly string[]): Promise<string[]> {
  const server = await chromium.launchServer({executablePath: CHROMIUM, args: [...args]});
  const spawned = server.process().spawnargs.slice(1);
  await server.close();
  return spawned.filter((arg) => arg.startsWith("--") && arg !== "--remote-debugging-pipe" && !arg.startsWith("--user-data-dir="));
}

export async function launchBareChromium(args: readonly string[] = []): Promise<BareChromium> {
  const profile = mkdtempSync(join(tmpdir(), "bare-chromium-"));
  const switches = await playwrightSwitches(chromiumArgs(args));
  // --remote-debugging-pipe, as Playwright: the browser reads NUL-terminated JSON messages on its fd 3 and writes them on its fd 4
  const browser: ChildProcess = spawn(CHROMIUM, [...switches, `--user-data-dir=${profile}`, "--remote-debugging-pipe"], {stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"]});
  const toBrowser = browser.stdio[3] as Writable;
  const fromBrowser = browser.stdio[4] as Readable;
  let nextId = 1;
  const replies = new Map<number, {resolve: (value: any) => void; reject: (error: Error) => void}>();
  const events = new Map<string, () => void>(); // "sessionId method" → its one waiter
  let pending = "";
  fromBrowser.setEncoding("utf8"); // a character split between two chunks is joined
  fromBrowser.on("data", (chunk: string) => {
    const parts = (pending + chunk).split("\0");
    pending = parts.pop()!;
    for (const part of parts) receive(JSON.parse(part));
  });
  const receive = (message: any) => {
    if (message.id !== undefined) {
      const waiting = replies.get(message.id);
      replies.delete(message.id);
      if (message.error) waiting?.reject(new Error(`${message.error.message} ${message.error.data ?? ""}`));
      else waiting?.resolve(message.result);
    } else if (message.method) {
      const key = `${message.sessionId} ${message.method}`;
      events.get(key)?.();
      events.delete(key);
    }
  };
  const send = (method: string, params: object = {}, sessionId?: string): Promise<any> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      replies.set(id, {resolve, reject});
      toBrowser.write(`${JSON.stringify({id, method, params, ...(sessionId ? {sessionId} : {})})}\0`);
    });
  const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
    let timer: NodeJS.Timeout;
    return Promise.race([promise, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
  };
  return {
    async open(url, {script, width = 1280, height = 720}) {
      const {browserContextId} = await send("Target.createBrowserContext");
      const {targetId} = await send("Target.createTarget", {url: "about:blank", browserContextId});
      const {sessionId} = await send("Target.attachToTarget", {targetId, flatten: true});
      await send("Page.enable", {}, sessionId);
      await send("Emulation.setDeviceMetricsOverride", {width, height, deviceScaleFactor: 1, mobile: false}, sessionId); // Playwright's default viewport
      await send("Page.addScriptToEvaluateOnNewDocument", {source: `${BLOCK_SERVICE_WORKERS}\n${script}`}, sessionId);
      const loaded = new Promise<void>((resolve) => events.set(`${sessionId} Page.loadEventFired`, resolve));
      await send("Page.navigate", {url}, sessionId);
      await within(loaded, 60_000, `loading ${url}`);
      return {
        async evaluate<T>(expression: string, timeout = 60_000) {
          const {result, exceptionDetails} = await within(send("Runtime.evaluate", {expression, awaitPromise: true, returnByValue: true}, sessionId), timeout, expression);
          if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
          return result.value as T;
        },
        close: () => send("Target.disposeBrowserContext", {browserContextId})
      };
    },
    async close() {
      await send("Browser.close").catch(() => undefined);
      await new Promise((resolve) => (browser.exitCode !== null ? resolve(undefined) : browser.once("exit", resolve)));
      rmSync(profile, {recursive: true, force: true});
    }
  };
}
