// The whole comparison report in one call, for the CLI, a notebook cell or a page: the summary table
// with its bounds, the per-task view, agreement counts, and each run against the baseline with an
// interval and a sentence.
import type { EvalResults } from "../eval/index.js";
import type { PlotlyFigure } from "../html/index.js";
import { dumbbellChart, metricBarsChart, passDistributionChart, taskBarsChart, difficultyChart } from "./charts.js";
import { agreementTable, compareRuns, selectTasks, type RunComparison, type TaskFilter } from "./compare-runs.js";
import type { DataFrame } from "./dataframe.js";
import { comparePaired, type PairedComparison } from "./paired-comparison.js";
import type { ReportBlock } from "./render-html.js";
import { summaryTable } from "./summary-table.js";

/** Options of {@link buildComparisonReport}. */
export interface ComparisonReportOptions {
  /** The run every other run is compared to. @default the first that is not a reference policy */
  readonly baseline?: string;
  /** The per-task view. @default "all" */
  readonly filter?: TaskFilter;
  /** The run the view judges (improved / regressed), or the first of an agree pair. */
  readonly run?: string;
  /** The second run of an agree / disagree view. */
  readonly other?: string;
  /** Scenario resamples for each interval. @default 10000 */
  readonly resamples?: number;
  /** Seed of the bootstrap. @default 0 */
  readonly seed?: number;
  /** The real AppWorld split of the results, to draw the published leaderboard (see `metricBarsChart`). */
  readonly appWorldSplit?: string;
}

/** Everything a comparison report shows. */
export interface ComparisonReport {
  readonly summary: DataFrame;
  readonly comparison: RunComparison;
  readonly filter: TaskFilter;
  readonly view: DataFrame;
  readonly agreement: DataFrame;
  /** Each non-reference run against the baseline. */
  readonly paired: readonly PairedComparison[];
  readonly charts: readonly PlotlyFigure[];
  readonly warnings: readonly string[];
}

const isReference = (r: EvalResults) => r.label?.startsWith("reference:") ?? false;

// Build the report of runs compared on their common tasks.
export function buildComparisonReport(
  results: readonly EvalResults[],
  options: ComparisonReportOptions = {},
): ComparisonReport {
  const contenders = results.filter((r) => !isReference(r));
  const compared = contenders.length > 0 ? contenders : results;
  const comparison = compareRuns(compared, options.baseline ? { baseline: options.baseline } : {});
  const filter = options.filter ?? "all";
  const select = { ...(options.run ? { run: options.run } : {}), ...(options.other ? { other: options.other } : {}) };
  const paired = comparison.runs
    .filter((run) => run !== comparison.baseline)
    .map((candidate) =>
      comparePaired(compared, {
        baseline: comparison.baseline,
        candidate,
        ...(options.resamples ? { resamples: options.resamples } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
      }),
    );
  const charts = [
    metricBarsChart(results, options.appWorldSplit ? { appWorldSplit: options.appWorldSplit } : {}),
    taskBarsChart(comparison, { filter, ...select }),
    ...(comparison.runs.length > 1 ? [dumbbellChart(comparison, select.run ? { run: select.run } : {})] : []),
    passDistributionChart(compared),
    ...(results.some((r) => r.metrics.byDifficulty.length > 0) ? [difficultyChart(results)] : []),
  ];
  return {
    summary: summaryTable(results),
    comparison,
    filter,
    view: selectTasks(comparison, filter, select),
    agreement: agreementTable(comparison),
    paired,
    charts,
    warnings: comparison.warnings,
  };
}

// The report as page blocks (for renderReportPage).
export function comparisonReportBlocks(report: ComparisonReport): ReportBlock[] {
  const { comparison } = report;
  const pairs = comparison.agreement.map(
    (p) => `${p.a} and ${p.b} give the same pass % on ${p.agree} of ${p.tasks} tasks.`,
  );
  return [
    { heading: "Summary" },
    {
      text: "Reference policies, when present, bound the table: gold (every test passes) on top, noop (does nothing) at the bottom.",
    },
    { table: report.summary },
    ...report.warnings.map((text) => ({ text: `Warning: ${text}` })),
    { heading: `Against ${comparison.baseline}` },
    ...report.paired.map((p) => ({ text: p.sentence })),
    { heading: "Agreement" },
    ...pairs.map((text) => ({ text })),
    { table: report.agreement },
    { heading: `Tasks: ${report.filter} (${report.view.shape[0]} of ${comparison.tasks.length})` },
    { table: report.view },
    { heading: "Charts" },
    ...report.charts.map((chart) => ({ chart })),
  ];
}
