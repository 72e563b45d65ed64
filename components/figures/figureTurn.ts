import {nextTask} from "../runtime/trainingLoop.js";

/**
 * The turn of a figure's cell to draw: `await figureTurn("loss-curves")` at the top of the cell that draws
 * figure "loss-curves". It resolves in a task of its own (so no two figures draw in one long task), and,
 * when the figure is already drawn but far from the screen, only once the reader scrolls near it (or prints).
 * While a chapter trains, each snapshot redraws its figures; a figure the reader cannot see waits and then
 * draws once, with the newest data, instead of being drawn ten times a second for nobody: on a phone, those
 * redraws were most of the time the page's thread was busy (Lighthouse's total blocking time).
 * A figure not drawn yet draws at once, so every figure is on the page from its first result. A cell that asks the
 * worker for more after its turn (chapter 2's clip, chapter 5's trace, chapter 12's ablations) keeps nextTask: one
 * such figure was seen waiting on screen for good after quick changes of settings. A figure whose redraw
 * waits says so in data-redraw="waiting" (the browser tests scroll to a figure and wait for it to go).
 */
const NEAR = "50% 0px"; // "near the screen": within half a screen's height above or below it
const waiting = new Map<string, () => void>(); // figure → how to drop its wait, when a newer redraw replaces it

export function figureTurn(name: string): Promise<void> {
  waiting.get(name)?.(); // the cell ran again before its figure came near: only the newest run draws
  const drawn = document.querySelector(`figure[data-figure="${CSS.escape(name)}"]`);
  if (!drawn) return nextTask();
  return new Promise((resolve) => {
    const observer = new IntersectionObserver((entries) => entries.at(-1)?.isIntersecting && finish(true), {rootMargin: NEAR});
    const print = () => finish(true);
    const finish = (draw: boolean) => {
      observer.disconnect();
      removeEventListener("beforeprint", print);
      if (waiting.get(name) === drop) waiting.delete(name);
      if (draw) resolve(nextTask());
    };
    const drop = () => finish(false);
    waiting.set(name, drop);
    drawn.setAttribute("data-redraw", "waiting"); // gone with this element when the newer figure replaces it
    addEventListener("beforeprint", print);
    observer.observe(drawn);
  });
}
