/**
 * The bounds of chapter 8's prose, each evaluated by mathjs from its expression in BOUND_EXPRESSIONS. The page calls
 * these in the experiment worker (experimentWorker.ts): mathjs builds its functions on their first use, about 55 ms
 * of this machine's page thread and 220 ms on Lighthouse's 4× slower phone, and its evaluator is 93 KiB (gzip) of
 * script that the page then does not load.
 */
import {BOUND_EXPRESSIONS} from "./boundExpressions.js";
import {math} from "./math.js";

/** At one setting: concatenation's bound B √(Σ_m R_m²) / √n, attention's B max_m R_m / √n, and their ratio. */
export function evaluateBounds({B, R, n, M}: {B: number; R: number[]; n: number; M: number}): {concatenation: number; attention: number; ratio: number} {
  const scope = {B, R, n, M, pi: Math.PI};
  return {
    concatenation: math.evaluate(BOUND_EXPRESSIONS.concatenation, scope),
    attention: math.evaluate(BOUND_EXPRESSIONS.attention, scope),
    ratio: math.evaluate(BOUND_EXPRESSIONS.ratio, scope)
  };
}

/** Concatenation's complexity for antipodal modalities, 2B / √(π n), at each n. */
export function antipodalBounds(B: number, ns: number[]): number[] {
  return ns.map((n) => math.evaluate(BOUND_EXPRESSIONS.antipodalConcatenation, {B, n, pi: Math.PI}));
}
