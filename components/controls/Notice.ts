import {element} from "./element.js";

/** A visible message for the reader (a fallback, a bad value, a lost device); empty when there is nothing to say. */
export function Notice(messages: string[], {kind = "warning"}: {kind?: "warning" | "error" | "info"} = {}): HTMLElement {
  const node = element("div", {class: `notice notice-${kind}`, role: kind === "error" ? "alert" : "status", hidden: messages.length === 0});
  for (const message of messages) node.append(element("p", {}, message));
  return node;
}
