// Bounded concurrency, shared by every area that fans work out (synthesis, gold runs, eval tasks, model
// calls, reference solves): one counting semaphore, and a map over items built on it.

/** Runs async work with at most `limit` calls in flight; the rest wait in the order they arrived. */
export interface Limiter {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Calls running now. */
  readonly active: number;
  /** Calls waiting for a slot. */
  readonly waiting: number;
}

// Create a limiter for `limit` concurrent calls.
export function createLimiter(limit: number): Limiter {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(
      `Expected the concurrency limit to be a positive integer, got \`${String(limit)}\` (${typeof limit}); pass 1 or more.`,
    );
  }
  let active = 0;
  const queue: (() => void)[] = [];
  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    async run(work) {
      if (active >= limit) await new Promise<void>((resolve) => queue.push(resolve));
      else active++;
      try {
        return await work();
      } finally {
        // Hand the slot straight to the next waiter so `active` never dips and lets a newcomer jump the queue.
        const next = queue.shift();
        if (next) next();
        else active--;
      }
    },
  };
}

/** Options of {@link mapBounded}. */
export interface MapBoundedOptions {
  /** Once aborted, no further item starts; the call rejects with the signal's reason after the running ones end. */
  readonly signal?: AbortSignal;
}

// Run `work` over the items with at most `limit` in flight; results keep the items' order. After the first
// failure (or an abort) no further item starts, and the call rejects only once the running ones have ended,
// so nothing keeps working behind a rejected call.
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  options: MapBoundedOptions = {},
): Promise<R[]> {
  const limiter = createLimiter(limit);
  const results = new Array<R>(items.length);
  let stopped: { readonly reason: unknown } | undefined;
  await Promise.all(
    items.map((item, index) =>
      limiter.run(async () => {
        if (stopped) return;
        if (options.signal?.aborted) {
          stopped = { reason: options.signal.reason };
          return;
        }
        try {
          results[index] = await work(item, index);
        } catch (error) {
          stopped ??= { reason: error };
        }
      }),
    ),
  );
  if (stopped) throw stopped.reason;
  return results;
}
