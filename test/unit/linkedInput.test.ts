import assert from "node:assert/strict";
import {test} from "node:test";
import {linkedInput} from "../../components/controls/linkedInput.js";

test("a control's value from a link is read when it is valid and named when it is not", () => {
  assert.deepEqual(linkedInput.number(0, 10, {integer: true})("7"), {value: 7});
  assert.deepEqual(linkedInput.number(0, 10, {integer: true})("7.5"), {problem: "must be a whole number, not 7.5"});
  assert.deepEqual(linkedInput.number(0, 1)("2"), {problem: "must be between 0 and 1, not 2"});
  assert.deepEqual(linkedInput.number(0, 1)("abc"), {problem: 'must be a number, not "abc"'});
  assert.deepEqual(linkedInput.choice([-1, 0, 1])("-1"), {value: -1});
  assert.deepEqual(linkedInput.choice(["left", "closest"])("right"), {problem: 'must be one of left, closest, not "right"'});
  assert.deepEqual(linkedInput.boolean("true"), {value: true});
  assert.deepEqual(linkedInput.boolean("maybe"), {problem: 'must be one of true, false, not "maybe"'});
  assert.deepEqual(linkedInput.choices(["dense", "local", "topk"])("topk,dense"), {value: ["dense", "topk"]});
  assert.deepEqual(linkedInput.choices(["dense", "local"])(""), {value: []});
  assert.deepEqual(linkedInput.choices(["dense", "local"])("dense,sparse"), {problem: 'must list some of dense, local, not "sparse"'});
  assert.deepEqual(linkedInput.text(5)("red cube"), {problem: "must be at most 5 characters, not 8"});
});
