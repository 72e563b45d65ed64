/** TrainingLoop: a pause reported while a chunk of steps is still in flight holds at the step it reports. */
import assert from "node:assert/strict";
import {test} from "node:test";
import {TrainingLoop, type Trainable} from "../../components/runtime/trainingLoop.js";

/** A trainable whose chunks take `ms` each, as a worker's do. */
class SlowTrainable implements Trainable {
  step = 0;
  readonly steps = 1000;
  constructor(private readonly ms: number) {}
  async advance(count: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.ms));
    this.step += count;
  }
}

test("paused is reported only with the step the run holds still at, even when a chunk was in flight", async () => {
  const trainable = new SlowTrainable(30);
  const loop = new TrainingLoop(trainable, {frameBudgetMs: 30});
  const reports: {state: string; step: number}[] = [];
  loop.subscribe(() => reports.push({state: loop.state, step: trainable.step}));
  const running = loop.play();
  await new Promise((resolve) => setTimeout(resolve, 100));
  loop.pause(); // a chunk is in flight now
  await running;
  const held = trainable.step;
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(trainable.step, held, "a paused run takes no steps");
  const paused = reports.filter((report) => report.state === "paused");
  assert.ok(paused.length > 0, "the pause is reported");
  for (const report of paused) assert.equal(report.step, held, `reported paused at step ${report.step}, held at ${held}`);
  loop.stop();
});
