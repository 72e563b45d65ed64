/**
 * Chapter 13's question language: six templates in four types, each with a one-word answer; the word and answer
 * vocabularies; the tokens of a question; and the parser and word check for a question a reader types.
 */
import {COLOURS, type Colour, MAX_OBJECTS, SHAPES, type Shape} from "./vlmScene.js";

/** The question types, in the order a batch cycles through them. */
export const QUESTION_TYPES = ["attribute", "existence", "count", "relation"] as const;

/** One of QUESTION_TYPES. */
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** A question: its form and the words in the form's slots (for a relation, the anchor's). */
export type Question =
  | {form: "colourOf"; shape: Shape}
  | {form: "shapeOf"; colour: Colour}
  | {form: "exists"; colour: Colour; shape: Shape}
  | {form: "count"; colour: Colour}
  | {form: "leftOf" | "nearestTo"; colour: Colour; shape: Shape};

/** One of the six forms of a question. */
export type Form = Question["form"];

/** Each form's words; "{colour}" and "{shape}" are its slots. */
export const TEMPLATES: Record<Form, string> = {
  colourOf: "what colour is the {shape}",
  shapeOf: "what shape is the {colour} object",
  exists: "is there a {colour} {shape}",
  count: "how many {colour} objects",
  leftOf: "what colour is the object left of the {colour} {shape}",
  nearestTo: "what colour is the object nearest to the {colour} {shape}"
};

/** The forms of each type. */
export const QUESTION_FORMS: Record<QuestionType, readonly Form[]> = {
  attribute: ["colourOf", "shapeOf"],
  existence: ["exists"],
  count: ["count"],
  relation: ["leftOf", "nearestTo"]
};

/** The type of a question. */
export const questionType = (question: Question): QuestionType => QUESTION_TYPES.find((type) => QUESTION_FORMS[type].includes(question.form))!;

/** The question in words. */
export const questionText = (question: Question): string =>
  TEMPLATES[question.form].replace(/\{(colour|shape)\}/g, (_, slot: string) => (question as unknown as Record<string, string>)[slot]);

/** The lower-case words of a typed question, its punctuation dropped: "What colour is the circle?" → what, colour, is, the, circle. */
export const questionWords = (text: string): string[] => text.toLowerCase().replace(/[?.,!;:]/g, " ").split(/\s+/).filter(Boolean);

/** The question that these words are, or undefined where they fit no template. */
export function parseQuestion(text: string): Question | undefined {
  const words = questionWords(text);
  const fitsSlot = (slot: string, word: string) =>
    slot === "{colour}" ? (COLOURS as readonly string[]).includes(word) : slot === "{shape}" ? (SHAPES as readonly string[]).includes(word) : slot === word;
  for (const [form, template] of Object.entries(TEMPLATES) as [Form, string][]) {
    const slots = template.split(" ");
    if (slots.length !== words.length || !slots.every((slot, i) => fitsSlot(slot, words[i]))) continue;
    const question: Record<string, string> = {form};
    slots.forEach((slot, i) => {
      if (slot.startsWith("{")) question[slot.slice(1, -1)] = words[i];
    });
    return question as unknown as Question;
  }
  return undefined;
}

/** Every word a question may use: the templates' words, the colours and the shapes. */
export const GRAMMAR_WORDS: readonly string[] = [
  ...new Set(Object.values(TEMPLATES).flatMap((template) => template.split(" ").filter((word) => !word.startsWith("{")))),
  ...COLOURS,
  ...SHAPES
];

/** The padding token, index 0 of VOCABULARY. */
export const PAD = "<pad>";

/** The model's input words: PAD, then GRAMMAR_WORDS (23 in all). */
export const VOCABULARY: readonly string[] = [PAD, ...GRAMMAR_WORDS];

/** Tokens per question: the longest template's 10 words, shorter questions padded at the end. */
export const QUESTION_LENGTH = Math.max(...Object.values(TEMPLATES).map((template) => template.split(" ").length));

/** The words of a typed question that are outside the grammar, each named once, in order of appearance. */
export const wordsOutsideGrammar = (text: string): string[] => [...new Set(questionWords(text).filter((word) => !GRAMMAR_WORDS.includes(word)))];

/** The VOCABULARY indices of a question's words, padded to QUESTION_LENGTH; throws on a word outside the grammar or a question too long. */
export function tokenise(text: string): number[] {
  const words = questionWords(text);
  const outside = wordsOutsideGrammar(text);
  if (outside.length > 0) throw new Error(`outside the grammar: ${outside.join(", ")}`);
  if (words.length > QUESTION_LENGTH) throw new Error(`${words.length} words; a question has at most ${QUESTION_LENGTH}`);
  return Array.from({length: QUESTION_LENGTH}, (_, i) => (i < words.length ? VOCABULARY.indexOf(words[i]) : 0));
}

/** Every answer, one word each: yes and no (existence), the digits 0–5 (count), the colours (attribute, relation) and the shapes (attribute). */
export const ANSWERS: readonly string[] = ["yes", "no", ...Array.from({length: MAX_OBJECTS + 1}, (_, n) => String(n)), ...COLOURS, ...SHAPES];
