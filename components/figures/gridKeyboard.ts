import {element} from "../controls/element.js";

/** One cell of a keyboard grid: the element its focus ring goes around, and what is announced on reaching it. */
export interface GridCell {
  element: Element;
  text: string;
}

export interface GridKeyboardOptions {
  label: string; // what the chart shows, read when it takes focus
  rows: number; // in reading order: row 0 is the top one on screen
  columns: number;
  cell: (row: number, column: number) => GridCell | undefined; // undefined: no cell there (the arrows skip it)
  onSelect?: (row: number, column: number) => void; // Enter or Space: what a click on the cell does
}

const MOVES: Record<string, [number, number]> = {ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1]};
const SVG = "http://www.w3.org/2000/svg";

/**
 * The cell the keyboard was on, in which grid (its figure's name and its label). A chart redrawn while
 * the reader walks it (each few steps of training) is a new grid, which the figure gives the focus
 * (keepFocus); the new grid then starts at the old one's cell.
 */
let walking: {identity: string; root: HTMLElement; row: number; column: number} | undefined;

/**
 * Makes a chart one tab stop whose cells the arrow keys walk (Home and End go to the row's ends,
 * Ctrl+Home and Ctrl+End to the first and last cell, Enter or Space selects). The cell reached is
 * ringed, named in a live region (shown under the chart while the keyboard is in it) and pointed at,
 * so linkedHighlight lights it up in linked views. In a single row or column every arrow moves
 * along it. Returns the chart wrapped with its readout.
 */
export function gridKeyboard(chart: Element, {label, rows, columns, cell, onSelect}: GridKeyboardOptions): HTMLElement {
  const readout = element("p", {class: "grid-readout", "aria-live": "polite"});
  const root = element("div", {class: "grid-keyboard", tabindex: 0, role: "application", "aria-label": `${label}. Arrow keys move from cell to cell${onSelect ? "; Enter selects" : ""}.`}, chart, readout);
  let [row, column] = [0, 0];
  let ring: SVGGElement | undefined;
  const show = () => {
    ring?.remove();
    const target = cell(row, column);
    if (!target) return;
    readout.textContent = target.text;
    ring = drawRing(target.element);
    // Pointed at after this task, once linkedHighlight has seen the focus arrive (its focusin clears the highlight).
    setTimeout(() => document.activeElement === root && target.element.dispatchEvent(new PointerEvent("pointerover", {bubbles: true})));
  };
  const hide = () => {
    ring?.remove();
    ring = undefined;
    root.classList.remove("navigating");
  };
  /** Steps from the current cell by (dr, dc) until a cell is found; stays put at the edge. */
  const step = (dr: number, dc: number) => {
    if (rows === 1 && dr) [dr, dc] = [0, dr];
    if (columns === 1 && dc) [dr, dc] = [dc, 0];
    for (let [r, c] = [row + dr, column + dc]; r >= 0 && r < rows && c >= 0 && c < columns; r += dr, c += dc) {
      if (cell(r, c)) return void ([row, column] = [r, c]);
    }
  };
  /** Moves to the first cell found going cell by cell from (r, c), forwards (dk = 1) or backwards (-1), across rows. */
  const scan = (r: number, c: number, dk: number) => {
    for (let k = r * columns + c; k >= 0 && k < rows * columns; k += dk) {
      if (cell(Math.floor(k / columns), k % columns)) return void ([row, column] = [Math.floor(k / columns), k % columns]);
    }
  };
  const identity = () => `${root.closest<HTMLElement>("figure[data-figure]")?.dataset.figure ?? ""}: ${label}`;
  const remember = () => void (walking = {identity: identity(), root, row, column});
  root.addEventListener("focus", () => {
    const previous = walking;
    if (previous && previous.root !== root && !previous.root.isConnected && previous.identity === identity()) [row, column] = [previous.row, previous.column];
    if (!cell(row, column)) scan(0, 0, 1); // the top-left corner may be a gap
    if (root.matches(":focus-visible")) root.classList.add("navigating"), show();
    remember();
  });
  root.addEventListener("blur", hide);
  root.addEventListener("pointerdown", hide); // a pointer shows its own details
  root.addEventListener("keydown", (event) => {
    const {key} = event;
    if (MOVES[key]) step(...MOVES[key]);
    else if (key === "Home") event.ctrlKey ? scan(0, 0, 1) : scan(row, 0, 1);
    else if (key === "End") event.ctrlKey ? scan(rows - 1, columns - 1, -1) : scan(row, columns - 1, -1);
    else if ((key === "Enter" || key === " ") && onSelect) onSelect(row, column);
    else return;
    event.preventDefault();
    root.classList.add("navigating");
    show();
    remember();
  });
  return root;
}

/** A ring around `target` (black outside, white inside: visible on any colour), drawn on top of its chart. */
function drawRing(target: Element): SVGGElement | undefined {
  const svg = (target as SVGElement).ownerSVGElement;
  const toSvg = svg?.getScreenCTM()?.inverse();
  const toScreen = (target as SVGGraphicsElement).getScreenCTM?.();
  if (!svg || !toSvg || !toScreen) return undefined;
  const box = (target as SVGGraphicsElement).getBBox();
  const m = toSvg.multiply(toScreen);
  const corners = [
    [box.x, box.y],
    [box.x + box.width, box.y + box.height]
  ].map(([x, y]) => new DOMPoint(x, y).matrixTransform(m));
  const [x0, x1] = [Math.min(corners[0].x, corners[1].x), Math.max(corners[0].x, corners[1].x)];
  const [y0, y1] = [Math.min(corners[0].y, corners[1].y), Math.max(corners[0].y, corners[1].y)];
  const ring = document.createElementNS(SVG, "g");
  ring.setAttribute("class", "grid-focus");
  ring.setAttribute("pointer-events", "none");
  ring.setAttribute("aria-hidden", "true");
  for (const [stroke, width, inset] of [["black", 4, -2], ["white", 2, -2]] as const) {
    const rect = document.createElementNS(SVG, "rect");
    Object.entries({x: x0 + inset, y: y0 + inset, width: x1 - x0 - 2 * inset, height: y1 - y0 - 2 * inset, fill: "none", stroke, "stroke-width": width}).forEach(([k, v]) => rect.setAttribute(k, String(v)));
    ring.append(rect);
  }
  svg.append(ring);
  return ring;
}

/** The elements a Plot mark drew, by the index of the datum each shows (Plot binds it as __data__); `selector` finds them, e.g. 'g[aria-label="cell"] rect'. */
export function markElements(chart: Element, selector: string): Map<number, Element> {
  return new Map([...chart.querySelectorAll(selector)].map((node) => [(node as Element & {__data__: number}).__data__, node]));
}
