// AppWorld's metrics over any results: per task pass % (the seed's number), per run TGC, SGC, per difficulty.
import { scenarioOf, type TaskEvaluation, type TaskRecord } from "./task-record.js";

/**
 * One task's outcome in a form every source can fill: our runs fill every field; the seed's
 * `Key,Value` CSVs only know the pass % (the rest is null).
 */
export interface TaskResult {
  readonly taskId: string;
  readonly scenarioId: string;
  /** 1-based; 1 for sources without trials. */
  readonly trial: number;
  readonly difficulty: number | null;
  /** passed tests / total tests × 100, the seed's number. */
  readonly passPercent: number;
  /** Every test passed (AppWorld's `success`). */
  readonly success: boolean;
  readonly numTests: number | null;
  readonly passedTests: number | null;
  /** Pass % over the `no_op_fail` tests only (those a do-nothing policy fails); null when unknown or the task has none. */
  readonly passPercentNoOpFail: number | null;
  readonly steps: number | null;
  readonly formatErrors: number | null;
  readonly totalTokens: number | null;
  readonly durationMs: number | null;
  /** USD spent on the model for this task when prices were given; null otherwise. */
  readonly costUsd: number | null;
}

/** TGC / SGC / mean pass % over one group of tasks (a run, or one difficulty level). */
export interface GroupMetrics {
  readonly tasks: number;
  readonly scenarios: number;
  /** Task goal completion: % of tasks whose tests all pass. */
  readonly tgc: number;
  /** Scenario goal completion: % of scenarios all of whose tasks pass (per trial). */
  readonly sgc: number;
  readonly meanPassPercent: number;
  /** Mean pass % excluding `no_op_pass` tests; null when no task of the group has labels. */
  readonly meanPassPercentNoOpFail: number | null;
}

/** A run's metrics: overall, per difficulty, and the step/token/time totals (null where the source lacks them). */
export interface RunMetrics extends GroupMetrics {
  readonly trials: number;
  readonly byDifficulty: readonly ({ readonly difficulty: number } & GroupMetrics)[];
  readonly meanSteps: number | null;
  readonly formatErrors: number | null;
  readonly totalTokens: number | null;
  readonly meanDurationMs: number | null;
  /** Total model cost in USD; null unless every task knows its cost. */
  readonly totalCostUsd: number | null;
}

// Turn one record of our own runs into a TaskResult.
export function toTaskResult(record: TaskRecord): TaskResult {
  const { episode } = record;
  return {
    ...taskResultFromEvaluation(record.taskId, record.evaluation, { trial: record.trial }),
    scenarioId: record.scenarioId,
    steps: episode.steps.length,
    formatErrors: episode.formatErrors,
    totalTokens: episode.usage.totalTokens,
    durationMs: episode.durationMs,
    costUsd: episode.costUsd,
  };
}

// Turn an AppWorld test tracker into a TaskResult (step/token/time fields null: the tracker lacks them).
export function taskResultFromEvaluation(
  taskId: string,
  evaluation: TaskEvaluation,
  options: { readonly trial?: number } = {},
): TaskResult {
  const passed = evaluation.passes.length;
  const total = evaluation.num_tests;
  const noOpFailPassed = evaluation.passes.filter((t) => t.label === "no_op_fail").length;
  const noOpFailTotal = noOpFailPassed + evaluation.failures.filter((t) => t.label === "no_op_fail").length;
  return {
    taskId,
    scenarioId: scenarioOf(taskId),
    trial: options.trial ?? 1,
    difficulty: evaluation.difficulty >= 1 ? evaluation.difficulty : null,
    passPercent: total === 0 ? 0 : (passed / total) * 100,
    success: evaluation.success,
    numTests: total,
    passedTests: passed,
    passPercentNoOpFail: noOpFailTotal === 0 ? null : (noOpFailPassed / noOpFailTotal) * 100,
    steps: null,
    formatErrors: null,
    totalTokens: null,
    durationMs: null,
    costUsd: null,
  };
}

// Compute a run's metrics from its task results.
export function computeRunMetrics(results: readonly TaskResult[]): RunMetrics {
  const levels = [...new Set(results.map((r) => r.difficulty).filter((d): d is number => d !== null))].sort();
  return {
    ...computeGroupMetrics(results),
    trials: new Set(results.map((r) => r.trial)).size,
    byDifficulty: levels.map((difficulty) => ({
      difficulty,
      ...computeGroupMetrics(results.filter((r) => r.difficulty === difficulty)),
    })),
    meanSteps: meanOrNull(results.map((r) => r.steps)),
    formatErrors: sumOrNull(results.map((r) => r.formatErrors)),
    totalTokens: sumOrNull(results.map((r) => r.totalTokens)),
    meanDurationMs: meanOrNull(results.map((r) => r.durationMs)),
    totalCostUsd: sumOrNull(results.map((r) => r.costUsd)),
  };
}

function computeGroupMetrics(results: readonly TaskResult[]): GroupMetrics {
  const scenarios = new Map<string, boolean>();
  for (const r of results) {
    const key = `${r.scenarioId}#${r.trial}`;
    scenarios.set(key, (scenarios.get(key) ?? true) && r.success);
  }
  const scenarioPasses = [...scenarios.values()].filter(Boolean).length;
  const noOpFail = results.map((r) => r.passPercentNoOpFail).filter((p): p is number => p !== null);
  return {
    tasks: results.length,
    scenarios: new Set(results.map((r) => r.scenarioId)).size,
    tgc: percent(results.filter((r) => r.success).length, results.length),
    sgc: percent(scenarioPasses, scenarios.size),
    meanPassPercent: mean(results.map((r) => r.passPercent)),
    meanPassPercentNoOpFail: noOpFail.length === 0 ? null : mean(noOpFail),
  };
}

// Build a TaskResult for a source that only knows a pass % (the seed's CSVs): success means 100 %.
export function taskResultFromPassPercent(taskId: string, passPercent: number): TaskResult {
  return {
    taskId,
    scenarioId: scenarioOf(taskId),
    trial: 1,
    difficulty: null,
    passPercent,
    success: passPercent >= 100 - 1e-9,
    numTests: null,
    passedTests: null,
    passPercentNoOpFail: null,
    steps: null,
    formatErrors: null,
    totalTokens: null,
    durationMs: null,
    costUsd: null,
  };
}

// Round as AppWorld's reports do (1 decimal).
export function roundTo1(value: number): number {
  return Math.round(value * 10) / 10;
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : (part / whole) * 100;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function meanOrNull(values: readonly (number | null)[]): number | null {
  return values.length === 0 || values.some((v) => v === null) ? null : mean(values as number[]);
}

function sumOrNull(values: readonly (number | null)[]): number | null {
  return values.length === 0 || values.some((v) => v === null) ? null : (values as number[]).reduce((a, b) => a + b, 0);
}
