// Side-by-side comparison of results from any source (our runs, the seed's CSVs, AppWorld files).
import type { EvalResults } from "./load-results.js";
import { roundTo1 } from "./metrics.js";

/** One row per results set; percentages rounded to 1 decimal as AppWorld reports them. */
export interface ComparisonRow {
  readonly name: string;
  readonly source: EvalResults["source"];
  /** The model, or `reference:gold` / `reference:noop`; null when the source does not say. */
  readonly label: string | null;
  /** True for the gold and noop reference policies (no model): bounds, not contenders. */
  readonly reference: boolean;
  readonly tasks: number;
  readonly tgc: number;
  readonly sgc: number;
  readonly meanPassPercent: number;
  readonly meanPassPercentNoOpFail: number | null;
}

/** Per task, each results set's pass % (null where a set lacks the task). */
export interface TaskComparisonRow {
  readonly taskId: string;
  readonly passPercent: Readonly<Record<string, number | null>>;
}

/** The whole comparison: summary rows and the task-by-task table over the union of task ids. */
export interface Comparison {
  readonly rows: readonly ComparisonRow[];
  readonly tasks: readonly TaskComparisonRow[];
}

// Compare results sets side by side; names must be unique (the task table is keyed by them).
export function compareResults(results: readonly EvalResults[]): Comparison {
  const names = uniqueNames(results);
  const rows = results.map((r, i) => ({
    name: names[i] as string,
    source: r.source,
    label: r.label,
    reference: r.label?.startsWith("reference:") ?? false,
    tasks: r.metrics.tasks,
    tgc: roundTo1(r.metrics.tgc),
    sgc: roundTo1(r.metrics.sgc),
    meanPassPercent: roundTo1(r.metrics.meanPassPercent),
    meanPassPercentNoOpFail:
      r.metrics.meanPassPercentNoOpFail === null ? null : roundTo1(r.metrics.meanPassPercentNoOpFail),
  }));
  const taskIds = [...new Set(results.flatMap((r) => r.tasks.map((t) => t.taskId)))];
  // Several trials of one task compare by their mean pass %.
  const byName = results.map((r) => {
    const sums = new Map<string, { total: number; count: number }>();
    for (const t of r.tasks) {
      const entry = sums.get(t.taskId) ?? { total: 0, count: 0 };
      sums.set(t.taskId, { total: entry.total + t.passPercent, count: entry.count + 1 });
    }
    return sums;
  });
  const tasks = taskIds.map((taskId) => ({
    taskId,
    passPercent: Object.fromEntries(
      names.map((name, i) => {
        const entry = byName[i]?.get(taskId);
        return [name, entry ? roundTo1(entry.total / entry.count) : null];
      }),
    ),
  }));
  return { rows, tasks };
}

// Render the summary rows as a fixed-width text table (for the CLI); reference policies are marked.
export function formatComparisonTable(comparison: Comparison): string {
  const header = ["results", "what", "tasks", "TGC", "SGC", "pass %", "pass % (no_op_fail tests)"];
  const body = comparison.rows.map((row) => [
    row.name,
    row.reference ? `${row.label} (reference policy)` : (row.label ?? row.source),
    String(row.tasks),
    row.tgc.toFixed(1),
    row.sgc.toFixed(1),
    row.meanPassPercent.toFixed(1),
    row.meanPassPercentNoOpFail === null ? "n/a" : row.meanPassPercentNoOpFail.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] as string).length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

function uniqueNames(results: readonly EvalResults[]): string[] {
  const seen = new Map<string, number>();
  return results.map((r) => {
    const count = (seen.get(r.name) ?? 0) + 1;
    seen.set(r.name, count);
    return count === 1 ? r.name : `${r.name} (${count})`;
  });
}
