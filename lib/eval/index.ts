// The eval area: runs of an agent over tasks, AppWorld's metrics, result files, loaders and comparisons.
export { compareResults, formatComparisonTable } from "./compare.js";
export type { Comparison, ComparisonRow, TaskComparisonRow } from "./compare.js";
export { evalConfigSchema } from "./eval-config.js";
export type { EvalConfig, EvalConfigInput } from "./eval-config.js";
export { loadAppWorldEvaluation, loadEvalRun, loadKeyValueCsv, loadResults } from "./load-results.js";
export type { EvalResults, LoadResultsOptions } from "./load-results.js";
export {
  computeRunMetrics,
  roundTo1,
  taskResultFromEvaluation,
  taskResultFromPassPercent,
  toTaskResult,
} from "./metrics.js";
export type { GroupMetrics, RunMetrics, TaskResult } from "./metrics.js";
export { openResultStore, readTaskLog } from "./result-store.js";
export type { ResultStore, TaskLog } from "./result-store.js";
export { runEval } from "./run-eval.js";
export type { EvalFailure, EvalProgress, RunEvalExtras, RunEvalResult } from "./run-eval.js";
export { resolveRunTaskIds, resolveTaskIds } from "./task-source.js";
export type { ResolveTaskIdsOptions, RunTaskSource } from "./task-source.js";
export { recordKey, scenarioOf } from "./task-record.js";
export type { TaskEvaluation, TaskRecord } from "./task-record.js";
export { buildAppWorldEvaluation, buildRunSummary, formatKeyValueCsv, writeRunOutputs } from "./write-results.js";
export type { AppWorldEvaluationFile, RunOutputPaths, RunSummary } from "./write-results.js";
