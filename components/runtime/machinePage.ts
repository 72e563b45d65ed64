/** Everything Your machine (src/machine.md) imports: one esbuild entry (scripts/bundle.ts), so the page loads only its own code. */
import "./pageSetup.js"; // first: registers the offline copy
import * as Inputs from "@observablehq/inputs";
export {BackendPicker} from "../controls/BackendPicker.js";
export {element} from "../controls/element.js";
export {RuntimeStatus} from "../controls/RuntimeStatus.js";
export {Figure} from "../figures/Figure.js";
export {BACKENDS} from "./backends.js";
import {inWorker} from "./experimentHost.js";
export {watchBackendInWorker} from "./experimentHost.js";
// The benchmark switches the worker from backend to backend, and times each there.
export const benchmarkBackends = inWorker<typeof import("./attentionBenchmark.js").benchmarkBackends>("attentionBenchmark", "benchmarkBackends");
export * as Plot from "@observablehq/plot";
export {Inputs};
