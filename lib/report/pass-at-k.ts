// Runs with several trials per task: per-task success rates, pass@k (some of k trials succeeds) and
// pass^k (all k succeed, τ-bench's consistency measure), both unbiased estimates from n ≥ k trials.
import { ConfigError } from "../errors.js";
import type { EvalResults } from "../eval/index.js";

/** One task's trials. */
export interface TaskTrials {
  readonly taskId: string;
  readonly trials: number;
  readonly successes: number;
  readonly successRate: number;
  /** 1 − C(n−c, k) / C(n, k). */
  readonly passAtK: number;
  /** C(c, k) / C(n, k). */
  readonly passHatK: number;
}

/** pass@k and pass^k of a run, as percentages averaged over tasks, and the per-task figures. */
export interface TrialsSummary {
  readonly run: string;
  readonly k: number;
  readonly passAtK: number;
  readonly passHatK: number;
  readonly tasks: readonly TaskTrials[];
}

// C(a, k) / C(n, k) as a product, exact enough for any trial count.
function chooseRatio(a: number, n: number, k: number): number {
  if (a < k) return 0;
  let ratio = 1;
  for (let i = 0; i < k; i++) ratio *= (a - i) / (n - i);
  return ratio;
}

// Summarize a run's trials for one k; every task needs at least k trials.
export function summarizeTrials(results: EvalResults, k: number): TrialsSummary {
  if (!Number.isInteger(k) || k < 1) {
    throw new ConfigError(`Expected \`k\` to be a positive integer, got \`${k}\`; use 1 to the number of trials.`);
  }
  const counts = new Map<string, { trials: number; successes: number }>();
  for (const task of results.tasks) {
    const entry = counts.get(task.taskId) ?? { trials: 0, successes: 0 };
    counts.set(task.taskId, { trials: entry.trials + 1, successes: entry.successes + (task.success ? 1 : 0) });
  }
  const short = [...counts].filter(([, c]) => c.trials < k);
  if (short.length > 0) {
    throw new ConfigError(
      `\`${results.name}\` has fewer than k = ${k} trials for ${short.length} task(s) (${short
        .slice(0, 5)
        .map(([id, c]) => `${id}: ${c.trials}`)
        .join(", ")}); lower k or rerun with \`--trials ${k}\` (the run resumes).`,
      [{ path: "k", message: `needs ${k} trials per task` }],
    );
  }
  const tasks = [...counts].map(([taskId, { trials, successes }]) => ({
    taskId,
    trials,
    successes,
    successRate: successes / trials,
    passAtK: 1 - chooseRatio(trials - successes, trials, k),
    passHatK: chooseRatio(successes, trials, k),
  }));
  const mean = (values: number[]) =>
    values.length === 0 ? 0 : (100 * values.reduce((a, b) => a + b, 0)) / values.length;
  return {
    run: results.name,
    k,
    passAtK: mean(tasks.map((t) => t.passAtK)),
    passHatK: mean(tasks.map((t) => t.passHatK)),
    tasks,
  };
}
