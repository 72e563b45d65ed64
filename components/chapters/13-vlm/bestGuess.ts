/**
 * Baselines that answer from part of an example only, estimated by counting: the best guess for what a key sees is
 * the most frequent answer among the examples with that key. With the question's words as the key this is the best
 * blind guess (the target of the question-only baseline); with the question plus the scene's colours it is the
 * colour-mix oracle that relation questions are built to defeat.
 */
import {byKey} from "../../runtime/byKey.js";
import {mulberry32, streamSeed} from "../../runtime/prng.js";
import {type Example, sampleExample} from "./sampleExample.js";
import {ANSWERS, QUESTION_TYPES, type QuestionType} from "./vlmGrammar.js";

/** What a baseline sees of an example, as a string: examples with one key get one guess. */
export type GuessKey = (example: Example) => string;

/** The question's words alone. */
export const questionKey: GuessKey = (example) => example.text;

/** The question's words and the multiset of the scene's object colours, without their shapes or places. */
export const colourMixKey: GuessKey = (example) => `${example.text} | ${example.scene.objects.map((o) => o.colour).sort().join(" ")}`;

/** A baseline's guess per key and its accuracy per question type. */
export interface BestGuess {
  guesses: Map<string, string>;
  accuracy: Record<QuestionType, number>;
}

/** The most frequent answer of each key among the examples, the earlier in ANSWERS on a tie. */
function majorityAnswers(examples: readonly Example[], key: (example: Example) => string): Map<string, string> {
  const tallies = new Map<string, Map<string, number>>();
  for (const example of examples) {
    const k = key(example);
    const tally = tallies.get(k) ?? tallies.set(k, new Map()).get(k)!;
    tally.set(example.answer, (tally.get(example.answer) ?? 0) + 1);
  }
  const majority = (tally: Map<string, number>) => ANSWERS.reduce((best, answer) => ((tally.get(answer) ?? 0) > (tally.get(best) ?? 0) ? answer : best));
  return new Map([...tallies].map(([k, tally]) => [k, majority(tally)]));
}

/**
 * The best guess given what `key` sees, counted on `fit` and scored per type on `evaluate` (`fit` itself by default:
 * an in-sample estimate, which favours keys seen only a few times); a key not in `fit` gets its type's most
 * frequent answer.
 */
export function bestGuess(fit: readonly Example[], key: GuessKey, evaluate: readonly Example[] = fit): BestGuess {
  const guesses = majorityAnswers(fit, key);
  const fallbacks = majorityAnswers(fit, (example) => example.type);
  const accuracy = byKey(QUESTION_TYPES, (type) => {
    const ofType = evaluate.filter((example) => example.type === type);
    return ofType.filter((example) => (guesses.get(key(example)) ?? fallbacks.get(type)) === example.answer).length / ofType.length;
  });
  return {guesses, accuracy};
}

/**
 * The best blind guess's accuracy per question type for a seed: the most frequent answer to each question's exact words,
 * tallied on `count` generated examples and scored on `count` others (stream 3 of the seed; 0 is the weights', 1 and 2
 * the splits', sceneSplit.ts). What a model that never looks can reach, measured to about ±0.01 with the default count:
 * scoring it on 256 held-out questions a type instead left it up to 0.06 from its value (relation: 0.227 for 0.25).
 */
export function blindGuessAccuracy(seed: number, count = 16384): Record<QuestionType, number> {
  const random = mulberry32(streamSeed(seed, 3));
  const sample = () => Array.from({length: count}, (_, i) => sampleExample(random, QUESTION_TYPES[i % QUESTION_TYPES.length]));
  const fit = sample();
  return bestGuess(fit, questionKey, sample()).accuracy;
}
