import assert from "node:assert/strict";
import {test} from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {parseBackend, useBackend, withBackend} from "../../components/runtime/runtime.js";

test("parseBackend accepts the four backends in any case and names an unknown one", () => {
  assert.deepEqual(parseBackend("WebGPU"), {request: "webgpu"});
  assert.deepEqual(parseBackend(null), {request: "auto"});
  const unknown = parseBackend("tpu");
  assert.equal(unknown.request, "auto");
  assert.match(unknown.message ?? "", /Unknown backend "tpu"/);
});

test("auto picks WASM when there is no WebGPU adapter (Node without Dawn)", async () => {
  const report = await useBackend("auto");
  assert.equal(report.backend, "wasm");
  assert.equal(report.adapter.available, false);
  assert.equal(tf.getBackend(), "wasm");
});

test("an unknown backend falls back with a message, never a dead runtime", async () => {
  const report = await useBackend("tpu");
  assert.equal(report.backend, "wasm");
  assert.match(report.messages.join(" "), /Unknown backend "tpu"/);
  assert.equal((await tf.add(1, 2).data())[0], 3);
});

test("when setBackend answers false but getBackend still names it, the ladder moves on to a backend that works", async () => {
  // Like WebGPU with no adapter: the factory fails, setBackend resolves false, getBackend keeps the name.
  tf.registerBackend("webgpu", async () => {
    throw new Error("no adapter");
  }, 100);
  try {
    assert.equal(await tf.setBackend("webgpu"), false);
    assert.equal(tf.getBackend(), "webgpu"); // the trap
    const report = await useBackend("webgpu");
    assert.equal(report.backend, "wasm");
    assert.match(report.messages.join(" "), /The requested backend could not run: webgpu failed to initialise/);
    assert.equal(tf.getBackend(), "wasm");
    assert.equal((await tf.mul(2, 3).data())[0], 6);
  } finally {
    tf.removeBackend("webgpu");
  }
});

test("withBackend runs a task on one backend and then restores the previous one", async () => {
  await useBackend("cpu");
  const ran = await withBackend("wasm", async (report) => {
    assert.equal(report.backend, "wasm");
    return tf.getBackend();
  });
  assert.equal(ran, "wasm");
  assert.equal(tf.getBackend(), "cpu");
});
