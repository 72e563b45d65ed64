import {element} from "../../controls/element.js";

export interface DayScrubberOptions {
  value?: number; // the day shown first (default: the last)
  daysPerSecond?: number; // playing speed
  label?: string;
}

/** Whether the reader's system asks for reduced motion. */
export function prefersReducedMotion(): boolean {
  return typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;
}

/**
 * A day scrubber with play / pause: its value is the day shown, and it fires "input" as it moves.
 * Playing advances the day on each animation frame and stops at the last day, or once the element
 * leaves the page. Where the system asks for reduced motion, play is off: the slider still works.
 */
export function DayScrubber(days: number, {value = days, daysPerSecond = 5, label = "day"}: DayScrubberOptions = {}): HTMLElement & {value: number} {
  const still = prefersReducedMotion();
  const range = element("input", {type: "range", min: 0, max: days, step: 1 / 24, value, "aria-label": label, style: "flex: 1 1 10rem; min-width: 8rem"});
  const shown = element("output", {style: "font-family: var(--monospace); min-width: 6.5rem"});
  const button = element("button", {type: "button", disabled: still, title: still ? "Animation is off because your system asks for reduced motion; drag the slider instead." : undefined, style: "min-width: 5.5rem; min-height: 2.2rem"});
  const root = element("form", {class: "day-scrubber", style: "display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.5rem 0"}, button, range, shown) as unknown as HTMLElement & {value: number};
  if (still) root.append(element("small", {}, "Animation off (reduced motion): drag the slider."));
  root.addEventListener("submit", (event) => event.preventDefault());
  let playing = false;
  let seen = false; // has the element been on the page yet?
  const show = () => {
    shown.textContent = `${label} ${root.value.toFixed(1)}`;
    button.textContent = playing ? "❚❚ pause" : "▶ play";
    button.setAttribute("aria-pressed", String(playing));
  };
  const set = (day: number) => {
    root.value = Math.min(days, Math.max(0, day));
    range.value = String(root.value);
    show();
    root.dispatchEvent(new Event("input", {bubbles: true}));
  };
  const frame = (last: number) => (now: number) => {
    seen ||= root.isConnected;
    if (!playing || (seen && !root.isConnected)) {
      playing = false;
      return;
    }
    const next = root.value + ((now - last) / 1000) * daysPerSecond;
    set(next);
    if (next >= days) {
      playing = false;
      show();
      return;
    }
    requestAnimationFrame(frame(now));
  };
  button.addEventListener("click", () => {
    playing = !playing && !still;
    if (playing) {
      if (root.value >= days) set(0);
      requestAnimationFrame((now) => requestAnimationFrame(frame(now)));
    }
    show();
  });
  range.addEventListener("input", (event) => {
    event.stopPropagation();
    playing = false;
    set(Number(range.value));
  });
  root.value = Math.min(days, Math.max(0, value));
  show();
  return root;
}
