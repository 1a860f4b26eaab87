// Line several runs up task by task, on the tasks they all have: a comparison over different task
// sets would compare different things, so the rest is left out and named in a warning.
import { ConfigError } from "../errors.js";
import { compareResults, scenarioOf, type EvalResults } from "../eval/index.js";

/** Options of {@link alignRuns}. */
export interface AlignRunsOptions {
  /** Name of the run the others are compared to. @default the first run */
  readonly baseline?: string;
}

/** One task of the aligned runs. */
export interface AlignedTask {
  /** 1-based row of the task in the baseline's file (the seed report's Index). */
  readonly index: number;
  readonly taskId: string;
  readonly scenarioId: string;
  /** Per run name: pass % (mean over trials, 1 decimal as AppWorld rounds). */
  readonly passPercent: Readonly<Record<string, number>>;
  /** Per run name: share of trials whose tests all passed, from 0 to 1. */
  readonly successRate: Readonly<Record<string, number>>;
}

/** Runs on their common tasks, in the baseline's order. */
export interface AlignedRuns {
  /** Unique run names (a repeated name gets ` (2)`), in the order given. */
  readonly runs: readonly string[];
  readonly baseline: string;
  readonly tasks: readonly AlignedTask[];
  /** Per run, the task ids it has that some other run lacks (left out of every comparison). */
  readonly leftOut: readonly { readonly run: string; readonly taskIds: readonly string[] }[];
  readonly warnings: readonly string[];
}

// Align runs on the intersection of their task ids.
export function alignRuns(results: readonly EvalResults[], options: AlignRunsOptions = {}): AlignedRuns {
  if (results.length === 0) throw new ConfigError("No results to compare; give at least one run, CSV or JSON file.");
  const comparison = compareResults(results);
  const runs = comparison.rows.map((row) => row.name);
  const baseline = options.baseline ?? (runs[0] as string);
  const baselineIndex = runs.indexOf(baseline);
  if (baselineIndex < 0) {
    throw new ConfigError(
      `The baseline \`${baseline}\` is not one of the runs compared (${runs.map((r) => `\`${r}\``).join(", ")}); pass one of those names.`,
      [{ path: "baseline", message: `unknown run ${baseline}` }],
    );
  }
  const idSets = results.map((r) => new Set(r.tasks.map((t) => t.taskId)));
  const common = (taskId: string) => idSets.every((ids) => ids.has(taskId));
  const leftOut = results
    .map((_r, i) => ({ run: runs[i] as string, taskIds: [...(idSets[i] as Set<string>)].filter((id) => !common(id)) }))
    .filter((entry) => entry.taskIds.length > 0);
  const warnings = leftOut.map(
    ({ run, taskIds }) =>
      `\`${run}\` has ${taskIds.length} task(s) that another run lacks, left out of the comparison: ` +
      `${taskIds.slice(0, 8).join(", ")}${taskIds.length > 8 ? `, … (${taskIds.length - 8} more)` : ""}.`,
  );
  const rates = results.map(successRates);
  const baselineOrder = firstRows(results[baselineIndex] as EvalResults);
  const byId = new Map(comparison.tasks.map((task) => [task.taskId, task]));
  const tasks = [...baselineOrder.entries()]
    .filter(([taskId]) => common(taskId))
    .map(([taskId, index]) => ({
      index,
      taskId,
      scenarioId: scenarioOf(taskId),
      passPercent: Object.fromEntries(runs.map((run) => [run, byId.get(taskId)?.passPercent[run] as number])) as Record<
        string,
        number
      >,
      successRate: Object.fromEntries(runs.map((run, i) => [run, rates[i]?.get(taskId) ?? 0])),
    }));
  return { runs, baseline, tasks, leftOut, warnings };
}

// Each task's 1-based position among the run's distinct tasks, in file order (the file's row for a CSV).
function firstRows(results: EvalResults): Map<string, number> {
  const rows = new Map<string, number>();
  for (const task of results.tasks) if (!rows.has(task.taskId)) rows.set(task.taskId, rows.size + 1);
  return rows;
}

function successRates(results: EvalResults): Map<string, number> {
  const counts = new Map<string, { passed: number; trials: number }>();
  for (const task of results.tasks) {
    const entry = counts.get(task.taskId) ?? { passed: 0, trials: 0 };
    counts.set(task.taskId, { passed: entry.passed + (task.success ? 1 : 0), trials: entry.trials + 1 });
  }
  return new Map([...counts].map(([taskId, { passed, trials }]) => [taskId, passed / trials]));
}
