// npm run bench:concurrency — the cost of lib/concurrency.ts on a long fan-out, against a baseline in the
// same run: a hand-written worker loop (what each area wrote before) over the same items and limit.
// 1. mapBounded over 200,000 trivial items, 8 at a time (synthesis maps up to 70,000 requests this way).
// 2. 200,000 calls queued on one limiter at once (the model-call limiter of an eval run).
import os from "node:os";
import { createLimiter, mapBounded } from "../lib/concurrency.js";

const COUNT = 200_000;
const LIMIT = 8;
const items = Array.from({ length: COUNT }, (_, i) => i);
const work = async (n: number): Promise<number> => n * 2;

async function workerLoop<T, R>(list: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(list.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const index = next++;
      results[index] = await fn(list[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
  return results;
}

async function bestOf(runs: number, fn: () => Promise<unknown>): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

console.log(`agentft concurrency bench — node ${process.version}, ${os.cpus().length} cores, best of 5`);
const baseline = await bestOf(5, () => workerLoop(items, LIMIT, work));
const mapped = await bestOf(5, () => mapBounded(items, LIMIT, work));
console.log(
  `mapBounded, ${COUNT} items × ${LIMIT}: ${mapped.toFixed(1)} ms; worker loop ${baseline.toFixed(1)} ms; ratio ${(mapped / baseline).toFixed(2)}`,
);
const queued = await bestOf(5, () => {
  const limiter = createLimiter(LIMIT);
  return Promise.all(items.map((n) => limiter.run(() => work(n))));
});
console.log(
  `createLimiter, ${COUNT} calls queued at once × ${LIMIT}: ${queued.toFixed(1)} ms (${((queued * 1000) / COUNT).toFixed(2)} µs a call); ratio to the worker loop ${(queued / baseline).toFixed(1)}`,
);
