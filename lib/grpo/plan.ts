// planGrpo: a GRPO run directory in step or episode mode, written through the training layer's planTraining
// with the reward modules the mode needs and their grpo_config.json.
import { ConfigError } from "../errors.js";
import { buildStepPromptRows, goldRunsOf, recordTrajectories, type StepPromptRow } from "../data/index.js";
import { EnvironmentClient } from "../env/index.js";
import {
  mergeConfig,
  parseTrainingConfig,
  planTraining,
  trainingPreset,
  type TokenCounter,
  type TrainingConfig,
  type TrainingConfigInput,
  type TrainingPlan,
  type TrainingOverrides,
} from "../train/index.js";
import { episodeMessages, type EpisodeMessage } from "./episode-prompt.js";
import { readGrpoModule } from "./python-files.js";
import { parseRewardConfig, type RewardConfig, type RewardConfigInput } from "./reward-config.js";

/** The two GRPO modes: one action scored per completion, or whole multi-turn episodes in TRL's tool loop. */
export const GRPO_MODES = ["step", "episode"] as const;
export type GrpoMode = (typeof GRPO_MODES)[number];

/** A row of an episode-mode data set: the chat prompt and the task `reset` opens. */
export interface EpisodeRow {
  readonly prompt: readonly EpisodeMessage[];
  readonly task_id: string;
}

/** A split of the embedded catalog (the data layer's `goldRunsOf`). */
export type GrpoSplit = Parameters<typeof goldRunsOf>[0];

/** Options of planGrpo. */
export interface PlanGrpoOptions {
  readonly mode: GrpoMode;
  /** The run directory. */
  readonly outDir: string;
  /** The training config, or overrides of the `grpo` preset. @default the `grpo` preset */
  readonly config?: TrainingConfigInput | TrainingConfig | TrainingOverrides;
  /** The data set; @default built from `split`'s tasks (step: every gold step's prompt; episode: one row per task). */
  readonly rows?: readonly StepPromptRow[] | readonly EpisodeRow[];
  /** @default "train" */
  readonly split?: GrpoSplit;
  /** Most tasks taken from `split`. @default all */
  readonly limit?: number;
  readonly reward?: RewardConfigInput;
  /** The reward service (step) or environment server (episode) the run reaches; `runGrpo` sets it per run. */
  readonly url?: string;
  /** Executions per episode before the world refuses more. @default 50 */
  readonly maxInteractions?: number;
  readonly counter?: TokenCounter;
}

/** A planned GRPO run. */
export interface GrpoPlan extends TrainingPlan {
  readonly mode: GrpoMode;
  readonly reward: RewardConfig;
  readonly rows: number;
}

/** The file beside the modules: mode, reward terms and where the server is. */
export interface GrpoRunConfig {
  readonly mode: GrpoMode;
  readonly reward: RewardConfig;
  readonly reward_url?: string;
  readonly env_url?: string;
  readonly max_interactions: number;
  readonly timeout_s: number;
}

function isFullConfig(input: unknown): input is TrainingConfigInput {
  return typeof input === "object" && input !== null && "method" in input && "model" in input;
}

// The config: a full one as given, else the `grpo` preset with the overrides merged in; always GRPO.
function grpoConfig(input: PlanGrpoOptions["config"]): TrainingConfig {
  const merged = isFullConfig(input)
    ? input
    : (mergeConfig(trainingPreset("grpo") as Record<string, unknown>, input ?? {}) as TrainingConfigInput);
  const config = parseTrainingConfig(merged);
  if (config.method !== "grpo") {
    throw new ConfigError(
      `A GRPO plan needs \`method: "grpo"\`, got \`${config.method}\`; start from the grpo preset.`,
      [{ path: "method", message: "not grpo" }],
    );
  }
  return config;
}

