import assert from "node:assert/strict";
import {test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import {returnedText} from "../../components/editing/returnedText.js";

test("what a reader's cell returned is named as a message says it: nothing, null, an array, a string, a tensor by its shape", () => {
  assert.equal(returnedText(undefined), "nothing");
  assert.equal(returnedText(null), "null");
  assert.equal(returnedText([1, 2]), "an array");
  assert.equal(returnedText("x"), "a string");
  assert.equal(returnedText(3), "a number");
  assert.equal(returnedText({}), "an object");
  assert.equal(returnedText(() => 1), "a function");
  tf.tidy(() => {
    assert.equal(returnedText(tf.scalar(1)), "a single number (a [] tensor)");
    assert.equal(returnedText(tf.zeros([4, 2])), "a [4, 2] tensor");
  });
});
