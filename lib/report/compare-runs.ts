// The per-task comparison of runs as DataFrames: the seed's columns (Index, Task ID, one pass % column
// per run) and the views a reader needs to judge a claim: improved, regressed, unchanged, agreement.
import { ConfigError } from "../errors.js";
import type { EvalResults } from "../eval/index.js";
import { alignRuns, type AlignedRuns, type AlignRunsOptions } from "./align-runs.js";
import { toDataFrame, type TableCell, type DataFrame } from "./dataframe.js";

/** Options of {@link compareRuns}. */
export type CompareRunsOptions = AlignRunsOptions;

/** How often two runs give a task the same pass %. */
export interface PairAgreement {
  readonly a: string;
  readonly b: string;
  readonly agree: number;
  readonly tasks: number;
}

/** Runs compared task by task. `table` is the whole DataFrame; views come from {@link selectTasks}. */
export interface RunComparison extends AlignedRuns {
  /** Columns `Index`, `Task ID`, then one pass % column per run. */
  readonly table: DataFrame;
  /** Every pair of runs, in the order given. */
  readonly agreement: readonly PairAgreement[];
}

/** A view of the comparison's tasks. */
export type TaskFilter = "all" | "improved" | "regressed" | "unchanged" | "agree" | "disagree";

/** Options of {@link selectTasks}. */
export interface SelectTasksOptions {
  /**
   * The run judged against the baseline (improved / regressed / unchanged), or the first run of the
   * pair (agree / disagree). @default the last run that is not the baseline
   */
  readonly run?: string;
  /** The second run of an agree / disagree pair. @default the baseline */
  readonly other?: string;
}

export const INDEX_COLUMN = "Index";
export const TASK_COLUMN = "Task ID";

// Compare runs task by task on their common tasks.
export function compareRuns(results: readonly EvalResults[], options: CompareRunsOptions = {}): RunComparison {
  const aligned = alignRuns(results, options);
  const agreement: PairAgreement[] = [];
  aligned.runs.forEach((a, i) => {
    for (const b of aligned.runs.slice(i + 1)) {
      const agree = aligned.tasks.filter((task) => same(task.passPercent[a], task.passPercent[b])).length;
      agreement.push({ a, b, agree, tasks: aligned.tasks.length });
    }
  });
  return { ...aligned, table: frameOf(aligned, aligned.tasks), agreement };
}

// One view of the tasks as a DataFrame with the table's columns.
export function selectTasks(
  comparison: RunComparison,
  filter: TaskFilter,
  options: SelectTasksOptions = {},
): DataFrame {
  return frameOf(comparison, filterTasks(comparison, filter, options));
}

// The tasks of one view (plain rows), for counts, charts and exports.
export function filterTasks(
  comparison: AlignedRuns,
  filter: TaskFilter,
  options: SelectTasksOptions = {},
): AlignedRuns["tasks"] {
  if (filter === "all") return comparison.tasks;
  const run = options.run ?? defaultRun(comparison);
  const other = options.other ?? comparison.baseline;
  for (const name of [run, other]) {
    if (!comparison.runs.includes(name)) {
      throw new ConfigError(
        `\`${name}\` is not one of the runs compared (${comparison.runs.map((r) => `\`${r}\``).join(", ")}); pass one of those names.`,
        [{ path: "run", message: `unknown run ${name}` }],
      );
    }
  }
  const delta = (task: AlignedRuns["tasks"][number], to: string, from: string) =>
    (task.passPercent[to] as number) - (task.passPercent[from] as number);
  switch (filter) {
    case "improved":
      return comparison.tasks.filter((t) => delta(t, run, comparison.baseline) > EPSILON);
    case "regressed":
      return comparison.tasks.filter((t) => delta(t, run, comparison.baseline) < -EPSILON);
    case "unchanged":
      return comparison.tasks.filter((t) => same(t.passPercent[run], t.passPercent[comparison.baseline]));
    case "agree":
      return comparison.tasks.filter((t) => same(t.passPercent[run], t.passPercent[other]));
    case "disagree":
      return comparison.tasks.filter((t) => !same(t.passPercent[run], t.passPercent[other]));
  }
}

// The agreement counts as a square DataFrame: row run × column run → tasks with the same pass %.
export function agreementTable(comparison: RunComparison): DataFrame {
  const count = (a: string, b: string): number =>
    a === b
      ? comparison.tasks.length
      : (comparison.agreement.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a))?.agree ?? 0);
  const rows = comparison.runs.map((a) => ({
    Run: a,
    ...Object.fromEntries(comparison.runs.map((b) => [b, count(a, b)])),
  }));
  return toDataFrame(rows, ["Run", ...comparison.runs]);
}

// The run judged by default: the last one that is not the baseline (the fine-tuned model, by habit).
export function defaultRun(comparison: Pick<AlignedRuns, "runs" | "baseline">): string {
  return [...comparison.runs].reverse().find((r) => r !== comparison.baseline) ?? comparison.baseline;
}

// Pass % are compared at AppWorld's 1-decimal rounding; this absorbs float noise only.
const EPSILON = 1e-9;

function same(a: number | undefined, b: number | undefined): boolean {
  return a !== undefined && b !== undefined && Math.abs(a - b) <= EPSILON;
}

function frameOf(aligned: Pick<AlignedRuns, "runs">, tasks: AlignedRuns["tasks"]): DataFrame {
  const rows = tasks.map(
    (task): Record<string, TableCell> => ({
      [INDEX_COLUMN]: task.index,
      [TASK_COLUMN]: task.taskId,
      ...task.passPercent,
    }),
  );
  return toDataFrame(rows, [INDEX_COLUMN, TASK_COLUMN, ...aligned.runs]);
}
