/**
 * Chapter 1's default run on the tfjs CPU backend, computed at build time: the page checks the
 * reader's own run (on WebGPU, WASM or WebGL) against these numbers.
 */
import {runBilinearHandshake} from "../components/chapters/01-bilinear-handshake/bilinearHandshake.js";
import {useBackend} from "../components/runtime/runtime.js";

await useBackend("cpu");
process.stdout.write(JSON.stringify(await runBilinearHandshake()));
