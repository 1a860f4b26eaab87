// The training area: typed TRL / PEFT / bitsandbytes configs, the seed's presets, token-length and memory
// checks, and planTraining, which writes a self-contained run directory (train.py + config + data).
//
// GRPO reward contract: a GRPO run directory holds `rewards.py` defining REWARD_FUNCS (a list of TRL reward
// callables `(prompts, completions, **kwargs) -> list[float]`; every data set column besides `prompt` reaches
// them as keyword lists) and optionally `environment.py` defining ENVIRONMENT_FACTORY (a class passed as
// `environment_factory=` to GRPOTrainer). Pass them as `planTraining(config, rows, {files: {"rewards.py": ...}})`.
export { TINY_MODEL_ID, TrainingConfigSchema, SftRunSchema, GrpoRunSchema } from "./training-config.js";
export type { TrainingConfig, TrainingConfigInput } from "./training-config.js";
export { SftTrlSchema } from "./sft-config.js";
export type { SftTrl, SftTrlInput } from "./sft-config.js";
export { GrpoTrlSchema } from "./grpo-config.js";
export type { GrpoTrl, GrpoTrlInput } from "./grpo-config.js";
export { LoraSchema, BnbSchema, QWEN_PROJECTIONS } from "./peft-config.js";
export type { Lora, LoraInput, Bnb, BnbInput } from "./peft-config.js";
export { UPSTREAM_FIELDS, UPSTREAM_VERSIONS } from "./upstream-fields.js";
export type { UpstreamClass } from "./upstream-fields.js";
export { parseTrainingConfig } from "./parse-config.js";
export { checkTrainingConfig } from "./rules.js";
export { TRAINING_PRESETS, trainingPreset, mergeConfig } from "./presets.js";
export type { TrainingPresetName, TrainingOverrides } from "./presets.js";
export { parseSetFlags } from "./set-flags.js";
export { loadQwenTokenCounter, loadQwenEncoder, createPieceCounter, type PieceCounterOptions } from "./token-count.js";
export type { TokenCounter } from "./token-count.js";
export {
  countRowTokens,
  reportTokenLengths,
  applyOverLength,
  tokenLengthRows,
  TOKEN_LENGTH_COLUMNS,
  QWEN25_DEFAULT_SYSTEM,
} from "./token-lengths.js";
export type {
  TrainingRow,
  RowTokens,
  TokenLengthReport,
  TokenLengthOptions,
  OverLengthResult,
  TokenLengthRow,
} from "./token-lengths.js";
export { MODEL_ARCHITECTURES, findArchitecture, countLoraParameters } from "./model-facts.js";
export type { ModelArchitecture } from "./model-facts.js";
export {
  estimateTrainingMemory,
  preflightMemory,
  parseNvidiaSmi,
  NVIDIA_SMI_ARGS,
  SEED_STARTER_GPU,
} from "./memory.js";
export type { GpuInfo, MemoryEstimate, MemoryPreflight, MemoryOptions } from "./memory.js";
export { queryTargetGpus } from "./target-gpus.js";
export type { TargetGpuOptions, TargetGpus } from "./target-gpus.js";
export { planTraining, trainingCommand } from "./plan.js";
export type { PlanTrainingOptions, TrainingPlan } from "./plan.js";
export { TRAINING_PACKAGES, BITSANDBYTES_PACKAGE, renderRequirements } from "./requirements.js";
export { GRPO_CONTRACT } from "./run-readme.js";
export { readTrainScript } from "./script-files.js";
export { parseMetrics, readRunMetrics, summarizeProgress, MetricsEventSchema } from "./metrics.js";
export type { MetricsEvent, ReadMetricsOptions, TrainingStatus } from "./metrics.js";
export type { MetricsLineProblem } from "../metrics-log.js";
export { setupTrainingVenv, defaultTrainVenv, PIP_FAST_FAIL } from "./setup-venv.js";
export type { SetupVenvOptions, SetupVenvResult } from "./setup-venv.js";
export { submitTraining } from "./submit.js";
export type { SubmitTrainingOptions, SubmittedTraining } from "./submit.js";
export { followTraining, launchTraining } from "./launch.js";
export type {
  FollowedDisplay,
  FollowedTraining,
  LaunchTrainingOptions,
  LaunchedTraining,
} from "./launch.js";
// The job types a submitted training run is handled with (GRPO runs hand them on without importing jobs).
export type { JobBackend, JobHandle, JobResult } from "../jobs/index.js";
