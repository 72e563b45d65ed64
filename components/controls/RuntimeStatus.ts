import {BackendBadge} from "./BackendBadge.js";
import {element} from "./element.js";
import {Notice} from "./Notice.js";
import type {AdapterReport, RuntimeReport} from "../runtime/runtime.js";

/** One line on the adapter: "google swiftshader (a software fallback adapter)". */
export function describeAdapterReport(adapter: AdapterReport): string {
  if (!adapter.available) return `No WebGPU adapter: ${adapter.reason ?? "unavailable"}.`;
  const name = [adapter.vendor, adapter.architecture].filter(Boolean).join(" ") || "unnamed adapter";
  return `WebGPU adapter: ${name}${adapter.isFallbackAdapter ? " (a software fallback adapter, so WebGPU is not the automatic choice)" : " (hardware)"}.`;
}

/** The page's backend badge with the adapter line and any message about the choice. */
export function RuntimeStatus(report: RuntimeReport): HTMLElement {
  return element(
    "div",
    {class: "runtime-status", "data-runtime-backend": report.backend},
    element("p", {}, BackendBadge(report.backend, {prefix: "Running on"}), " ", element("small", {}, describeAdapterReport(report.adapter))),
    Notice(report.messages)
  );
}
