/** Editable cells: compiling a reader's code, naming what is wrong with it, and chapter 12's rule recomputed with an edit. */
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {cellPath} from "../../scripts/codeRegions.js";
import {CellError, cellSource, checkedCell, compileCell} from "../../components/editing/editableCells.js";
import {EDITABLE_CELLS, runEditedCell} from "../../components/editing/runEditedCell.js";
import {simulatePlasticity, type PlasticityRun} from "../../components/chapters/12-plasticity/plasticity.js";
import {useBackend} from "../../components/runtime/runtime.js";

const original = (file: string) => cellSource(readFileSync(cellPath(file), "utf-8"));
const failsWith = (kind: string, pattern: RegExp) => (error: unknown) => error instanceof CellError && error.kind === kind && pattern.test(error.message);

test("a cell file's text is its function, doc comment included, without `export`", () => {
  const text = "// @ts-check\n/** @typedef {number} N */\n\n/**\n * Doubles.\n * @param {N} x\n */\nexport function double(x) {\n  return 2 * x;\n}\n";
  assert.equal(cellSource(text), "/**\n * Doubles.\n * @param {N} x\n */\nfunction double(x) {\n  return 2 * x;\n}");
  assert.equal((compileCell(cellSource(text)) as (x: number) => number)(4), 8);
});

test("code that does not parse, or is not one function, is named as such", () => {
  assert.throws(() => compileCell("function f( {"), failsWith("syntax", /^Your code does not parse: /));
  assert.throws(() => compileCell("42"), failsWith("not-a-function", /one function expression.*not number/));
  assert.throws(() => compileCell("function f() {}; function g() {}"), failsWith("syntax", /parse/));
});

test("an exception in the reader's code is reported with the line of the reader's code it came from", () => {
  const fn = compileCell("function f(x) {\n  const y = x + 1;\n  throw new RangeError(`too big: ${y}`);\n}");
  const checked = checkedCell<[number], number>(fn, () => undefined);
  assert.throws(() => checked(1), failsWith("threw", /^Your code threw RangeError on line 3: too big: 2\.$/));
});

test("a result of the wrong shape is named by the cell's check", () => {
  const fn = compileCell("function f(x) { return [x]; }");
  const checked = checkedCell<[number], number>(fn, (output) => (typeof output === "number" ? undefined : `an array, not a number`));
  assert.throws(() => checked(1), failsWith("shape", /^Your code returned an array, not a number\.$/));
});

test("chapter 12: the rule as the page shows it reproduces the course's simulation exactly, and an edited rule changes it", async () => {
  await useBackend("cpu");
  const rule = original("plasticityRule.js");
  const config = {days: 10};
  const same = (await runEditedCell("plasticity.rule", rule, config)) as {run: PlasticityRun; grid: {regime: string[][]}};
  assert.deepEqual(same.run.soundResponse, simulatePlasticity(config).soundResponse);
  assert.equal(same.grid.regime.length, 32);
  const edited = (await runEditedCell("plasticity.rule", rule.replace("m.mul(meanSquare, 1 / p.rho)", "m.mul(meanSquare, 2 / p.rho)"), config)) as {run: PlasticityRun};
  assert.ok(Math.abs(edited.run.final.thetaM - same.run.final.thetaM) > 0.1, `θ_M ${same.run.final.thetaM} → ${edited.run.final.thetaM}`);
});

test("chapter 12: a rule that loses part of the state, or lets it go NaN, is stopped with a message naming it", async () => {
  const rule = original("plasticityRule.js");
  await assert.rejects(runEditedCell("plasticity.rule", rule.replace("wVL: m.mul(s.wVL, scale), // scaled with w_VA", ""), {days: 5}), failsWith("shape", /a state without wVL/));
  await assert.rejects(runEditedCell("plasticity.rule", rule.replace("m.div(m.sub(m.mul(meanSquare, 1 / p.rho), s.thetaM), p.tauTheta)", "m.div(0, 0)"), {days: 5}), failsWith("shape", /thetaM = NaN: every part of the state must stay a finite number/));
  await assert.rejects(runEditedCell("nope", rule, {}), failsWith("worker", /no editable cell "nope"/));
});

test("every editable cell's source file holds one function that compiles as the page shows it", () => {
  assert.ok(Object.keys(EDITABLE_CELLS).length >= 1);
  for (const [name, {file}] of Object.entries(EDITABLE_CELLS)) assert.equal(typeof compileCell(original(file)), "function", name);
});
