import {element} from "./element.js";
import type {TrainingLoop} from "../runtime/trainingLoop.js";

/**
 * Play / pause / step / stop buttons, a progress bar and a status line for a TrainingLoop; they
 * follow its state. `detail` adds a few words to the status line after every chunk (the latest
 * loss, say). Stop ends the run for good and keeps what it drew; a new setting starts a new one.
 */
export function TrainingControls(loop: TrainingLoop, {detail}: {detail?: () => string} = {}): HTMLElement {
  const play = element("button", {type: "button", class: "play"}, "Pause");
  const step = element("button", {type: "button", class: "step"}, "Step");
  const stop = element("button", {type: "button", class: "stop"}, "Stop");
  const bar = element("progress", {max: loop.trainable.steps, value: loop.trainable.step, "aria-label": "training progress"});
  const status = element("span", {class: "training-status", "aria-live": "polite"});
  const update = () => {
    const {state, trainable} = loop;
    const ended = state === "done" || state === "stopped" || state === "failed";
    play.textContent = state === "running" ? "Pause" : "Play";
    play.disabled = ended;
    step.disabled = state !== "paused" || trainable.step >= trainable.steps;
    stop.disabled = ended;
    bar.max = trainable.steps;
    bar.value = trainable.step;
    const more = detail && trainable.step > 0 ? detail() : "";
    status.textContent = `step ${trainable.step} / ${trainable.steps} · ${state}${more ? ` · ${more}` : ""}`;
    status.dataset.state = state;
  };
  play.addEventListener("click", () => (loop.state === "running" ? loop.pause() : loop.play()));
  step.addEventListener("click", () => loop.stepOnce());
  stop.addEventListener("click", () => {
    loop.stop();
    update(); // stop() lets go of every listener, this one too
  });
  loop.subscribe(update);
  update();
  return element("div", {class: "training-controls"}, play, step, stop, bar, status);
}
