import {element} from "./element.js";
import type {TrainingLoop} from "./trainingLoop.js";

/** Play / pause / step buttons and a status line for a TrainingLoop; they follow its state. */
export function TrainingControls(loop: TrainingLoop): HTMLElement {
  const play = element("button", {type: "button", class: "play"}, "Pause");
  const step = element("button", {type: "button", class: "step"}, "Step");
  const status = element("span", {class: "training-status", "aria-live": "polite"});
  const update = () => {
    const {state, trainable} = loop;
    play.textContent = state === "running" ? "Pause" : "Play";
    play.disabled = state === "done" || state === "stopped" || state === "failed";
    step.disabled = state !== "paused" || trainable.step >= trainable.steps;
    status.textContent = `step ${trainable.step} / ${trainable.steps} · ${state}`;
    status.dataset.state = state;
  };
  play.addEventListener("click", () => (loop.state === "running" ? loop.pause() : loop.play()));
  step.addEventListener("click", () => loop.stepOnce());
  loop.subscribe(update);
  update();
  return element("div", {class: "training-controls"}, play, step, status);
}
