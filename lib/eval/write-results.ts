// Writers for a run's outputs: summary.json, the seed's `Key,Value` CSV, AppWorld's evaluations/{split}.json.
import { writeFileAtomic } from "../atomic-write.js";
import path from "node:path";
import { computeRunMetrics, roundTo1, toTaskResult, type RunMetrics, type TaskResult } from "./metrics.js";
import type { TaskEvaluation, TaskRecord } from "./task-record.js";

/** AppWorld's `evaluations/{split}.json`: aggregate percentages rounded to 1 decimal, and each task's tracker. */
export interface AppWorldEvaluationFile {
  readonly aggregate: { readonly task_goal_completion: number; readonly scenario_goal_completion: number };
  /** Per difficulty level, the same two numbers (AppWorld prints these as extra rows). */
  readonly aggregate_by_difficulty: Readonly<
    Record<string, { readonly task_goal_completion: number; readonly scenario_goal_completion: number }>
  >;
  readonly individual: Readonly<Record<string, TaskEvaluation>>;
}

/** `summary.json`: the run's metrics, per trial when there are several, and one row per task. */
export interface RunSummary {
  readonly run: string;
  /** A model name or `reference:gold` / `reference:noop`. */
  readonly label: string;
  readonly agent: string;
  readonly split: string;
  readonly metrics: RunMetrics;
  readonly metricsByTrial: readonly ({ readonly trial: number } & RunMetrics)[];
  readonly tasks: readonly TaskResult[];
}

/** Where `writeRunOutputs` put each file. */
export interface RunOutputPaths {
  readonly summary: string;
  readonly keyValueCsv: readonly string[];
  readonly appWorldEvaluation: readonly string[];
}

// Render task results as the seed's CSV: `Key,Value` header, then `task_id,pass %` with one decimal.
export function formatKeyValueCsv(results: readonly TaskResult[]): string {
  return `${["Key,Value", ...results.map((r) => `${r.taskId},${r.passPercent.toFixed(1)}`)].join("\n")}\n`;
}

// Build AppWorld's evaluation file from one trial's records.
export function buildAppWorldEvaluation(records: readonly TaskRecord[]): AppWorldEvaluationFile {
  const metrics = computeRunMetrics(records.map(toTaskResult));
  const byDifficulty: Record<string, { task_goal_completion: number; scenario_goal_completion: number }> = {};
  for (const level of metrics.byDifficulty) {
    byDifficulty[String(level.difficulty)] = {
      task_goal_completion: roundTo1(level.tgc),
      scenario_goal_completion: roundTo1(level.sgc),
    };
  }
  return {
    aggregate: { task_goal_completion: roundTo1(metrics.tgc), scenario_goal_completion: roundTo1(metrics.sgc) },
    aggregate_by_difficulty: byDifficulty,
    individual: Object.fromEntries(records.map((r) => [r.taskId, r.evaluation])),
  };
}

// Build the summary of a run from its records.
export function buildRunSummary(
  records: readonly TaskRecord[],
  context: { run: string; label: string; agent: string; split: string },
): RunSummary {
  const tasks = records.map(toTaskResult);
  const trials = [...new Set(records.map((r) => r.trial))].sort((a, b) => a - b);
  return {
    ...context,
    metrics: computeRunMetrics(tasks),
    metricsByTrial:
      trials.length > 1
        ? trials.map((trial) => ({ trial, ...computeRunMetrics(tasks.filter((t) => t.trial === trial)) }))
        : [],
    tasks,
  };
}

// Write summary.json, `{split}.csv` and `evaluations/{split}.json` (one of each per trial when there are several).
export async function writeRunOutputs(
  runDir: string,
  records: readonly TaskRecord[],
  context: { run: string; label: string; agent: string; split: string },
): Promise<RunOutputPaths> {
  const summary = buildRunSummary(records, context);
  const summaryPath = path.join(runDir, "summary.json");
  await writeFileAtomic(summaryPath, `${JSON.stringify(summary, null, 2)}\n`);
  const trials = [...new Set(records.map((r) => r.trial))].sort((a, b) => a - b);
  const keyValueCsv: string[] = [];
  const appWorldEvaluation: string[] = [];
  for (const trial of trials) {
    const suffix = trials.length > 1 ? `-trial${trial}` : "";
    const trialRecords = records.filter((r) => r.trial === trial);
    const csvPath = path.join(runDir, `${context.split}${suffix}.csv`);
    await writeFileAtomic(csvPath, formatKeyValueCsv(trialRecords.map(toTaskResult)));
    const jsonPath = path.join(runDir, "evaluations", `${context.split}${suffix}.json`);
    await writeFileAtomic(jsonPath, `${JSON.stringify(buildAppWorldEvaluation(trialRecords), null, 2)}\n`);
    keyValueCsv.push(csvPath);
    appWorldEvaluation.push(jsonPath);
  }
  return { summary: summaryPath, keyValueCsv, appWorldEvaluation };
}
