import assert from "node:assert/strict";
import {createHash} from "node:crypto";
import {test} from "node:test";
import {contentSecurityPolicy, inlineScripts} from "../../scripts/contentSecurityPolicy.js";
import {finishPage} from "../../scripts/finishPage.js";

const PAGE = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">
<script type="module">import {define} from "./client.js";</script>
<script src="./other.js"></script>
<script>document.body.dataset.x = 1;</script>
</head>
<body></body>
</html>`;

const directive = (policy: string, name: string) => policy.split("; ").find((d) => d.startsWith(`${name} `))?.split(" ").slice(1) ?? [];

test("a finished page allows pinch zoom, says it is English and carries its policy before any script", () => {
  const html = finishPage(PAGE);
  assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
  assert.match(html, /^<!DOCTYPE html>\s*<html lang="en">/);
  assert.ok(html.indexOf('http-equiv="Content-Security-Policy"') < html.indexOf("<script"), "the policy comes before the first script");
  assert.throws(() => finishPage(html), /already/, "a page is finished once");
});

test("the policy allows exactly the page's inline scripts, by their SHA-256, and no unsafe-inline or eval", () => {
  assert.deepEqual(inlineScripts(PAGE), ['import {define} from "./client.js";', "document.body.dataset.x = 1;"]);
  const policy = contentSecurityPolicy(PAGE);
  const scripts = directive(policy, "script-src");
  for (const text of inlineScripts(PAGE)) assert.ok(scripts.includes(`'sha256-${createHash("sha256").update(text).digest("base64")}'`), `hash of ${text}`);
  assert.equal(scripts.filter((source) => source.startsWith("'sha256-")).length, 2);
  assert.ok(scripts.includes("'self'") && scripts.includes("'wasm-unsafe-eval'"));
  assert.ok(!scripts.includes("'unsafe-inline'") && !scripts.includes("'unsafe-eval'"));
  assert.deepEqual(directive(policy, "default-src"), ["'self'"]);
  assert.deepEqual(directive(policy, "worker-src"), ["'self'", "blob:"]);
  assert.deepEqual(directive(policy, "object-src"), ["'none'"]);
  assert.ok(!/https?:/.test(policy), "no other host");
});

test("inline handlers are allowed only as htl's placeholders, which are not JavaScript", () => {
  const attributes = directive(contentSecurityPolicy(PAGE), "script-src-attr");
  assert.equal(attributes[0], "'unsafe-hashes'");
  assert.ok(attributes.includes(`'sha256-${createHash("sha256").update("::3").digest("base64")}'`));
  assert.ok(!attributes.includes(`'sha256-${createHash("sha256").update("alert(1)").digest("base64")}'`));
  assert.throws(() => new Function("::3"), SyntaxError);
});
