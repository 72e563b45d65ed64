import {element} from "../controls/element.js";
import {nextTask} from "../runtime/trainingLoop.js";

/**
 * The turn of a figure's cell to draw: `await figureTurn("loss-curves", display)` at the top of the cell that
 * draws figure "loss-curves". It resolves in a task of its own (so no two figures draw in one long task), and only
 * once the figure's place is near the screen (or the page is printed):
 * - A figure not drawn yet holds its place with an empty box of about a figure's height (display shows it where the
 *   figure will be) and draws once the reader scrolls near it. A chapter draws a dozen figures; drawn all at once as
 *   the page loads, far below the screen, they were most of the time a phone's thread was busy (Lighthouse's total
 *   blocking time), for figures nobody could see yet.
 * - While a chapter trains, each snapshot redraws its figures; a figure the reader cannot see waits and then
 *   draws once, with the newest data, instead of being drawn ten times a second for nobody.
 * Printing draws every waiting figure at once, within the beforeprint event, so the PDF has them all.
 * A figure's cell draws at once after its turn: what it draws comes from cells before it (chapter 2's clip, chapter 5's trace and
 * chapter 12's ablations are asked of the worker in a cell of their own). One figure that asked the worker for more after its
 * turn was seen waiting on screen for good after quick changes of settings.
 * A figure that waits says so in data-redraw="waiting", on the figure or on the box holding its place (the browser
 * tests scroll to a figure and wait for it to go).
 * Figures a cell draws side by side or one under the other take one turn together, `figureTurn(["scene", "step-weights"], display)`:
 * one box holds their place (its data-figure-place lists them all), and once drawn they redraw when any of them is
 * near, and each carries data-redraw while they wait.
 */
const NEAR = "50% 0px"; // "near the screen": within half a screen's height above or below it
const waiting = new Map<string, () => void>(); // figure → how to drop its wait, when a newer redraw replaces it

export function figureTurn(figures: string | string[], display: (node: Node) => unknown): Promise<void> {
  const names = [figures].flat();
  const name = names.join(" ");
  waiting.get(name)?.(); // the cell ran again before its figure came near: only the newest run draws
  const drawn = names.flatMap((figure) => [...document.querySelectorAll(`figure[data-figure="${CSS.escape(figure)}"]`)]);
  const place = drawn.length ? undefined : element("div", {class: "figure-place", "data-figure-place": name, "aria-hidden": "true"});
  if (place) display(place); // where the figures will be, in this cell's output
  const watched = place ? [place] : drawn;
  return new Promise((resolve) => {
    const observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && finish("near"), {rootMargin: NEAR});
    const print = () => finish("print");
    const finish = (why: "near" | "print" | "dropped") => {
      observer.disconnect();
      removeEventListener("beforeprint", print);
      if (waiting.get(name) === drop) waiting.delete(name);
      if (why === "dropped") return;
      const drawNow = () => {
        if (place) {
          if (!place.isConnected) return; // the cell ran again within that task, and its newer run holds the place now: this run never draws
          // the box goes when the cell shows the figure beside it, before the browser next paints, so nothing shifts in between
          const shown = new MutationObserver(() => (place.remove(), shown.disconnect()));
          shown.observe(place.parentNode!, {childList: true});
          place.removeAttribute("data-redraw");
        }
        resolve();
      };
      if (why === "print") drawNow(); // the cell draws before the print layout, in this event's microtasks
      else nextTask().then(drawNow);
    };
    const drop = () => finish("dropped");
    waiting.set(name, drop);
    for (const target of watched) {
      target.setAttribute("data-redraw", "waiting"); // gone with this element when the newer figure replaces it
      observer.observe(target);
    }
    addEventListener("beforeprint", print);
  });
}
