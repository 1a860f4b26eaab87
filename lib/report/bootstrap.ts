// A percentile bootstrap that resamples scenarios, not tasks: AppWorld's tasks `{scenario}_{1..3}`
// share apps, people and wording, so their outcomes move together and a task-level bootstrap would
// give intervals that are too narrow.
import { createRandom } from "../world/random.js";

/** One scenario's contribution: the sum of a per-task quantity over its tasks, and how many tasks. */
export interface ScenarioSum {
  readonly sum: number;
  readonly tasks: number;
}

/** Options of {@link bootstrapMean}. */
export interface BootstrapOptions {
  /** Resamples drawn. @default 10000 */
  readonly resamples?: number;
  /** Seed of the generator, so that a rerun gives the same interval. @default 0 */
  readonly seed?: number;
  /** Coverage of the interval. @default 0.95 */
  readonly confidence?: number;
}

/** The statistic on the data, and its percentile interval. */
export interface BootstrapInterval {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
  readonly confidence: number;
  readonly resamples: number;
  readonly seed: number;
}

// The per-task mean (Σ sums / Σ tasks) and its interval, drawing whole scenarios with replacement.
export function bootstrapMean(scenarios: readonly ScenarioSum[], options: BootstrapOptions = {}): BootstrapInterval {
  const resamples = options.resamples ?? 10_000;
  const seed = options.seed ?? 0;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`Expected \`resamples\` to be a positive integer, got \`${resamples}\`.`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`Expected \`confidence\` to be between 0 and 1 (e.g. 0.95), got \`${confidence}\`.`);
  }
  const n = scenarios.length;
  const sums = Float64Array.from(scenarios, (s) => s.sum);
  const counts = Float64Array.from(scenarios, (s) => s.tasks);
  const estimate = ratio(
    sums.reduce((a, b) => a + b, 0),
    counts.reduce((a, b) => a + b, 0),
  );
  if (n === 0) return { estimate, low: estimate, high: estimate, confidence, resamples, seed };
  const random = createRandom(seed);
  const draws = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    let tasks = 0;
    for (let i = 0; i < n; i++) {
      const pick = Math.floor(random.next() * n);
      sum += sums[pick] as number;
      tasks += counts[pick] as number;
    }
    draws[r] = ratio(sum, tasks);
  }
  draws.sort();
  const alpha = (1 - confidence) / 2;
  // Nearest-rank percentiles: the k-th smallest of R draws with k = ⌈q·R⌉ (1-based).
  const rank = (q: number) => draws[Math.min(resamples, Math.max(1, Math.ceil(q * resamples))) - 1] as number;
  return { estimate, low: rank(alpha), high: rank(1 - alpha), confidence, resamples, seed };
}

function ratio(sum: number, tasks: number): number {
  return tasks === 0 ? 0 : sum / tasks;
}
