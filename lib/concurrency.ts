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
  // A FIFO with a moving head: `shift()` on a long array is linear, and a fan-out of 100,000 calls would go quadratic.
  let queue: (() => void)[] = [];
  let head = 0;
  const take = (): (() => void) | undefined => {
    if (head === queue.length) return undefined;
    const next = queue[head++];
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
    return next;
  };
  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length - head;
    },
    async run(work) {
      if (active >= limit) await new Promise<void>((resolve) => queue.push(resolve));
      else active++;
      try {
        return await work();
      } finally {
        // Hand the slot straight to the next waiter so `active` never dips and lets a newcomer jump the queue.
        const next = take();
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
  // The limiter checks `limit`; its slots are taken by `limit` workers that each pull the next item, so a
  // long list costs no promise per waiting item.
  const limiter = createLimiter(limit);
  const results = new Array<R>(items.length);
  let next = 0;
  let stopped: { readonly reason: unknown } | undefined;
  const worker = (): Promise<void> =>
    limiter.run(async () => {
      while (next < items.length && !stopped) {
        if (options.signal?.aborted) {
          stopped = { reason: options.signal.reason };
          break;
        }
        const index = next++;
        try {
          results[index] = await work(items[index] as T, index);
        } catch (error) {
          stopped ??= { reason: error };
        }
      }
    });
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (stopped) throw stopped.reason;
  return results;
}
