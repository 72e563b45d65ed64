import assert from "node:assert/strict";
import {test} from "node:test";
import {gaussian, mulberry32, normalArray} from "../../components/runtime/prng.js";

test("mulberry32 repeats its sequence for a seed and changes it with the seed", () => {
  const a = Array.from({length: 5}, mulberry32(7));
  const b = Array.from({length: 5}, mulberry32(7));
  const c = Array.from({length: 5}, mulberry32(8));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  for (const x of a) assert.ok(x >= 0 && x < 1);
});

test("gaussian draws have mean 0 and standard deviation 1 (100,000 draws, 4 standard errors)", () => {
  const random = mulberry32(1);
  const n = 100_000;
  const draws = Array.from({length: n}, () => gaussian(random));
  const mean = draws.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(draws.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  assert.ok(Math.abs(mean) < 4 / Math.sqrt(n), `mean ${mean}`);
  assert.ok(Math.abs(sd - 1) < 4 / Math.sqrt(2 * n), `sd ${sd}`);
});

test("normalArray scales by its standard deviation and is finite", () => {
  const values = normalArray(mulberry32(3), 1000, 0.1);
  assert.equal(values.length, 1000);
  assert.ok(values.every(Number.isFinite));
  const sd = Math.sqrt(values.reduce((s, x) => s + x * x, 0) / values.length);
  assert.ok(sd > 0.08 && sd < 0.12, `sd ${sd}`);
});
