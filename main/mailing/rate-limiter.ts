// Token bucket: at most `perSec` requests per second, bursts up to one second's worth.
export function createRateLimiter(perSec: number, clock: () => number = () => performance.now()) {
  const capacity = Math.max(1, perSec);
  let tokens = capacity;
  let last = clock();
  function refill(): void {
    const t = clock();
    tokens = Math.min(capacity, tokens + ((t - last) / 1000) * perSec);
    last = t;
  }
  return {
    /** Takes a token only if one is available now. */
    tryAcquire(): boolean {
      refill();
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    async acquire(signal?: AbortSignal): Promise<void> {
      for (;;) {
        refill();
        if (tokens >= 1) {
          tokens -= 1;
          return;
        }
        if (signal?.aborted) return;
        await new Promise((r) => setTimeout(r, Math.ceil(((1 - tokens) / perSec) * 1000)));
      }
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;
