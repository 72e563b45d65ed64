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
