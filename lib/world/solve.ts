// Reference policies run through the real executor: `gold` executes a task's gold steps, `noop`
// executes nothing. Used by `agentft world solve`, the tests and the benchmark; their metrics (TGC, SGC)
// are computed by eval/metrics.ts, the one implementation.
import { mapBounded } from "../concurrency.js";
import { evaluateTask } from "./evaluate.js";
import { cloneState } from "./state.js";
import { createReplPool } from "./executor/index.js";
import { getTask, listTaskIds } from "./tasks/catalog.js";
import type { EvaluationReport, Split } from "./tasks/types.js";
import type { ReferencePolicy } from "./reference-policy.js";
import { openTaskWorld, type OpenTaskWorldOptions } from "./task-world.js";

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
  let done = 0;
  let results: SolveTaskResult[];
  try {
    results = await mapBounded(
      ids,
      concurrency,
      async (id) => {
        const result = await solveTask(id, worldOptions);
        done += 1;
        onProgress?.({ done, total: ids.length, result });
        return result;
      },
      signal ? { signal } : {},
    );
  } finally {
    await ownPool?.close();
  }
  return {
    split,
    policy: taskOptions.policy ?? "gold",
    results,
    durationMs: performance.now() - started,
  };
}
