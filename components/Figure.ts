import {element} from "./element.js";

/** Wraps a chart as a named figure with a caption; tests find every figure by its name. */
export function Figure(name: string, content: Node, caption?: Node | string): HTMLElement {
  return element("figure", {class: "course-figure", "data-figure": name}, content, caption ? element("figcaption", {}, caption) : null);
}
