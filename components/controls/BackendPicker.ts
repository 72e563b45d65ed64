import {element} from "./element.js";
import {BACKENDS, backendInLink} from "../runtime/backends.js";

/**
 * A select for the tfjs backend, seeded from ?backend= in the URL and writing the choice back
 * there, so a shared link runs on the same backend. Its value is the raw choice (runtime.ts
 * validates it, so an unknown ?backend=tpu shows a message instead of a dead page).
 */
export function BackendPicker(): HTMLElement & {value: string} {
  const initial = backendInLink(location.href);
  const select = element("select", {id: "backend-picker", "aria-label": "tfjs backend"});
  const choices = ["auto", ...BACKENDS];
  for (const choice of choices) select.append(element("option", {value: choice}, choice === "auto" ? "auto (best available)" : choice));
  if (!choices.includes(initial)) select.append(element("option", {value: initial}, `${initial} (unknown)`));
  select.value = initial;
  const form = element("form", {class: "backend-picker"}, element("label", {for: "backend-picker"}, "Backend "), select) as unknown as HTMLElement & {value: string};
  form.value = initial;
  form.addEventListener("submit", (event) => event.preventDefault());
  select.addEventListener("change", (event) => {
    event.stopPropagation();
    form.value = select.value;
    const next = new URL(location.href);
    if (select.value === "auto") next.searchParams.delete("backend");
    else next.searchParams.set("backend", select.value);
    history.replaceState(history.state, "", next);
    form.dispatchEvent(new Event("input", {bubbles: true}));
  });
  select.addEventListener("input", (event) => event.stopPropagation());
  return form;
}
