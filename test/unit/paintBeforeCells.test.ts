import assert from "node:assert/strict";
import {after, test} from "node:test";
import {withPaintBeforeCells} from "../../scripts/paintBeforeCells.js";

const CLIENT = "../_observablehq/client.8445c29b.js";
const page = [
  `<link rel="modulepreload" href="${CLIENT}">`,
  '<link rel="modulepreload" href="../_import/_build/page-01-bilinear-handshake.17a7a61e.js">',
  '<link rel="modulepreload" href="../_import/_build/chunk-LILLKAGR.1da6ef9d.js">',
  "<script type=\"module\">",
  `import {define} from "${CLIENT}";`,
  'define({id: "a", inputs: [], body: () => 1});',
  "</script>",
].join("\n");

/** The page's inline module as a function of Framework's define, to run here. */
function inlineModule(html: string): (defineNow: (cell: {body: (...inputs: unknown[]) => unknown}) => void) => void {
  const script = html.slice(html.indexOf('<script type="module">') + '<script type="module">'.length, html.indexOf("</script>"));
  const body = script.replace(`import {define as defineNow} from "${CLIENT}";`, "");
  assert.notEqual(body, script, "the page imports Framework's define under another name");
  const run = new Function("defineNow", "MessageChannel", body);
  return (defineNow) => run(defineNow, ChannelClosedAfterTests);
}

/** A MessageChannel closed when this file's tests end, so that it does not keep the process alive. */
const channels: MessageChannel[] = [];
class ChannelClosedAfterTests extends MessageChannel {
  constructor() {
    super();
    channels.push(this);
  }
}
after(() => channels.forEach(({port1, port2}) => (port1.close(), port2.close())));

test("the page's own modules are not preloaded before its first paint; Framework's client still is", () => {
  const html = withPaintBeforeCells(page);
  assert.doesNotMatch(html, /_import\//);
  assert.match(html, new RegExp(`<link rel="modulepreload" href="${CLIENT.replace(/\./g, "\\.")}">`));
});

test("a cell's run starts in a later task, not in the frame Framework computes it in", async () => {
  const cells: {body: (...inputs: unknown[]) => unknown}[] = [];
  inlineModule(withPaintBeforeCells(page))((cell) => cells.push(cell));
  assert.equal(cells.length, 1);
  const value = cells[0].body();
  for (let i = 0; i < 10; ++i) await Promise.resolve(); // microtasks only: still the same task
  assert.equal(await Promise.race([value, Promise.resolve("not yet")]), "not yet", "the cell ran before a task had passed");
  assert.equal(await value, 1);
});

test("a run overtaken by a newer one before its turn is skipped; the newer one runs with its own inputs", async () => {
  const cells: {body: (...inputs: unknown[]) => unknown}[] = [];
  inlineModule(withPaintBeforeCells(page.replace("body: () => 1", "body: (x) => (globalThis.__runs = (globalThis.__runs ?? []).concat(x), x)")))((cell) => cells.push(cell));
  const first = cells[0].body(1);
  const second = cells[0].body(2);
  assert.deepEqual(await Promise.all([first, second]), [undefined, 2]);
  assert.deepEqual((globalThis as {__runs?: number[]}).__runs, [2]);
});

test("a page without cells is left as it is", () => {
  const plain = '<link rel="modulepreload" href="../_import/x.js"><p>text</p>';
  assert.equal(withPaintBeforeCells(plain), plain);
});
