import * as tf from "@tensorflow/tfjs-core";

/**
 * How a message names what a reader's edited cell returned, when it is not what the cell needs: "nothing", "null",
 * "an array", "a string", "a single number (a [] tensor)", "a [4, 2] tensor". Every chapter's output check
 * (the `problem` of its EditableCell) starts with it: "Your code returned a [4, 2] tensor, not [4]: …".
 */
export function returnedText(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof tf.Tensor) return value.rank === 0 ? "a single number (a [] tensor)" : `a [${value.shape.join(", ")}] tensor`;
  const type = typeof value;
  return `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
}
