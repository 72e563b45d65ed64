import {element} from "./element.js";
import {defaultParameters, parameterProblem, type ParameterSpecs, type ParameterValues} from "../runtime/parameters.js";

/**
 * A slider and a number box per parameter. Its value holds only valid settings: a typed value
 * out of range is named in a message beside the box and the last valid value stays in force.
 * `group` prefixes the ids (and names the form) where a page has more than one set of controls.
 * Every setting lives in the page's URL (`?steps=10`, or `?timing.largest=256` for a group), so a
 * link reproduces the figure: values from the URL are checked like typed ones, and a bad one is
 * named beside its box and replaced by the default. A parameter's description is its row's tooltip,
 * the boxes' accessible description, and shown under the row where there is no hover (touch screens).
 */
export function ParameterControls<S extends ParameterSpecs>(specs: S, initial: Partial<ParameterValues<S>> = {}, {group = "parameter"}: {group?: string} = {}): HTMLElement & {value: ParameterValues<S>; set(changes: Partial<ParameterValues<S>>): boolean} {
  const nameInURL = (key: string) => (group === "parameter" ? key : `${group}.${key}`);
  const linked = new URLSearchParams(location.search);
  const fromLink: Record<string, string> = {}; // what is wrong with each value the URL gave
  const values = {...defaultParameters(specs), ...initial};
  for (const [key, spec] of Object.entries(specs)) {
    const text = linked.get(nameInURL(key));
    if (text === null) continue;
    const problem = parameterProblem(spec, text);
    if (problem) fromLink[key] = `The link's ${problem}; using ${values[key]}.`;
    else (values as Record<string, number>)[key] = Number(text);
  }
  const form = element("form", {class: "parameter-controls", "data-group": group}) as unknown as HTMLElement & {value: ParameterValues<S>; set(changes: Partial<ParameterValues<S>>): boolean};
  const shown: Record<string, (value: number) => void> = {}; // per parameter: shows a value set from outside in its slider and box
  form.addEventListener("submit", (event) => event.preventDefault());
  for (const [key, spec] of Object.entries(specs)) {
    const id = `${group}-${key}`; // a page with several groups names each, so ids stay unique
    const described = spec.description ? `${id}-description` : undefined;
    const toSlider = (v: number) => (spec.log ? Math.log10(v) : v);
    const fromSlider = (v: number) => (spec.log ? Number((10 ** v).toPrecision(3)) : v);
    const range = element("input", {
      type: "range",
      "aria-label": spec.label,
      "aria-describedby": described,
      min: toSlider(spec.min),
      max: toSlider(spec.max),
      step: spec.log ? "any" : spec.step ?? "any",
      value: toSlider(values[key])
    });
    const number = element("input", {type: "number", id, name: key, min: spec.min, max: spec.max, step: spec.step ?? "any", value: values[key], "aria-describedby": described});
    const message = element("span", {class: "parameter-problem", role: "alert", hidden: !fromLink[key]}, fromLink[key]);
    if (fromLink[key]) number.setAttribute("aria-invalid", "true");
    const commit = (value: number) => {
      (values as Record<string, number>)[key] = value;
      writeLink(key, value);
      form.value = {...values};
      form.dispatchEvent(new Event("input", {bubbles: true}));
    };
    shown[key] = (value: number) => {
      number.value = String(value);
      range.value = String(toSlider(value));
      message.hidden = true;
      number.removeAttribute("aria-invalid");
    };
    range.addEventListener("input", (event) => {
      event.stopPropagation();
      const value = fromSlider(Number(range.value));
      number.value = String(value);
      message.hidden = true;
      number.removeAttribute("aria-invalid");
      commit(value);
    });
    number.addEventListener("input", (event) => event.stopPropagation());
    number.addEventListener("change", (event) => {
      event.stopPropagation();
      const problem = parameterProblem(spec, number.value);
      message.textContent = problem ? `${problem}; keeping ${values[key]}.` : "";
      message.hidden = !problem;
      if (problem) {
        number.setAttribute("aria-invalid", "true");
        return;
      }
      number.removeAttribute("aria-invalid");
      range.value = String(toSlider(Number(number.value)));
      commit(Number(number.value));
    });
    const description = described ? element("small", {class: "parameter-description", id: described}, spec.description) : null;
    form.append(element("div", {class: "parameter", "data-parameter": key, title: spec.description}, element("label", {for: id}, spec.label), range, number, message, description));
  }
  /** Sets several values at once (each checked like a typed one: an invalid change is ignored), with one input event; false if nothing changed. */
  form.set = (changes) => {
    const valid = Object.entries(changes).filter(([key, value]) => key in specs && !parameterProblem(specs[key], String(value)) && values[key] !== value);
    if (valid.length === 0) return false;
    for (const [key, value] of valid) {
      (values as Record<string, number>)[key] = Number(value);
      shown[key](Number(value));
      writeLink(key, Number(value));
    }
    form.value = {...values};
    form.dispatchEvent(new Event("input", {bubbles: true}));
    return true;
  };
  form.value = {...values};
  return form;

  function writeLink(key: string, value: number): void {
    const url = new URL(location.href);
    url.searchParams.set(nameInURL(key), String(value));
    history.replaceState(history.state, "", url);
  }
}
