/**
 * Links hover (and keyboard focus) across charts: every element carrying data-key="k" lights up
 * when any element with the same key is pointed at, and the rest dim. Works on any SVG or HTML.
 */
export function linkedHighlight(root: HTMLElement): HTMLElement {
  const set = (key: string | undefined) => {
    root.classList.toggle("has-highlight", key !== undefined);
    for (const node of root.querySelectorAll<SVGElement | HTMLElement>("[data-key]")) node.classList.toggle("highlight", key !== undefined && node.dataset.key?.split(" ").includes(key) === true);
  };
  const keyOf = (event: Event) => ((event.target as Element).closest?.("[data-key]") as HTMLElement | null)?.dataset.key?.split(" ")[0];
  root.addEventListener("pointerover", (event) => set(keyOf(event)));
  root.addEventListener("pointerleave", () => set(undefined));
  root.addEventListener("focusin", (event) => set(keyOf(event)));
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
