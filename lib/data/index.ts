// The data area: trajectories, step-wise prompt/completion sets, conversational send_money data, synthesis.
export {
  STEP_TEMPLATE_TEXT,
  V1_EMPTY_SLOT,
  flattenLegacyText,
  parseStepCompletion,
  renderLegacySeedCompletion,
  renderLegacySeedPrompt,
  renderStepCompletion,
  renderStepPrompt,
  renderTrajectoryPrompts,
} from "./templates.js";
export type { ParsedStepCompletion, PreviousStep, StepCompletion, StepTemplateName } from "./templates.js";
export { PythonLiteralSyntaxError, parsePythonLiteral, reprPython, reprPythonString } from "./python-literal.js";
export type { PythonValue } from "./python-literal.js";
export {
  DataMessageSchema,
  ConversationalRowSchema,
  MessagesRowSchema,
  PromptCompletionRowSchema,
  SEED_CSV_COLUMNS,
  SeedCsvRowSchema,
  TrajectorySupervisorSchema,
  TRAJECTORY_SOURCES,
  TrajectorySchema,
  TrajectoryStepSchema,
} from "./schema.js";
export type {
  DataMessage,
  ConversationalRow,
  MessagesRow,
  PromptCompletionRow,
  SeedCsvRow,
  TrajectorySupervisor,
  Trajectory,
  TrajectorySource,
  TrajectoryStep,
} from "./schema.js";
export { DataFormatError, SynthesisError } from "./errors.js";
export {
  formatCsv,
  formatJsonLines,
  parseCsv,
  parseJsonLines,
  readJsonLines,
  writeFileAtomic,
  writeJsonLines,
} from "./io.js";
export type { CsvRecord } from "./io.js";
export { inferIntent, scenarioKeyOf } from "./intent.js";
export {
  buildSeedCsvRows,
  formatSeedCsv,
  importSeedTrajectories,
  parseSeedCsv,
  previousStepsOf,
  readSeedCsv,
} from "./seed-csv.js";
export type { SeedCsvRecord } from "./seed-csv.js";
export { importAppWorldExperiment, parseEnvironmentIo } from "./appworld-experiment.js";
export type { AppWorldImport, AppWorldImportOptions } from "./appworld-experiment.js";
export {
  executeSteps,
  goldRunsOf,
  isFailedExecution,
  readTrajectories,
  recordTrajectories,
  writeTrajectories,
} from "./trajectories.js";
export type {
  ExecutedSteps,
  ExecuteStepsOptions,
  RecordedTrajectories,
  RecordOptions,
  StepsToRun,
  TaskEnvironment,
} from "./trajectories.js";
export {
  STEPWISE_FORMATS,
  buildPromptCompletionRows,
  buildStepwiseRows,
  buildStepPromptRows,
  formatStepwiseRows,
  writeStepwiseRows,
} from "./stepwise.js";
export type { StepPromptRow, StepSource, StepwiseFormat, StepwiseOptions, StepwiseRows } from "./stepwise.js";
export { dedupBy, dedupRows, dedupTrajectories, scenarioOfTrajectory, splitByScenario } from "./split.js";
export type { DedupResult, ScenarioSplit, SplitOptions } from "./split.js";
export { computeDatasetStats, datasetStatsFrame, readStatsRecords } from "./stats.js";
export type { DatasetStatsOptions, IntentStats, LengthPercentiles, StatsRecord } from "./stats.js";
export { conversationMix } from "./conversation-stats.js";
export type { ConversationMixRow } from "./conversation-stats.js";
export { amountForms, formatUsd, numberToWords } from "./amounts.js";
export { PHRASINGS, PURPOSES } from "./phrasings.js";
export type { Phrasing, PhrasingSlots } from "./phrasings.js";
export type { MentionKind, UtteranceSlots } from "./utterances.js";
export {
  CONVERSATION_APPS,
  buildLoginCode,
  buildSearchCode,
  buildSendCode,
  openConversationWorld,
} from "./conversation-world.js";
export type { ConversationWorld, Payee } from "./conversation-world.js";
export {
  CONVERSATION_SYSTEM_PROMPT,
  generateConversations,
  iterateConversations,
  renderObservation,
  serializeConversation,
  writeConversations,
} from "./conversational.js";
export type {
  ConversationalOptions,
  ConversationRecord,
  ConversationTarget,
  WrittenConversations,
} from "./conversational.js";
export { checkSendMoneyTask, verifyConversations } from "./verify-conversations.js";
export type { ConversationVerification, VerifyConversationsOptions } from "./verify-conversations.js";
export { formatPrintedJson } from "./python-print.js";
export { createSynthesisClient, synthesisOptionsSchema, validateJson } from "./synthesis-client.js";
export type {
  JsonAnswer,
  SynthesisClient,
  SynthesisOptions,
  SynthesisOptionsInput,
  SynthesisUsage,
} from "./synthesis-client.js";
export { DEFAULT_PARAPHRASE_STYLES, paraphraseQueries, synthesizeTrajectories } from "./synthesize.js";
export type {
  Paraphrase,
  ParaphraseOptions,
  ParaphraseResult,
  ProposalOptions,
  ProposalRequest,
  ProposalResult,
  SynthesisRunOptions,
} from "./synthesize.js";
export { openJournal } from "./work-queue.js";
export { openJournalFile, readJournal } from "./journal.js";
export type { JournalContents, JournalFile, JournalFormat } from "./journal.js";
export type { Journal, JournalEntry } from "./work-queue.js";
