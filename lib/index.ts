// The top level a notebook meets: the calls of the notebooks and the README, with their option and result
// types. Everything else is reached through an area's entry point (`agentft/world`, `agentft/data`, ...;
// see package.json `exports`), so each name here has one meaning and one obvious use.

// -- errors every call may throw: catch the base, branch on `code`
export { AgentftError, ConfigError } from "./errors.js";
export type { ConfigIssue } from "./errors.js";

// -- names a parameters cell can hold: the allowed values, and their types
export { AGENT_KINDS } from "./agent/index.js";
export type { AgentKind } from "./agent/index.js";
export { REFERENCE_POLICIES, SPLITS, listTaskIds } from "./world/index.js";
export type { ReferencePolicy, Split } from "./world/index.js";

// -- environments: the embedded world or AppWorld servers, over one client
export { EnvHttpError, EnvironmentClient, startAppWorldPool } from "./env/index.js";
export type {
  AppWorldPool,
  AppWorldPoolOptions,
  EmbeddedClientOptions,
  HttpClientOptions,
  TaskDescription,
  TaskInfo,
} from "./env/index.js";

// -- the model client (synthesis and the agents use the same one)
export { createModelClient } from "./model/index.js";
export type { CreateModelClientOptions, ModelClient, ModelConfigInput } from "./model/index.js";

// -- data: conversations, gold trajectories, step-wise training rows, statistics
export {
  MessagesRowSchema,
  PromptCompletionRowSchema,
  buildStepwiseRows,
  conversationMix,
  createSynthesisClient,
  datasetStatsFrame,
  generateConversations,
  goldRunsOf,
  paraphraseQueries,
  readJsonLines,
  readStatsRecords,
  recordTrajectories,
  verifyConversations,
  writeConversations,
  writeStepwiseRows,
  writeTrajectories,
} from "./data/index.js";
export type {
  ConversationMixRow,
  MessagesRow,
  ConversationRecord,
  ConversationVerification,
  ConversationalOptions,
  ParaphraseOptions,
  ParaphraseResult,
  PromptCompletionRow,
  RecordOptions,
  RecordedTrajectories,
  StatsRecord,
  StepsToRun,
  StepwiseFormat,
  StepwiseOptions,
  StepwiseRows,
  SynthesisClient,
  SynthesisOptionsInput,
  TaskEnvironment,
  Trajectory,
  VerifyConversationsOptions,
  WrittenConversations,
} from "./data/index.js";

// -- training plans and the jobs that run them
export { TINY_MODEL_ID, loadQwenTokenCounter, planTraining, preflightMemory, trainingPreset } from "./train/index.js";
export type {
  GpuInfo,
  MemoryPreflight,
  PlanTrainingOptions,
  TokenCounter,
  TrainingConfigInput,
  TrainingOverrides,
  TrainingPlan,
  TrainingRow,
} from "./train/index.js";
export { getJobBackend, monitorJob } from "./jobs/index.js";
export type { JobBackend, JobHandle, MonitorJobOptions, TrainingProgress } from "./jobs/index.js";

// -- GRPO: the reward dry run, the run directory and the job beside its reward service or environment server
export { grpoDryRun, planGrpo, startGrpoRun } from "./grpo/index.js";
export type {
  GrpoDryRunOptions,
  GrpoDryRunReport,
  GrpoMode,
  GrpoPlan,
  GrpoRun,
  PlanGrpoOptions,
  StartGrpoRunOptions,
} from "./grpo/index.js";

// -- serving a model (vLLM, transformers serve)
export { serve } from "./serve/index.js";
export type { ModelServer, ServeOptionsInput, ServeRunOptions } from "./serve/index.js";

// -- evaluation: the one way to run a model or a reference policy over a split
export { compareResults, formatComparisonTable, loadResults, runEval } from "./eval/index.js";
export type {
  Comparison,
  EvalConfigInput,
  EvalProgress,
  EvalResults,
  LoadResultsOptions,
  RunEvalExtras,
  RunEvalResult,
  RunMetrics,
  TaskRecord,
} from "./eval/index.js";

// -- reports: tables and charts shown inline, live training curves
export { comparePaired, compareRuns, show, summaryTable, taskBarsChart, watchCurves } from "./report/index.js";
export type {
  CompareRunsOptions,
  CurveWatch,
  DataFrame,
  PairedComparison,
  PairedComparisonOptions,
  RunComparison,
  ShowOptions,
  Showable,
  TaskFilter,
  WatchCurvesOptions,
} from "./report/index.js";

// -- running notebooks headless
export { executeNotebook } from "./notebook/index.js";
export type { ExecuteNotebookOptions, ExecuteNotebookResult, Notebook } from "./notebook/index.js";
