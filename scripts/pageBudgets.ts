/**
 * The course's byte budgets, in one table: KiB of gzip-compressed JavaScript a page fetches before its first
 * result (issue 19). test/unit/pageBudgets.test.ts weighs every page against them (scripts/pageWeights.ts);
 * `npm run bench` records the weights in BENCHMARKS.md.
 * - home: until its text and chapter map are on the screen (the live demo loads when the reader starts it);
 * - a chapter, and Your machine: its own code with the WASM backend, the fallback every browser has.
 * Observable Framework's own client (about 17 KiB, the same on every page) is not the course's code and is
 * not counted here; Lighthouse's transfer sizes in BENCHMARKS.md include it.
 */
export const PAGE_BUDGETS_KIB = {
  home: 60,
  chapter: 300,
  machine: 300
} as const;

/** Which budget a page's entry (scripts/bundleOptions.ts: page-index, page-machine, page-NN-slug) answers to. */
export function budgetOf(entry: string): {kind: keyof typeof PAGE_BUDGETS_KIB; kib: number} {
  const kind = entry === "page-index" ? "home" : entry === "page-machine" ? "machine" : "chapter";
  return {kind, kib: PAGE_BUDGETS_KIB[kind]};
}