// Default rows: the prompts of every executed gold step (step) or one chat prompt per task (episode).
export async function defaultGrpoRows(
  mode: GrpoMode,
  options: { readonly split?: GrpoSplit; readonly limit?: number } = {},
): Promise<StepPromptRow[] | EpisodeRow[]> {
  const runs = goldRunsOf(options.split ?? "train", options.limit === undefined ? {} : { limit: options.limit });
  const env = EnvironmentClient.embedded();
  try {
    if (mode === "step") {
      const { trajectories } = await recordTrajectories(env, runs, { concurrency: 4 });
      return buildStepPromptRows(trajectories);
    }
    const rows: EpisodeRow[] = [];
    for (const run of runs) rows.push({ prompt: episodeMessages(await env.getTask(run.taskId)), task_id: run.taskId });
    return rows;
  } finally {
    await env.dispose();
  }
}

function checkRows(mode: GrpoMode, rows: readonly unknown[]): void {
  rows.forEach((row, i) => {
    const r = row as Record<string, unknown>;
    const where = `rows[${i}]`;
    if (typeof r["task_id"] !== "string" || r["task_id"] === "") {
      throw new ConfigError(`\`${where}.task_id\` must name a task (e.g. "325d6ec_2"); both GRPO modes need it.`, [
        { path: `${where}.task_id`, message: "missing" },
      ]);
    }
    if (mode === "step" && (typeof r["prompt"] !== "string" || typeof r["history"] !== "string")) {
      throw new ConfigError(
        `Step mode needs \`${where}.prompt\` text and \`${where}.history\` (JSON list text of earlier actions); build rows with buildStepPromptRows.`,
        [{ path: where, message: "not a step prompt row" }],
      );
    }
    if (mode === "episode" && !Array.isArray(r["prompt"])) {
      throw new ConfigError(
        `Episode mode needs \`${where}.prompt\` as chat messages (TRL's tool loop runs on chat prompts); build rows with episodeMessages.`,
        [{ path: `${where}.prompt`, message: "not a message list" }],
      );
    }
  });
}

// The run directory's extra files for a mode.
export function grpoFiles(mode: GrpoMode, runConfig: GrpoRunConfig): Record<string, string> {
  const config = `${JSON.stringify(runConfig, null, 2)}\n`;
  return mode === "step"
    ? { "rewards.py": readGrpoModule("rewards_step.py"), "grpo_config.json": config }
    : {
        "rewards.py": readGrpoModule("rewards_episode.py"),
        "environment.py": readGrpoModule("environment.py"),
        "grpo_config.json": config,
      };
}

// Plan a GRPO run: config, rows, reward modules and their config, written by planTraining.
export async function planGrpo(options: PlanGrpoOptions): Promise<GrpoPlan> {
  if (!(GRPO_MODES as readonly string[]).includes(options.mode)) {
    throw new ConfigError(`Expected the GRPO mode to be step or episode, got \`${String(options.mode)}\`.`, [
      { path: "mode", message: "unknown mode" },
    ]);
  }
  const config = grpoConfig(options.config);
  const reward = parseRewardConfig(options.reward ?? {});
  const rows = options.rows ?? (await defaultGrpoRows(options.mode, options));
  if (rows.length === 0) {
    throw new ConfigError("The GRPO data set is empty; pass rows or a split with tasks.", [
      { path: "rows", message: "empty" },
    ]);
  }
  checkRows(options.mode, rows);
  const runConfig: GrpoRunConfig = {
    mode: options.mode,
    reward,
    ...(options.url === undefined
      ? {}
      : options.mode === "step"
        ? { reward_url: options.url }
        : { env_url: options.url }),
    max_interactions: options.maxInteractions ?? 50,
    timeout_s: 300,
  };
  const plan = await planTraining(config, rows as unknown as Record<string, unknown>[], {
    outDir: options.outDir,
    files: grpoFiles(options.mode, runConfig),
    ...(options.counter === undefined ? {} : { counter: options.counter }),
  });
  return { ...plan, mode: options.mode, reward, rows: rows.length };
}
