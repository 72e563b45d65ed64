import {element} from "../../controls/element.js";
import {BACKGROUND, PALETTE} from "./rasteriseScene.js";
import {COLOURS, type Colour, GRID, type Kind, type Scene, SHAPES, type Shape, cellColumn, cellRow, makeScene} from "./vlmScene.js";

const SVG = "http://www.w3.org/2000/svg";
const svg = (tag: string, attributes: Record<string, string | number>) => {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
};
const css = (rgb: readonly number[]) => `rgb(${rgb.map((v) => Math.round(255 * v)).join(", ")})`;
const where = (cell: number) => `row ${cellRow(cell) + 1}, column ${cellColumn(cell) + 1}`;
const KEYS: Record<string, Colour | Shape> = {r: "red", g: "green", b: "blue", y: "yellow", s: "square", c: "circle", t: "triangle"};

/** An object's shape in a cell `side` pixels wide, at (x, y), drawn as the rasteriser draws it (rasteriseScene.ts). */
function shapeNode({colour, shape}: Kind, x: number, y: number, side: number): SVGElement {
  const u = side / 8; // the rasteriser's pixel
  const fill = css(PALETTE[colour]);
  if (shape === "square") return svg("rect", {x: x + u, y: y + u, width: 6 * u, height: 6 * u, fill});
  if (shape === "circle") return svg("circle", {cx: x + 4 * u, cy: y + 4 * u, r: 3 * u, fill});
  return svg("polygon", {points: `${x + 4 * u},${y + u} ${x + u},${y + 7 * u} ${x + 7 * u},${y + 7 * u}`, fill});
}

/**
 * A scene the reader draws on the 6 × 6 grid, with a palette of the four colours and three shapes: an Observable
 * view whose value is the Scene. Pointer (mouse, pen, touch): tap an empty cell to place the palette's object, tap an
 * object to select it, drag it to an empty cell to move it; a palette button recolours or reshapes the selected object.
 * Keyboard, once the grid has focus: arrows move the cursor (or the selected object), Enter or Space places or
 * selects, Delete removes, Escape deselects, and r g b y / s c t pick a colour or a shape. Each change is announced.
 */
