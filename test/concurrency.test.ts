import { describe, expect, it } from "vitest";
import { createLimiter, mapBounded } from "../lib/concurrency.js";

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Tracks how many calls run at once, and the most seen.
function gauge() {
  let active = 0;
  let peak = 0;
  return {
    get peak() {
      return peak;
    },
    get active() {
      return active;
    },
    async around<T>(work: () => Promise<T>): Promise<T> {
      active++;
      peak = Math.max(peak, active);
      try {
        return await work();
      } finally {
        active--;
      }
    },
  };
}

describe("createLimiter", () => {
  it("keeps at most `limit` calls in flight and runs the rest in order", async () => {
    const limiter = createLimiter(2);
    const load = gauge();
    const order: number[] = [];
    const all = Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        limiter.run(() =>
          load.around(async () => {
            await tick(10);
            order.push(i);
          }),
        ),
      ),
    );
    await tick(1);
    expect(limiter.active).toBe(2);
    expect(limiter.waiting).toBe(4);
    await all;
    expect(load.peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(limiter.active).toBe(0);
    expect(limiter.waiting).toBe(0);
  });

  it("keeps a long queue in arrival order (past the queue's compaction)", async () => {
    const limiter = createLimiter(3);
    const order: number[] = [];
    const all = Promise.all(
      Array.from({ length: 5000 }, (_, i) =>
        limiter.run(async () => {
          order.push(i);
          await Promise.resolve();
        }),
      ),
    );
    expect(limiter.waiting).toBe(4997);
    await all;
    expect(order).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect([limiter.active, limiter.waiting]).toEqual([0, 0]);
  });

  it("frees the slot of a call that throws", async () => {
    const limiter = createLimiter(1);
    await expect(limiter.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limiter.run(async () => 7)).resolves.toBe(7);
    expect(limiter.active).toBe(0);
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses the limit %s, naming it", (limit) => {
    expect(() => createLimiter(limit)).toThrow(
      `Expected the concurrency limit to be a positive integer, got \`${String(limit)}\` (number); pass 1 or more.`,
    );
  });
});

describe("mapBounded", () => {
  it("maps every item with at most `limit` in flight, results in the items' order", async () => {
    const load = gauge();
    const items = [30, 5, 20, 1, 10, 2, 8];
    const results = await mapBounded(items, 3, (ms, index) =>
      load.around(async () => {
        await tick(ms);
        return `${index}:${ms}`;
      }),
    );
    expect(results).toEqual(items.map((ms, i) => `${i}:${ms}`));
    expect(load.peak).toBe(3);
  });

  it("runs nothing for no items, and one at a time with limit 1", async () => {
    await expect(mapBounded([], 4, async () => 1)).resolves.toEqual([]);
    const load = gauge();
    await mapBounded([1, 2, 3], 1, (n) => load.around(async () => tick(n)));
    expect(load.peak).toBe(1);
  });

  it("after a failure starts no further item and rejects only once the running ones have ended", async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const error = new Error("item 1 failed");
    const outcome = mapBounded([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      if (n === 1) throw error;
      await tick(20);
      finished.push(n);
      return n;
    });
    await expect(outcome).rejects.toBe(error);
    // Item 0 was running when item 1 failed: it ran to its end before the call rejected, and no
    // item started after the failure.
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([0]);
  });

  it("stops taking items once the signal aborts, and rejects with its reason", async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const outcome = mapBounded(
      Array.from({ length: 10 }, (_, i) => i),
      2,
      async (n) => {
        started.push(n);
        if (n === 2) controller.abort(new Error("stopped by the user"));
        await tick(5);
        return n;
      },
      { signal: controller.signal },
    );
    await expect(outcome).rejects.toThrow("stopped by the user");
    expect(started).toEqual([0, 1, 2]);
  });

  it("starts nothing under a signal already aborted", async () => {
    const started: number[] = [];
    await expect(
      mapBounded([1, 2], 2, async (n) => void started.push(n), { signal: AbortSignal.abort(new Error("early")) }),
    ).rejects.toThrow("early");
    expect(started).toEqual([]);
  });
});
