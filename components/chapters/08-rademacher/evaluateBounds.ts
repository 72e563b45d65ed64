/**
 * The bounds of chapter 8's prose, each evaluated by mathjs from its expression in BOUND_EXPRESSIONS. The page calls
 * these in the experiment worker (experimentWorker.ts), once its first sweep has ended: mathjs builds its functions
 * on their first use, about 55 ms of this machine's page thread and 220 ms on Lighthouse's 4× slower phone, and its
 * evaluator is 93 KiB (gzip) that the page's first result does not wait for (the budgets of scripts/pageBudgets.ts).
 */
import {BOUND_EXPRESSIONS} from "./boundExpressions.js";

/** mathjs's evaluator (math.ts), a chunk of its own, fetched at the first evaluation. */
const mathjs = () => import("./math.js").then(({math}) => math);

/** At one setting: concatenation's bound B √(Σ_m R_m²) / √n, attention's B max_m R_m / √n, and their ratio. */
export async function evaluateBounds({B, R, n, M}: {B: number; R: number[]; n: number; M: number}): Promise<{concatenation: number; attention: number; ratio: number}> {
  const math = await mathjs();
  const scope = {B, R, n, M, pi: Math.PI};
  return {
    concatenation: math.evaluate(BOUND_EXPRESSIONS.concatenation, scope),
    attention: math.evaluate(BOUND_EXPRESSIONS.attention, scope),
    ratio: math.evaluate(BOUND_EXPRESSIONS.ratio, scope)
  };
}

/** Concatenation's complexity for antipodal modalities, 2B / √(π n), at each n. */
export async function antipodalBounds(B: number, ns: number[]): Promise<number[]> {
  const math = await mathjs();
  return ns.map((n) => math.evaluate(BOUND_EXPRESSIONS.antipodalConcatenation, {B, n, pi: Math.PI}));
}
