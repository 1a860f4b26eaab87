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
