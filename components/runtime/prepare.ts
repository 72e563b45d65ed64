import {element} from "../controls/element.js";

export interface PrepareOptions {
  onProgress: (fraction: number) => void;
  isCancelled: () => boolean;
}

/**
 * Starts a slow, cancellable set-up (say, generating a data set) and returns a progress bar to
 * show, the promise of its result, and cancel(). A result that arrives after cancel() is freed, so
 * a reader changing settings mid-way never leaks the abandoned one.
 */
export function prepare<T extends {dispose(): void}>(create: (options: PrepareOptions) => Promise<T>, {label = "Preparing"}: {label?: string} = {}): {view: HTMLElement; value: Promise<T>; cancel(): void} {
  let cancelled = false;
  const bar = element("progress", {max: 1, value: 0});
  const text = element("span", {}, `${label}…`);
  const view = element("div", {class: "preparation", role: "status"}, text, " ", bar);
  const value = create({
    onProgress: (fraction) => {
      bar.value = fraction;
      text.textContent = `${label}… ${Math.round(fraction * 100)}%`;
    },
    isCancelled: () => cancelled
  }).then((result) => {
    if (cancelled) {
      result.dispose();
      throw Object.assign(new Error("cancelled"), {name: "AbortError"});
    }
    view.hidden = true;
    return result;
  });
  value.catch(() => {}); // a cancelled set-up is not an error anyone needs to hear about
  return {view, value, cancel: () => void (cancelled = true)};
}
