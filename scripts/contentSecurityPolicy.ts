/**
 * A page's Content-Security-Policy, written into its HTML by the build (scripts/finishBuild.ts) as a
 * <meta http-equiv>: scripts, workers, fonts, images and connections only from the site's own origin;
 * Framework's inline scripts by the SHA-256 of their text (computed after the build, so no
 * 'unsafe-inline' for scripts); 'wasm-unsafe-eval' for the WASM backend; blob: workers; inline styles
 * (Plot and KaTeX set style attributes, and the fonts' @font-face rules sit in a <style>). The worker an
 * edited cell runs in is a file of the site (components/editing/cellWorker.ts), not a page, so its `new Function`
 * is not this policy's to forbid.
 *
 * One narrow exception: Observable Inputs builds its elements with htl, which parses `onclick=${fn}` as
 * a placeholder attribute onclick="::3", then removes it and sets the handler as a property. Chrome
 * reports the placeholder as an inline handler, so script-src-attr allows exactly the texts "::0" to
 * "::63" by hash ('unsafe-hashes'): they are not valid JavaScript, so nothing can run through them.
 */
import {createHash} from "node:crypto";

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf-8").digest("base64")}'`;
const HTL_PLACEHOLDERS = Array.from({length: 64}, (_, i) => sha256(`::${i}`));

/** The text of every inline <script> (one without src) in `html`. */
export function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter(([, attributes]) => !/\bsrc\s*=/i.test(attributes)).map(([, , text]) => text);
}

export function contentSecurityPolicy(html: string): string {
  const hashes = [...new Set(inlineScripts(html).map(sha256))];
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`.trim(),
    `script-src-attr 'unsafe-hashes' ${HTL_PLACEHOLDERS.join(" ")}`,
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self' blob: data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'"
  ].join("; ");
}

/** `html` with its policy as the first element of <head>, before any script can run. */
export function withContentSecurityPolicy(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(html)}">`;
  if (/http-equiv="Content-Security-Policy"/i.test(html)) throw new Error("this page has a Content-Security-Policy already");
  if (!/<meta charset="utf-8">/.test(html)) throw new Error("no <meta charset> to put the Content-Security-Policy after");
  return html.replace(/<meta charset="utf-8">/, (charset) => `${charset}\n${meta}`);
}
