import {element} from "../../controls/element.js";
import {FULL_PLASTICITY, PLASTICITY_ABLATIONS, type PlasticityAblation} from "./plasticityModel.js";

const RULES: {value: PlasticityAblation["hebbian"]; label: string}[] = [
  {value: "bcm", label: "BCM: η_H r_A r_V (r_V − θ_M)"},
  {value: "plain", label: "plain Hebb: η_H r_A r_V"},
  {value: "none", label: "none"}
];
const SWITCHES = {on: true, off: false} as Record<string, boolean>;

/**
 * Switches for the parts of the plasticity rule (inhibitory homeostasis, synaptic scaling, the Hebbian
 * rule) and buttons for the four ablations A–D. Its value is a PlasticityAblation; like ParameterControls
 * it lives in the page's URL (?inhibition=off&scaling=on&hebbian=plain), and a bad value there is named
 * and replaced by the full model's.
 */
export function AblationControls(): HTMLElement & {value: PlasticityAblation} {
  const linked = new URLSearchParams(location.search);
  const problems: string[] = [];
  const value: PlasticityAblation = {...FULL_PLASTICITY};
  for (const [name, key] of [["inhibition", "inhibitoryHomeostasis"], ["scaling", "scaling"]] as const) {
    const text = linked.get(name);
    if (text === null) continue;
    if (text in SWITCHES) value[key] = SWITCHES[text];
    else problems.push(`The link's ${name} must be on or off, not ${JSON.stringify(text)}; using on.`);
  }
  const rule = linked.get("hebbian");
  if (rule !== null) {
    if (RULES.some((r) => r.value === rule)) value.hebbian = rule as PlasticityAblation["hebbian"];
    else problems.push(`The link's hebbian must be ${RULES.map((r) => r.value).join(", ")}, not ${JSON.stringify(rule)}; using bcm.`);
  }
  const checkbox = (name: string, label: string, checked: boolean) => {
    const input = element("input", {type: "checkbox", name, checked});
    return {input, label: element("label", {style: "display: inline-flex; gap: 0.35rem; align-items: center; margin-right: 1rem"}, input, label)};
  };
  const inhibition = checkbox("inhibition", "inhibitory homeostasis (g_I)", value.inhibitoryHomeostasis);
  const scaling = checkbox("scaling", "synaptic scaling (η_s)", value.scaling);
  const radios = RULES.map((r) => {
    const input = element("input", {type: "radio", name: "hebbian", value: r.value, checked: value.hebbian === r.value});
    return {input, label: element("label", {style: "display: inline-flex; gap: 0.35rem; align-items: center; margin-right: 1rem"}, input, r.label)};
  });
  const message = element("p", {class: "parameter-problem", role: "alert", hidden: problems.length === 0}, problems.join(" "));
  const root = element("form", {class: "ablation-controls", style: "display: grid; gap: 0.35rem; margin: 0.5rem 0; max-width: 640px"}) as unknown as HTMLElement & {value: PlasticityAblation};
  const read = (): PlasticityAblation => ({inhibitoryHomeostasis: inhibition.input.checked, scaling: scaling.input.checked, hebbian: radios.find((r) => r.input.checked)?.input.value as PlasticityAblation["hebbian"]});
  const commit = () => {
    root.value = read();
    const url = new URL(location.href);
    url.searchParams.set("inhibition", root.value.inhibitoryHomeostasis ? "on" : "off");
    url.searchParams.set("scaling", root.value.scaling ? "on" : "off");
    url.searchParams.set("hebbian", root.value.hebbian);
    history.replaceState(history.state, "", url);
    message.hidden = true;
    root.dispatchEvent(new Event("input", {bubbles: true}));
  };
  const load = (ablation: PlasticityAblation) => {
    inhibition.input.checked = ablation.inhibitoryHomeostasis;
    scaling.input.checked = ablation.scaling;
    for (const r of radios) r.input.checked = r.input.value === ablation.hebbian;
    commit();
  };
  for (const input of [inhibition.input, scaling.input, ...radios.map((r) => r.input)]) {
    input.addEventListener("input", (event) => event.stopPropagation());
    input.addEventListener("change", commit);
  }
  const presets = [
    {letter: "full", label: "the full model", ablation: FULL_PLASTICITY},
    ...Object.values(PLASTICITY_ABLATIONS).map(({letter, label, ablation}) => ({letter, label, ablation: ablation as PlasticityAblation}))
  ].map(({letter, label, ablation}) => {
    const button = element("button", {type: "button", style: "min-height: 2.2rem"}, letter === "full" ? "full model" : `${letter}: ${label}`);
    button.addEventListener("click", () => load(ablation));
    return button;
  });
  root.addEventListener("submit", (event) => event.preventDefault());
  root.append(
    element("div", {}, element("strong", {}, "Homeostasis: "), inhibition.label, scaling.label),
    element("div", {}, element("strong", {}, "Hebbian rule on w_VA: "), ...radios.map((r) => r.label)),
    element("div", {style: "display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center"}, element("strong", {}, "Ablations:"), ...presets),
    message
  );
  root.value = read();
  return root;
}
