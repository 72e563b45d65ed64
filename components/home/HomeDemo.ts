import {element} from "../controls/element.js";
import {Notice} from "../controls/Notice.js";
import {BackendBadge} from "../controls/BackendBadge.js";
import {SceneView} from "../chapters/03-grounding/SceneView.js";
import {COLOURS, SHAPES, coAttentionMaps, GROUNDING_PARAMETERS, makeSceneFor, parsePhrase, twoStepAttention, type ParsedPhrase, type Scene} from "../chapters/03-grounding/grounding.js";
import {activeBackend, messageOf} from "../runtime/runtime.js";

/** The home page's first phrase. */
export const HOME_DEMO_PHRASE = "the red ball left of the blue cube";

interface Grounded {
  phrase: ParsedPhrase;
  words: string[];
  scene: Scene;
  step2: number[];
  anchorX: number;
  prediction: number;
  wordWeights: number[][]; // [word][object], each word's own attention over the objects
  ms: number;
}

const name = (scene: Scene, i: number) => `${i + 1}, the ${scene.objects[i].colour} ${scene.objects[i].shape}`;

/** Grounds a phrase on a new scene built for it (chapter 3's code): the two hops, and each word's own attention. */
async function ground(phrase: ParsedPhrase, words: string[], seed: number): Promise<Grounded> {
  const start = performance.now();
  const scene = makeSceneFor(phrase, seed);
  const trace = await twoStepAttention([scene], {beta1: GROUNDING_PARAMETERS.beta1.value, query: phrase});
  const maps = await coAttentionMaps(words, scene);
  return {phrase, words, scene, step2: trace.step2[0], anchorX: trace.anchorEstimate[0][0], prediction: trace.predictions[0], wordWeights: maps.textToImage, ms: performance.now() - start};
}

/** One sentence on where a word's attention goes. */
function describeWord(word: string, weights: number[], scene: Scene): string {
  const spread = Math.max(...weights) - Math.min(...weights) < 1e-3;
  if (spread) return `“${word}” names no colour or shape, so on its own it spreads its attention evenly, ${(100 / weights.length).toFixed(1)}% on each object. Its work is done by the second hop (the relation) or not at all.`;
  const ranked = weights.map((w, i) => [w, i] as const).filter(([w]) => w > 0.05).sort((a, b) => b[0] - a[0]);
  return `“${word}” attends to ${ranked.map(([w, i]) => `object ${name(scene, i)} (${(w * 100).toFixed(0)}%)`).join(", ")}: it finds everything it names, not yet the one the phrase means.`;
}

/**
 * The home page's live demonstration: type a phrase ("the red ball left of the blue cube"), and a
 * scene is built for it and grounded by chapter 3's two-step cross-attention on the active tfjs
 * backend; pick a word to see that word's own attention over the objects. Unknown words, or a phrase
 * it cannot read, are named in a message and the last scene stays.
 */
export function HomeDemo({phrase: initial = HOME_DEMO_PHRASE, seed: initialSeed = GROUNDING_PARAMETERS.seed.value, width = 440}: {phrase?: string; seed?: number; width?: number} = {}): HTMLElement {
  let seed = initialSeed;
  let selected = -1; // -1: the whole phrase (two hops); else a word's index
  let current: Grounded | null = null;
  let request = 0;

  const input = element("input", {id: "home-demo-phrase", type: "text", value: initial, autocomplete: "off", spellcheck: "false", "aria-describedby": "home-demo-vocabulary"});
  const submit = element("button", {type: "submit"}, "Ground it");
  const again = element("button", {type: "button"}, "New scene");
  const form = element("form", {class: "home-demo-form"}, element("label", {for: "home-demo-phrase"}, "Type a phrase"), element("span", {class: "home-demo-row"}, input, submit, again));
  const vocabulary = element("p", {id: "home-demo-vocabulary", class: "home-demo-vocabulary"}, `Words it knows: ${COLOURS.join(", ")}; ${SHAPES.join(", ")}; “left of”, “closest to”; “the”.`);
  const message = element("div", {class: "home-demo-message"});
  const words = element("div", {class: "home-demo-words", role: "group", "aria-label": "show the attention of"});
  const scene = element("div", {class: "home-demo-scene"});
  const status = element("p", {class: "home-demo-status", "aria-live": "polite"});
  const root = element("div", {class: "home-demo"}, form, vocabulary, message, words, scene, status);

  const draw = () => {
    if (!current) return;
    const g = current;
    words.replaceChildren(
      ...[-1, ...g.words.map((_, i) => i)].map((i) => {
        const button = element("button", {type: "button", "aria-pressed": String(i === selected)}, i < 0 ? "whole phrase" : g.words[i]);
        button.addEventListener("click", () => ((selected = i), draw()));
        return button;
      })
    );
    const weights = selected < 0 ? g.step2 : g.wordWeights[selected];
    scene.replaceChildren(SceneView(g.scene.objects, {weights, target: g.scene.target, marker: selected < 0 ? {x: g.anchorX} : undefined, markerLabel: selected < 0 ? `${g.phrase.anchor.colour} ${g.phrase.anchor.shape}?` : "", width}));
    const right = g.prediction === g.scene.target;
    const text =
      selected < 0
        ? `Hop 1 looks for the ${g.phrase.anchor.colour} ${g.phrase.anchor.shape} and reads its place (dashed line, x ≈ ${g.anchorX.toFixed(2)}); hop 2 asks for a ${g.phrase.target.colour} ${g.phrase.target.shape} ${g.phrase.relation === "left" ? "to the left of" : "closest to"} it and puts ${(g.step2[g.scene.target] * 100).toFixed(1)}% of its weight on object ${name(g.scene, g.scene.target)} (ringed): ${right ? "✓ found" : `✗ it picked object ${name(g.scene, g.prediction)}`}.`
        : describeWord(g.words[selected], weights, g.scene);
    status.replaceChildren(text, " ", element("small", {"data-volatile": ""}, `Computed in ${g.ms.toFixed(0)} ms `), BackendBadge(activeBackend(), {prefix: "on"}));
  };

  const update = async () => {
    const mine = ++request;
    const text = input.value;
    const parsed = parsePhrase(text);
    if ("error" in parsed) {
      message.replaceChildren(Notice([parsed.error, ...(current ? ["The scene below is still the last phrase that made sense."] : [])], {kind: "warning"}));
      return;
    }
    try {
      const result = await ground(parsed, text.toLowerCase().split(/[\s,.;:!?]+/).filter(Boolean), seed);
      if (mine !== request) return; // a newer phrase is on its way
      message.replaceChildren();
      if (!current || current.words.join(" ") !== result.words.join(" ")) selected = -1;
      current = result;
      draw();
    } catch (error) {
      if (mine === request) message.replaceChildren(Notice([messageOf(error)], {kind: "error"}));
    }
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener("input", (event) => {
    event.stopPropagation(); // the demo is not a Framework input
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    void update();
  });
  again.addEventListener("click", () => {
    seed += 1;
    void update();
  });
  void update();
  return root;
}
