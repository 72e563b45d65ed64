import assert from "node:assert/strict";
import {test} from "node:test";
import {repairQuery} from "../../components/runtime/repairQuery.js";

test("a stray % in the page's query becomes %25, so every parameter decodes; valid escapes are left alone", () => {
  assert.equal(repairQuery("?cell.x=%%%"), "?cell.x=%25%25%25");
  assert.equal(repairQuery("?a=50%&b=%2"), "?a=50%25&b=%252");
  assert.equal(repairQuery("?steps=10&name=%C3%A9%20x"), "?steps=10&name=%C3%A9%20x");
  for (const search of ["?cell.x=%%%", "?a=50%&b=%2", "?q=%zz%4"]) {
    for (const part of repairQuery(search).slice(1).split("&")) assert.doesNotThrow(() => decodeURIComponent(part));
  }
  assert.equal(repairQuery(""), "");
});

test("the inline script every page's head runs before any module puts the repaired query in the address, with no new history entry", async () => {
  const {REPAIR_QUERY_SCRIPT} = await import("../../components/runtime/repairQuery.js");
  const replaced: string[] = [];
  const location = {pathname: "/course/chapters/12-plasticity.html", search: "?cell.x=%%%", hash: "#f"};
  const history = {state: null, replaceState: (_: unknown, __: string, url: string) => replaced.push(url)};
  new Function("location", "history", REPAIR_QUERY_SCRIPT)(location, history);
  assert.deepEqual(replaced, ["/course/chapters/12-plasticity.html?cell.x=%25%25%25#f"]);
  location.search = "?a=%20";
  new Function("location", "history", REPAIR_QUERY_SCRIPT)(location, history);
  assert.equal(replaced.length, 1, "a valid query is left alone");
});
