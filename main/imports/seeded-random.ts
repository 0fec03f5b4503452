/**
 * mulberry32: a tiny deterministic PRNG for sample and synthetic data — the same seed gives the same rows on
 * every machine. Not for anything secret.
 */
export function seededRandom(seed: number): () => number {
  return seededRandomFrom(seed).next;
}

/**
 * The same generator with its 32-bit state readable, so a sequence can be continued elsewhere (the synthetic rows
 * are generated in batches, each a step on the docdesk writer, from where the previous batch left off).
 */
export function seededRandomFrom(state: number): { next: () => number; state: () => number } {
  let a = state >>> 0;
  return {
    next: () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    },
    state: () => a,
  };
}
