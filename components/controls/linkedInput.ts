import {element} from "./element.js";

/** Reads one control's value from the text a link gives: the value, or what is wrong with the text. */
export type LinkParser<T> = (text: string) => {value: T} | {problem: string};

export interface LinkOptions<T> {
  parse: LinkParser<T>;
  format?: (value: T) => string; // how the value is written into the link (default String)
}

/**
 * Keeps an Observable Input's value in the page's URL (`?name=…`), as ParameterControls keeps the
 * settings: a value from the link is checked by `parse` and used, or named in a message beside the
 * input and the input's own default kept; every change writes the link again, so a link reproduces
 * what the reader sees. Returns the input itself (it can go into Inputs.form).
 */
export function linkedInput<E extends HTMLElement & {value: unknown}>(name: string, input: E, {parse, format = String}: LinkOptions<E["value"]>): E {
  const text = new URLSearchParams(location.search).get(name);
  if (text !== null) {
    const read = parse(text);
    if ("value" in read) {
      input.value = read.value;
      input.dispatchEvent(new Event("input", {bubbles: true}));
    } else {
      input.append(element("span", {class: "parameter-problem link-problem", role: "alert"}, `The link's ${name} ${read.problem}; using ${format(input.value)}.`));
    }
  }
  input.addEventListener("input", () => {
    const url = new URL(location.href);
    url.searchParams.set(name, format(input.value));
    history.replaceState(history.state, "", url);
    input.querySelector(".link-problem")?.remove();
  });
  return input;
}

/** A number from min to max (a whole one if asked). */
linkedInput.number = (min: number, max: number, {integer = false}: {integer?: boolean} = {}): LinkParser<number> => (text) => {
  const value = text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(value)) return {problem: `must be a number, not ${JSON.stringify(text)}`};
  if (integer && !Number.isInteger(value)) return {problem: `must be a whole number, not ${value}`};
  if (value < min || value > max) return {problem: `must be between ${min} and ${max}, not ${value}`};
  return {value};
};

/** One of the given values, written as itself. */
linkedInput.choice = <T>(values: readonly T[]): LinkParser<T> => (text) => {
  const found = values.find((value) => String(value) === text);
  return found === undefined ? {problem: `must be one of ${values.map(String).join(", ")}, not ${JSON.stringify(text)}`} : {value: found};
};

/** Several of the given values, written with commas between them (an empty list is allowed). */
linkedInput.choices = <T>(values: readonly T[]): LinkParser<T[]> => (text) => {
  const picked = text === "" ? [] : text.split(",");
  const unknown = picked.filter((item) => !values.some((value) => String(value) === item));
  if (unknown.length) return {problem: `must list some of ${values.map(String).join(", ")}, not ${JSON.stringify(unknown.join(","))}`};
  return {value: values.filter((value) => picked.includes(String(value)))};
};

/** true or false. */
linkedInput.boolean = linkedInput.choice([true, false]);

/** Any text up to `maxLength` characters. */
linkedInput.text = (maxLength = 200): LinkParser<string> => (text) => (text.length > maxLength ? {problem: `must be at most ${maxLength} characters, not ${text.length}`} : {value: text});
