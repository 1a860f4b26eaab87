// Step-mode reward: parse each completion's `{"thought", "action"}`, run only the action in its own copy of the
// prompt's world and score it. One float per completion, never one number for the batch (the seed's crash).
import { parseAction } from "../agent/index.js";
import { isFailedExecution } from "../data/index.js";
import { EnvironmentClient } from "../env/index.js";
import { completionText, historyActions, type Completion } from "./completion-text.js";
import { mayChangeReplNames } from "./name-bindings.js";
import { parseRewardConfig, type RewardConfig, type RewardConfigInput } from "./reward-config.js";
import { newCollateral, scoreStep, type StepOutcome } from "./reward-terms.js";
import { SnapshotCache, type SnapshotCacheStats } from "./snapshot-cache.js";
import { GrpoInputError } from "./errors.js";

/** A batch as TRL's reward function sees it: parallel lists, one entry per completion. */
export interface StepRewardRequest {
  readonly completions: readonly Completion[];
  /** The data set's `task_id` column. */
  readonly taskIds: readonly string[];
  /** The data set's `history` column: the actions before this step (a list, or its JSON text). */
  readonly histories: readonly unknown[];
}

/** The rewards and what each completion did. */
export interface StepRewardResult {
  readonly rewards: readonly number[];
  readonly outcomes: readonly StepOutcome[];
}

/** Options of createStepRewarder. */
export interface StepRewarderOptions {
  /** Where worlds live: `embedded` (in process), or the URL of `agentft world serve`. @default "embedded" */
  readonly env?: string | EnvironmentClient;
  readonly reward?: RewardConfigInput;
  /** Most world copies kept open. @default 256 */
  readonly maxWorlds?: number;
  /** Replay a stale world copy as soon as it is released (see SnapshotCacheOptions). @default true */
  readonly rebuildEarly?: boolean;
}

/** Scores step completions; `dispose` closes every world it opened. */
export interface StepRewarder {
  readonly config: RewardConfig;
  reward(request: StepRewardRequest): Promise<StepRewardResult>;
  readonly stats: SnapshotCacheStats;
  dispose(): Promise<void>;
}

function checkLengths(request: StepRewardRequest): void {
  const n = request.completions.length;
  for (const [name, list] of [
    ["task_id", request.taskIds],
    ["history", request.histories],
  ] as const) {
    if (!Array.isArray(list) || list.length !== n) {
      throw new GrpoInputError(
        `Expected \`${name}\` to list one entry per completion (${n}), got ${Array.isArray(list) ? list.length : typeof list}; pass the data set's \`${name}\` column as TRL does.`,
      );
    }
  }
}

// Build a rewarder over an environment; every batch's completions run concurrently, each in its own world copy.
export function createStepRewarder(options: StepRewarderOptions = {}): StepRewarder {
  const config = parseRewardConfig(options.reward ?? {});
  const ownsEnv = !(options.env instanceof EnvironmentClient);
  const maxWorlds = options.maxWorlds ?? 256;
  const env =
    options.env instanceof EnvironmentClient
      ? options.env
      : EnvironmentClient.connect(options.env, { maxWorlds: maxWorlds + 8 });
  const cache = new SnapshotCache(env, { maxWorlds, rebuildEarly: options.rebuildEarly ?? true });

  const rewardOne = async (completion: Completion, taskId: string, history: readonly string[]) => {
    const parsed = parseAction(completionText(completion));
    if (!parsed.ok) return { kind: "unparseable", error: parsed.error } satisfies StepOutcome;
    const action = parsed.action;
    return cache.with<StepOutcome>(
      taskId,
      history,
      async (copy) => {
        const selector = { experimentName: copy.experimentName };
        const output = await env.execute(taskId, action, selector);
        if (isFailedExecution(output)) return { kind: "failed", output };
        const after = await env.evaluate(taskId, selector);
        const completed = after.success || (await env.taskCompleted(taskId, selector));
        const collateral = newCollateral(copy.base, after);
        return { kind: "executed", output, success: after.success, completed, collateral };
      },
      () => !mayChangeReplNames(action),
    );
  };

  return {
    config,
    get stats() {
      return cache.stats;
    },
    async reward(request) {
      checkLengths(request);
      // Check every row before any world opens, so a bad row costs nothing.
      const rows = request.completions.map((completion, i) => {
        const taskId = request.taskIds[i];
        if (typeof taskId !== "string" || taskId === "") {
          throw new GrpoInputError(
            `Expected \`task_id[${i}]\` to be a task id such as \`325d6ec_2\`, got ${JSON.stringify(taskId)}.`,
          );
        }
        try {
          return { completion, taskId, history: historyActions(request.histories[i], `history[${i}]`) };
        } catch (error) {
          throw new GrpoInputError((error as Error).message, { cause: error });
        }
      });
      const outcomes = await Promise.all(rows.map((r) => rewardOne(r.completion, r.taskId, r.history)));
      return { rewards: outcomes.map((o) => scoreStep(o, config)), outcomes };
    },
    async dispose() {
      await cache.dispose();
      if (ownsEnv) await env.dispose();
    },
  };
}
