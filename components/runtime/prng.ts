/** A seeded source of uniform numbers in [0, 1): mulberry32, as SPEC.md section 0 asks. */
export type Random = () => number;

/** mulberry32(seed) returns a generator of uniform numbers in [0, 1) that depends only on the seed. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for an independent stream of `seed` (a golden-ratio offset per stream number), so two uses of one seed never share draws. */
export function streamSeed(seed: number, stream: number): number {
  return (seed + Math.imul(stream, 0x9e3779b9)) >>> 0;
}

/** A standard normal sample by Box–Muller from two uniforms of `random`. */
export function gaussian(random: Random): number {
  const u = 1 - random(); // (0, 1], so the log is finite
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** n samples of N(0, std²), drawn in order from `random`. */
export function normalArray(random: Random, n: number, std: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; ++i) out[i] = std * gaussian(random);
  return out;
}
