/**
 * The home page's live demonstration, as a bundle of its own (src/_build/home-demo.js): the page fetches it,
 * and tfjs with it, only when the reader presses "Start the demo", so the front door's text and chapter map
 * arrive without any of it.
 */
import {useBackend, type WasmPaths} from "../runtime/runtime.js";
import {HomeDemo} from "./HomeDemo.js";

/** Chooses the backend (the best this browser offers, or ?backend=), then builds the demo and puts the keyboard in its phrase box. */
export async function startHomeDemo({wasmPaths, width}: {wasmPaths: WasmPaths; width: number}): Promise<HTMLElement> {
  await useBackend(new URLSearchParams(location.search).get("backend"), {wasmPaths});
  const demo = HomeDemo({width});
  requestAnimationFrame(() => demo.querySelector("input")?.focus()); // the button the reader pressed is gone: keep their place
  return demo;
}
