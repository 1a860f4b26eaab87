// Reference policies run through the real executor: `gold` executes a task's gold steps, `noop`
// executes nothing. Used by `agentft start`, `agentft world solve`, the tests and the benchmark.
import { evaluateTask, passPercentage } from "./evaluate.js";
import { cloneState } from "./state.js";
import { createReplPool } from "./executor/index.js";
import { getTask, listTaskIds } from "./tasks/catalog.js";
import type { EvaluationReport, Split } from "./tasks/types.js";
import { openTaskWorld, type OpenTaskWorldOptions } from "./task-world.js";

export type ReferencePolicy = "gold" | "noop";

export interface SolveTaskOptions extends OpenTaskWorldOptions {
  /** @default "gold" */
  readonly policy?: ReferencePolicy;
}

export interface SolveTaskResult {
  readonly taskId: string;
  readonly report: EvaluationReport;
  /** The execution output of each gold step, in order (empty for `noop`). */
  readonly outputs: readonly string[];
}

// Opens the task's world, runs the policy, evaluates and closes the world.
export async function solveTask(taskId: string, options: SolveTaskOptions = {}): Promise<SolveTaskResult> {
  const { policy = "gold", ...worldOptions } = options;
  if (policy === "noop") {
    // Doing nothing executes no code, so the end state is the start state; no REPL is needed.
    const task = getTask(taskId);
    const start = task.buildState();
    return { taskId, report: evaluateTask(task, start, cloneState(start)), outputs: [] };
  }
  const world = await openTaskWorld(taskId, worldOptions);
  try {
    const outputs: string[] = [];
    for (const step of world.task.goldSteps) outputs.push(await world.execute(step.action));
    return { taskId, report: world.evaluate(), outputs };
  } finally {
    await world.close();
  }
}

/** Aggregate figures of a set of task reports, AppWorld style. */
export interface SolveSummary {
  readonly tasks: number;
  readonly passedTasks: number;
  /** Task goal completion: % of tasks whose tests all pass. */
  readonly tgc: number;
  /** Scenario goal completion: % of scenarios all of whose tasks pass. */
  readonly sgc: number;
  /** Mean of the per-task pass percentages (passed tests / tests). */
  readonly meanPassPercentage: number;
  readonly byDifficulty: readonly {
    readonly difficulty: 1 | 2 | 3;
    readonly tasks: number;
    readonly tgc: number;
    readonly meanPassPercentage: number;
  }[];
}

export interface SolveSplitOptions extends SolveTaskOptions {
  /** Worlds run at the same time (each with its own REPL). @default 4 */
  readonly concurrency?: number;
  /** Only these task ids (default: every task of the split). */
  readonly taskIds?: readonly string[];
  /** Called after each task with the count done so far. */
  readonly onProgress?: (progress: {
    readonly done: number;
    readonly total: number;
    readonly result: SolveTaskResult;
  }) => void;
  readonly signal?: AbortSignal;
}

export interface SolveSplitResult {
  readonly split: Split;
  readonly policy: ReferencePolicy;
  readonly results: readonly SolveTaskResult[];
  readonly summary: SolveSummary;
  readonly durationMs: number;
}

// Runs a reference policy on every task of a split with a few worlds in parallel.
export async function solveSplit(split: Split, options: SolveSplitOptions = {}): Promise<SolveSplitResult> {
  const { concurrency = 4, taskIds, onProgress, signal, ...taskOptions } = options;
  const ids = taskIds ? [...taskIds] : listTaskIds(split);
  // A pool as deep as the concurrency keeps a started Python process ready for every worker.
  const ownPool =
    taskOptions.pool === undefined && taskOptions.policy !== "noop"
      ? createReplPool({
          sandbox: taskOptions.sandbox ?? "auto",
          size: concurrency,
          ...(taskOptions.onWarning ? { onWarning: taskOptions.onWarning } : {}),
        })
      : undefined;
  const worldOptions = ownPool ? { ...taskOptions, pool: ownPool } : taskOptions;
  const started = performance.now();
  const results: SolveTaskResult[] = new Array(ids.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      signal?.throwIfAborted();
      const index = next++;
      const result = await solveTask(ids[index] as string, worldOptions);
      results[index] = result;
      done += 1;
      onProgress?.({ done, total: ids.length, result });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, ids.length)) }, worker));
  } finally {
    await ownPool?.close();
  }
  return {
    split,
    policy: taskOptions.policy ?? "gold",
    results,
    summary: summarizeReports(results),
    durationMs: performance.now() - started,
  };
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10;
}

// TGC, SGC, mean pass % and per-difficulty rows of a set of results (scenario = id before `_`).
export function summarizeReports(
  results: readonly { readonly taskId: string; readonly report: EvaluationReport }[],
): SolveSummary {
  const passed = results.filter((r) => r.report.success);
  const scenarios = new Map<string, boolean>();
  for (const r of results) {
    const scenario = r.taskId.split("_")[0] as string;
    scenarios.set(scenario, (scenarios.get(scenario) ?? true) && r.report.success);
  }
  const mean = (rs: readonly { report: EvaluationReport }[]) =>
    rs.length === 0 ? 0 : Math.round((10 * rs.reduce((s, r) => s + passPercentage(r.report), 0)) / rs.length) / 10;
  const byDifficulty = ([1, 2, 3] as const)
    .map((difficulty) => {
      const rs = results.filter((r) => r.report.difficulty === difficulty);
      return {
        difficulty,
        tasks: rs.length,
        tgc: percent(rs.filter((r) => r.report.success).length, rs.length),
        meanPassPercentage: mean(rs),
      };
    })
    .filter((row) => row.tasks > 0);
  return {
    tasks: results.length,
    passedTasks: passed.length,
    tgc: percent(passed.length, results.length),
    sgc: percent([...scenarios.values()].filter(Boolean).length, scenarios.size),
    meanPassPercentage: mean(results),
    byDifficulty,
  };
}
