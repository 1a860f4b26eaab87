// The GRPO area: the reward of both modes, step completions scored in world copies, the reward service,
// the generated reward and environment modules, the reward dry run and the GRPO run.
export { RewardConfigSchema, parseRewardConfig } from "./reward-config.js";
export type { RewardConfig, RewardConfigInput } from "./reward-config.js";
export { collateralFailures, newCollateral, scoreEpisode, scoreStep } from "./reward-terms.js";
export type { EpisodeScore, StepOutcome, TestTracker } from "./reward-terms.js";
export { mayChangeReplNames } from "./name-bindings.js";
export { SnapshotCache } from "./snapshot-cache.js";
export type { SnapshotCacheOptions, SnapshotCacheStats, WorldCopy } from "./snapshot-cache.js";
export { completionText, historyActions } from "./completion-text.js";
export type { Completion } from "./completion-text.js";
export { createStepRewarder } from "./step-reward.js";
export type { StepRewarder, StepRewarderOptions, StepRewardRequest, StepRewardResult } from "./step-reward.js";
export { RewardRequestBody, startRewardServer } from "./reward-server.js";
export type { RewardServer, RewardServerOptions } from "./reward-server.js";
export { GrpoInputError } from "./errors.js";
export { GRPO_MODES, defaultGrpoRows, grpoFiles, planGrpo } from "./plan.js";
export type { EpisodeRow, GrpoMode, GrpoPlan, GrpoRunConfig, GrpoSplit, PlanGrpoOptions } from "./plan.js";
export { EPISODE_SYSTEM_PROMPT, episodeMessages } from "./episode-prompt.js";
export type { EpisodeMessage } from "./episode-prompt.js";
export { readGrpoModule } from "./python-files.js";
export type { GrpoModuleName } from "./python-files.js";
export { startGrpoRun } from "./run.js";
export type { GrpoRun, StartGrpoRunOptions } from "./run.js";
export { grpoDryRun } from "./dry-run.js";
export type {
  DryRunEntry,
  DryRunGroup,
  DryRunSource,
  DryRunSourceStats,
  GrpoDryRunOptions,
  GrpoDryRunReport,
} from "./dry-run.js";
