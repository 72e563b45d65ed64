/** A batch of chapter 13's examples, balanced by question type, with its images, tokens and answers packed for tensors. */
import {type Random} from "../../runtime/prng.js";
import {IMAGE_FLOATS, rasteriseScene} from "./rasteriseScene.js";
import {type Example, sampleExample} from "./sampleExample.js";
import {type Split} from "./sceneSplit.js";
import {ANSWERS, QUESTION_LENGTH, QUESTION_TYPES, tokenise} from "./vlmGrammar.js";

/** The examples and their model inputs and targets. */
export interface Batch {
  examples: Example[];
  images: Float32Array; // [size, IMAGE_SIZE, IMAGE_SIZE, 3], RGB in [0, 1]
  tokens: Int32Array; // [size, QUESTION_LENGTH], indices into VOCABULARY
  answers: Int32Array; // [size], indices into ANSWERS
}

/** `size` examples of `split` whose types cycle through QUESTION_TYPES, so a batch of a multiple of 4 has equal counts of each. */
export function sampleBatch(random: Random, size: number, split: Split = "train"): Batch {
  const examples = Array.from({length: size}, (_, i) => sampleExample(random, QUESTION_TYPES[i % QUESTION_TYPES.length], split));
  const images = new Float32Array(size * IMAGE_FLOATS);
  const tokens = new Int32Array(size * QUESTION_LENGTH);
  const answers = new Int32Array(size);
  examples.forEach((example, i) => {
    rasteriseScene(example.scene, images, i * IMAGE_FLOATS);
    tokens.set(tokenise(example.text), i * QUESTION_LENGTH);
    answers[i] = ANSWERS.indexOf(example.answer);
  });
  return {examples, images, tokens, answers};
}
