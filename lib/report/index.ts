// The report area: comparison and summary tables (danfojs DataFrames), paired statistics, plotly
// charts, inline display in tslab notebooks, live displays, and exports (CSV, Markdown, HTML, JSON).
export { alignRuns } from "./align-runs.js";
export type { AlignedRuns, AlignedTask, AlignRunsOptions } from "./align-runs.js";
export { bootstrapMean } from "./bootstrap.js";
export type { BootstrapInterval, BootstrapOptions, ScenarioSum } from "./bootstrap.js";
export {
  APPWORLD_LEADERBOARD,
  difficultyChart,
  dumbbellChart,
  metricBarsChart,
  passDistributionChart,
  taskBarsChart,
} from "./charts.js";
export type { LeaderboardRow, MetricBarsOptions } from "./charts.js";
export { agreementTable, compareRuns, filterTasks, selectTasks } from "./compare-runs.js";
export type {
  CompareRunsOptions,
  PairAgreement,
  RunComparison,
  SelectTasksOptions,
  TaskFilter,
} from "./compare-runs.js";
export { buildComparisonReport, comparisonReportBlocks } from "./comparison-report.js";
export type { ComparisonReport, ComparisonReportOptions } from "./comparison-report.js";
export { curveChart, parseMetricsLines, readMetricsLog } from "./curves.js";
export type { CurveChartOptions, CurvePoint } from "./curves.js";
export { frameRows, isDataFrame, loadDanfo, toDataFrame } from "./dataframe.js";
export type { TableCell, DataFrame } from "./dataframe.js";
export { show, toHtml } from "./display.js";
export type { DisplaySink, Showable, ShowOptions } from "./display.js";
export { toCsv, toJson, toJsonRows, toMarkdown, toText } from "./export-table.js";
export { liveProgress, renderProgressHtml, watchCurves } from "./live.js";
export type { CurveWatch, LiveOptions, WatchCurvesOptions } from "./live.js";
export { comparePaired, describePairedComparison } from "./paired-comparison.js";
export type { PairedComparison, PairedComparisonOptions, PairedMetric } from "./paired-comparison.js";
export { summarizeTrials } from "./pass-at-k.js";
export type { TaskTrials, TrialsSummary } from "./pass-at-k.js";
export { renderFigureHtml, renderReportPage, renderTableHtml } from "./render-html.js";
export type { ReportBlock } from "./render-html.js";
export { signTest } from "./sign-test.js";
export type { SignTest } from "./sign-test.js";
export { summarizeRuns, summaryTable } from "./summary-table.js";
export type { RunSummaryRow } from "./summary-table.js";
