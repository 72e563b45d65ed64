const FOCUSABLE = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';

/**
 * Where the keyboard is in a figure: the figure's name, the figure, and the focused element's index
 * among its focusable elements. Figures are redrawn while training runs (a new element each few steps),
 * and the page's focus would fall to the body with the old one; keepFocus hands it to the new one.
 */
let kept: {name: string; node: HTMLElement; index: number} | undefined;
if (typeof document !== "undefined")
  // A press elsewhere means the reader has moved on: a redraw then no longer pulls the focus back.
  document.addEventListener("pointerdown", (event) => {
    if (kept && !kept.node.contains(event.target as Node)) kept = undefined;
  }, true);

const focusables = (node: HTMLElement) => [...node.querySelectorAll<HTMLElement>(FOCUSABLE)];

/**
 * Keeps the keyboard in `node` (named `name`, unique on its page) across redraws: if a node of the same
 * name had the focus when it left the page, the same element (by position) in the one now on the page
 * takes the focus as soon as it is there. A reader tabbing through a chart while it trains stays where they were.
 */
export function keepFocus<T extends HTMLElement>(node: T, name: string): T {
  node.addEventListener("focusin", (event) => {
    kept = {name, node, index: focusables(node).indexOf(event.target as HTMLElement)};
  });
  node.addEventListener("focusout", () => {
    // Left with the node still on the page: the reader moved on. Left by the node's removal: a redraw.
    setTimeout(() => kept?.node === node && node.isConnected && !node.contains(document.activeElement) && (kept = undefined));
  });
  node.dataset.keepFocus = name;
  const restore = () => {
    // A figure redrawn every frame may itself be gone by now: then the newest one of that name takes it.
    const target = node.isConnected ? node : document.querySelector<HTMLElement>(`[data-keep-focus="${CSS.escape(name)}"]`);
    const previous = kept;
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (!target || !previous || previous.name !== name || previous.node === target || previous.node.isConnected || !lost) return;
    focusables(target)[previous.index]?.focus({preventScroll: true, focusVisible: true} as FocusOptions);
  };
  // At once, when the cell that made the node has put it on the page (in the same task: no key press can fall
  // between the old node leaving and the new one taking the focus), and again in the next frame for a node
  // displayed later.
  queueMicrotask(restore);
  requestAnimationFrame(restore);
  return node;
}
