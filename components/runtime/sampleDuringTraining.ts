import {nextFrame, type TrainingLoop} from "./trainingLoop.js";

/**
 * For Generators.observe: reports `measure()` now, then again every `everySteps` steps while the
 * loop trains and once more when it halts, never running two measurements at once. For figures
 * that evaluate the whole model (sweeps, test accuracy) and are too costly to redo every frame.
 */
export function sampleDuringTraining<T>(loop: TrainingLoop, measure: () => Promise<T>, {everySteps = 25}: {everySteps?: number} = {}) {
  return (notify: (value: T) => void) => {
    let measuredAt = -1;
    let measuredState = "";
    let busy = false;
    let active = true;
    const update = async () => {
      const {step} = loop.trainable;
      const due = measuredAt < 0 || step - measuredAt >= everySteps || (loop.state !== "running" && (step !== measuredAt || loop.state !== measuredState));
      if (busy || !active || !due) return;
      busy = true;
      [measuredAt, measuredState] = [step, loop.state];
      try {
        await nextFrame(); // measure in a task of its own, not in the one that just trained
        if (!active) return;
        const value = await measure();
        if (active) notify(value);
      } catch (error) {
        // A model replaced mid-measurement (a new setting stops the loop and disposes it) has nothing to report.
        if (active && loop.state !== "stopped") throw error;
      } finally {
        busy = false;
      }
      update();
    };
    const unsubscribe = loop.subscribe(() => void update());
    void update();
    return () => {
      active = false;
      unsubscribe();
    };
  };
}
