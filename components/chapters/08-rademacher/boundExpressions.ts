/**
 * Chapter 8's bounds as mathjs expressions over B, R (the per-modality norms), n and M: the page
 * shows each one evaluated beside its formula, and the tests check them against rademacher.ts.
 */
export const BOUND_EXPRESSIONS = {
  concatenation: "B * sqrt(sum(R .^ 2)) / sqrt(n)",
  attention: "B * max(R) / sqrt(n)",
  ratio: "sqrt(sum(R .^ 2)) / max(R)",
  antipodalConcatenation: "2 * B / sqrt(pi * n)"
} as const;
