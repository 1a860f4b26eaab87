// One row per run: AppWorld's metrics and the run's costs, with the reference policies as the bounds
// of the table (gold on top: what a perfect agent scores; noop at the bottom: what doing nothing scores).
import { compareResults, type EvalResults } from "../eval/index.js";
import { toDataFrame, type TableCell, type DataFrame } from "./dataframe.js";

/** One run's line of the summary (numbers as AppWorld reports them, 1 decimal; null = the source lacks it). */
export interface RunSummaryRow {
  readonly run: string;
  /** The model, `reference:gold` / `reference:noop`, or the source kind when unknown. */
  readonly what: string;
  readonly reference: boolean;
  readonly tasks: number;
  readonly trials: number;
  readonly tgc: number;
  readonly sgc: number;
  readonly meanPassPercent: number;
  readonly meanPassPercentNoOpFail: number | null;
  /** TGC per difficulty level (1–3) present in the results. */
  readonly tgcByDifficulty: Readonly<Record<string, number>>;
  readonly meanSteps: number | null;
  readonly formatErrors: number | null;
  readonly totalTokens: number | null;
  readonly costUsd: number | null;
}

const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

// Summarize runs, reference policies first (gold) and last (noop), contenders in the order given.
export function summarizeRuns(results: readonly EvalResults[]): readonly RunSummaryRow[] {
  const { rows } = compareResults(results);
  const summary = rows.map((row, i): RunSummaryRow => {
    const metrics = (results[i] as EvalResults).metrics;
    return {
      run: row.name,
      what: row.label ?? row.source,
      reference: row.reference,
      tasks: row.tasks,
      trials: metrics.trials,
      tgc: row.tgc,
      sgc: row.sgc,
      meanPassPercent: row.meanPassPercent,
      meanPassPercentNoOpFail: row.meanPassPercentNoOpFail,
      tgcByDifficulty: Object.fromEntries(
        metrics.byDifficulty.map((level) => [String(level.difficulty), round1(level.tgc) as number]),
      ),
      meanSteps: round1(metrics.meanSteps),
      formatErrors: metrics.formatErrors,
      totalTokens: metrics.totalTokens,
      costUsd: metrics.totalCostUsd === null ? null : Math.round(metrics.totalCostUsd * 10_000) / 10_000,
    };
  });
  const rank = (row: RunSummaryRow) => (row.what === "reference:gold" ? 0 : row.what === "reference:noop" ? 2 : 1);
  return summary
    .map((row, i) => ({ row, i }))
    .sort((a, b) => rank(a.row) - rank(b.row) || a.i - b.i)
    .map((e) => e.row);
}

// The summary as a DataFrame; per-difficulty columns appear only when some run knows difficulties.
export function summaryTable(results: readonly EvalResults[]): DataFrame {
  const rows = summarizeRuns(results);
  const levels = [...new Set(rows.flatMap((r) => Object.keys(r.tgcByDifficulty)))].sort();
  const columns = [
    "Run",
    "What",
    "Tasks",
    "TGC",
    "SGC",
    "Pass %",
    "Pass % (no_op_fail)",
    ...levels.map((level) => `TGC d${level}`),
    "Steps",
    "Format errors",
    "Tokens",
    "Cost (USD)",
  ];
  return toDataFrame(
    rows.map(
      (r): Record<string, TableCell> => ({
        Run: r.run,
        What: r.reference ? `${r.what} (bound)` : r.what,
        Tasks: r.trials > 1 ? `${r.tasks / r.trials} × ${r.trials}` : r.tasks,
        TGC: r.tgc,
        SGC: r.sgc,
        "Pass %": r.meanPassPercent,
        "Pass % (no_op_fail)": r.meanPassPercentNoOpFail,
        ...Object.fromEntries(levels.map((level) => [`TGC d${level}`, r.tgcByDifficulty[level] ?? null])),
        Steps: r.meanSteps,
        "Format errors": r.formatErrors,
        Tokens: r.totalTokens,
        "Cost (USD)": r.costUsd,
      }),
    ),
    columns,
  );
}
