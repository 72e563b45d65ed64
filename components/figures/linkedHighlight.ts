/**
 * Links hover (and keyboard focus) across charts: every element carrying data-key="k" lights up
 * when any element with the same key is pointed at, and the rest dim. Works on any SVG or HTML.
 * On touch screens the highlight stays after the finger lifts (a tap is the only "hover" a phone has)
 * and a tap on empty space clears it.
 */
export function linkedHighlight(root: HTMLElement): HTMLElement {
  const set = (key: string | undefined) => {
    root.classList.toggle("has-highlight", key !== undefined);
    for (const node of root.querySelectorAll<SVGElement | HTMLElement>("[data-key]")) node.classList.toggle("highlight", key !== undefined && node.dataset.key?.split(" ").includes(key) === true);
  };
  const keyOf = (event: Event) => ((event.target as Element).closest?.("[data-key]") as HTMLElement | null)?.dataset.key?.split(" ")[0];
  root.addEventListener("pointerover", (event) => set(keyOf(event)));
  root.addEventListener("pointerleave", (event) => {
    if (event.pointerType !== "touch") set(undefined);
  });
  root.addEventListener("pointerdown", (event) => {
    if (event.pointerType === "touch") set(keyOf(event));
  });
  root.addEventListener("focusin", (event) => {
    const key = keyOf(event); // a chart taking focus from a click or tap keeps what the pointer lit
    if (key !== undefined) set(key);
  });
  root.addEventListener("focusout", () => set(undefined));
  return root;
}

/** Gives the i-th element matching `selector` inside `chart` the key keys[i] (Plot draws a mark's elements in data order). */
export function tagElements<T extends Element>(chart: T, selector: string, keys: string[]): T {
  chart.querySelectorAll<SVGElement>(selector).forEach((node, i) => {
    if (keys[i] !== undefined) node.dataset.key = keys[i];
  });
  return chart;
}