export function SceneEditor(initial: Scene, {size = 288, label = "the scene"}: {size?: number; label?: string} = {}): HTMLElement & {value: Scene} {
  const side = size / GRID;
  const objects = new Map<number, Kind>(initial.objects.map(({cell, colour, shape}) => [cell, {colour, shape}]));
  let cursor = 0;
  let selected: number | undefined;
  let brush: Kind = {colour: "red", shape: "square"};

  const status = element("p", {class: "scene-editor-status", role: "status", "aria-live": "polite"});
  const grid = svg("svg", {viewBox: `0 0 ${size} ${size}`, width: size, height: size, tabindex: 0, role: "application", "aria-roledescription": "scene editor", class: "scene-editor-grid"}) as SVGSVGElement;
  grid.setAttribute("aria-label", `${label}: a ${GRID} by ${GRID} grid. Arrows move, Enter places or selects, Delete removes, r g b y and s c t pick a colour and a shape.`);
  const buttons = new Map<Colour | Shape, HTMLButtonElement>();
  const paletteButton = (value: Colour | Shape, text: string, swatch?: string) => {
    const button = element("button", {type: "button", class: "scene-editor-choice", "aria-pressed": "false", title: `${text} (key ${value[0]})`}, swatch ? element("span", {class: "scene-editor-swatch", style: `background:${swatch}`}) : null, text);
    button.addEventListener("click", () => choose(value));
    buttons.set(value, button);
    return button;
  };
  const remove = element("button", {type: "button"}, "Delete");
  const clear = element("button", {type: "button"}, "Clear");
  const root = element("div", {class: "scene-editor"},
    element("div", {class: "scene-editor-palette", role: "group", "aria-label": "palette"},
      ...COLOURS.map((colour) => paletteButton(colour, colour, css(PALETTE[colour]))),
      ...SHAPES.map((shape) => paletteButton(shape, shape)),
      remove, clear),
    grid, status) as unknown as HTMLElement & {value: Scene};

  const scene = () => makeScene([...objects].map(([cell, kind]) => ({cell, ...kind})));
  const describe = (cell: number) => (objects.has(cell) ? `a ${objects.get(cell)!.colour} ${objects.get(cell)!.shape}` : "empty");
  const changed = (said: string) => {
    status.textContent = said;
    draw();
    root.dispatchEvent(new Event("input", {bubbles: true}));
  };
  const say = (said: string) => {
    status.textContent = said;
    draw();
  };

  function draw() {
    grid.replaceChildren(svg("rect", {x: 0, y: 0, width: size, height: size, fill: css([BACKGROUND, BACKGROUND, BACKGROUND])}));
    for (let i = 1; i < GRID; ++i) {
      grid.append(svg("line", {x1: i * side, x2: i * side, y1: 0, y2: size, stroke: "white", "stroke-opacity": 0.35}));
      grid.append(svg("line", {y1: i * side, y2: i * side, x1: 0, x2: size, stroke: "white", "stroke-opacity": 0.35}));
    }
    for (const [cell, kind] of objects) grid.append(shapeNode(kind, cellColumn(cell) * side, cellRow(cell) * side, side));
    if (selected !== undefined) grid.append(svg("rect", {x: cellColumn(selected) * side + 2, y: cellRow(selected) * side + 2, width: side - 4, height: side - 4, fill: "none", stroke: "white", "stroke-width": 3, class: "scene-editor-selected"}));
    if (document.activeElement === grid) grid.append(svg("rect", {x: cellColumn(cursor) * side + 1, y: cellRow(cursor) * side + 1, width: side - 2, height: side - 2, fill: "none", stroke: "black", "stroke-width": 2, "stroke-dasharray": "4 3", class: "scene-editor-cursor"}));
    for (const [value, button] of buttons) button.setAttribute("aria-pressed", String(brush.colour === value || brush.shape === value));
    remove.disabled = selected === undefined;
    clear.disabled = objects.size === 0;
  }

  function choose(value: Colour | Shape) {
    const isColour = (COLOURS as readonly string[]).includes(value);
    brush = isColour ? {...brush, colour: value as Colour} : {...brush, shape: value as Shape};
    if (selected === undefined) return say(`palette: ${brush.colour} ${brush.shape}`);
    const before = describe(selected);
    objects.set(selected, isColour ? {...objects.get(selected)!, colour: value as Colour} : {...objects.get(selected)!, shape: value as Shape});
    changed(`${before} at ${where(selected)} is now ${describe(selected)}`);
  }
  function place(cell: number) {
    objects.set(cell, {...brush});
    selected = cell;
    changed(`placed ${describe(cell)} at ${where(cell)}`);
  }
  function move(from: number, to: number) {
    if (objects.has(to)) return say(`${where(to)} already holds ${describe(to)}`);
    objects.set(to, objects.get(from)!);
    objects.delete(from);
    selected = cursor = to;
    changed(`moved ${describe(to)} to ${where(to)}`);
  }
  function removeSelected() {
    if (selected === undefined) return;
    const said = `removed ${describe(selected)} from ${where(selected)}`;
    objects.delete(selected);
    selected = undefined;
    changed(said);
  }
  remove.addEventListener("click", removeSelected);
  clear.addEventListener("click", () => {
    objects.clear();
    selected = undefined;
    changed("cleared the scene");
  });

  const cellAt = (event: PointerEvent) => {
    const box = grid.getBoundingClientRect();
    const column = Math.floor(((event.clientX - box.left) / box.width) * GRID);
    const row = Math.floor(((event.clientY - box.top) / box.height) * GRID);
    return row >= 0 && row < GRID && column >= 0 && column < GRID ? row * GRID + column : undefined;
  };
  let dragging: number | undefined;
  grid.addEventListener("pointerdown", (event) => {
    const cell = cellAt(event);
    if (cell === undefined) return;
    cursor = cell;
    if (objects.has(cell)) {
      selected = dragging = cell;
      grid.setPointerCapture(event.pointerId);
      say(`selected ${describe(cell)} at ${where(cell)}`);
    } else place(cell);
  });
  grid.addEventListener("pointerup", (event) => {
    const cell = cellAt(event);
    if (dragging !== undefined && cell !== undefined && cell !== dragging) move(dragging, cell);
    dragging = undefined;
  });
  grid.addEventListener("pointercancel", () => (dragging = undefined));
  grid.addEventListener("focus", () => draw());
  grid.addEventListener("blur", () => draw());
  grid.addEventListener("keydown", (event) => {
    const steps: Record<string, [number, number]> = {ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1]};
    if (event.key in steps) {
      const [dr, dc] = steps[event.key];
      const from = selected ?? cursor;
      const [row, column] = [cellRow(from) + dr, cellColumn(from) + dc];
      event.preventDefault();
      if (row < 0 || row >= GRID || column < 0 || column >= GRID) return say("the edge of the grid");
      const to = row * GRID + column;
      if (selected !== undefined) return move(selected, to);
      cursor = to;
      return say(`${where(to)}: ${describe(to)}`);
    }
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      if (!objects.has(cursor)) return place(cursor);
      selected = selected === cursor ? undefined : cursor;
      return say(selected === undefined ? "nothing selected" : `selected ${describe(cursor)} at ${where(cursor)}`);
    }
    if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      if (selected === undefined && objects.has(cursor)) selected = cursor;
      return removeSelected();
    }
    if (event.key === "Escape") {
      selected = undefined;
      return say("nothing selected");
    }
    if (event.key in KEYS && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      choose(KEYS[event.key]);
    }
  });

  Object.defineProperty(root, "value", {
    get: scene,
    set(next: Scene) {
      objects.clear();
      for (const {cell, colour, shape} of next.objects) objects.set(cell, {colour, shape});
      selected = undefined;
      draw();
    }
  });
  draw();
  return root;
}

