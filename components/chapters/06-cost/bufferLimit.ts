/**
 * The first N whose N × N float32 scores do not fit one GPU buffer, and what a run at that size reports, as
 * plain arithmetic apart from the attention's tfjs code (attentionAtSize.ts): the page offers the run from this,
 * and the experiment worker makes it.
 */
export interface AttentionAtSize {
  kernel: "fused" | "unfused";
  n: number;
  ok: boolean;
  ms: number; // the whole call, output read back
  why?: string; // what failed
}

/** The first power-of-two N whose float32 N × N scores do not fit a buffer of `limitBytes`: where tfjs's three ops must fail. */
export function sizePastBufferLimit(limitBytes: number): number {
  return 2 ** Math.ceil(Math.log2(Math.sqrt(limitBytes / 4) + 1));
}
