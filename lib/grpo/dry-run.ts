// The reward dry run: what the reward gives the reference policies (gold, noop) and a few sampled completions
// per prompt, before any GPU hour is spent, with a warning for every group whose rewards are all equal
// (GRPO's advantage is the reward minus the group's mean: an equal group teaches nothing).
import { NOOP_ACTION } from "../agent/index.js";
import {
  buildPromptCompletionRows,
  buildStepPromptRows,
  executeSteps,
  goldRunsOf,
  recordTrajectories,
} from "../data/index.js";
import { EnvironmentClient } from "../env/index.js";
import type { ModelClient } from "../model/index.js";
import type { GrpoMode, GrpoSplit } from "./plan.js";
import { parseRewardConfig, type RewardConfig, type RewardConfigInput } from "./reward-config.js";
import { scoreEpisode } from "./reward-terms.js";
import { createStepRewarder } from "./step-reward.js";

/** Where a dry-run completion came from. */
export type DryRunSource = "gold" | "noop" | "sample";

/** Options of grpoDryRun. */
export interface GrpoDryRunOptions {
  /** @default "step" */
  readonly mode?: GrpoMode;
  /** @default "train" */
  readonly split?: GrpoSplit;
  /** Tasks taken from the split. @default 5 */
  readonly limit?: number;
  readonly reward?: RewardConfigInput;
  /** Where worlds run: `embedded` or the URL of `agentft world serve`. @default "embedded" */
  readonly env?: string;
  /** Step mode: the model whose sampled replies join each prompt's group (none: gold and noop only). */
  readonly model?: ModelClient;
  /** Sampled replies per prompt, as GRPO's `num_generations`. @default 2 */
  readonly samples?: number;
  /** Sampling temperature of those replies. @default 1 */
  readonly temperature?: number;
  /** Called after each group is scored. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** One completion of a group and its reward. */
export interface DryRunEntry {
  readonly source: DryRunSource;
  readonly reward: number;
  /** What happened: `unparseable`, `failed`, `executed` (step) or `success` / `progress 0.50` (episode). */
  readonly outcome: string;
}

/** One prompt (step mode) or task (episode mode) and what each of its completions scored. */
export interface DryRunGroup {
  readonly taskId: string;
  /** Step mode: actions before this prompt; episode mode: 0. */
  readonly step: number;
  readonly entries: readonly DryRunEntry[];
  readonly mean: number;
  readonly std: number;
  /** Every reward the same: GRPO's advantage is zero for the whole group. */
  readonly allEqual: boolean;
}

/** Rewards of one source over every group. */
export interface DryRunSourceStats {
  readonly source: DryRunSource;
  readonly count: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

/** The dry run's result. */
export interface GrpoDryRunReport {
  readonly mode: GrpoMode;
  readonly reward: RewardConfig;
  readonly groups: readonly DryRunGroup[];
  readonly bySource: readonly DryRunSourceStats[];
  /** Share of groups whose rewards are all equal. */
  readonly equalGroupShare: number;
  /** Mean gold reward above mean noop reward. */
  readonly separates: boolean;
  readonly warnings: readonly string[];
}

function stats(values: readonly number[]): { mean: number; std: number; min: number; max: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, std, min: Math.min(...values), max: Math.max(...values) };
}

function groupOf(taskId: string, step: number, entries: DryRunEntry[]): DryRunGroup {
  const { mean, std } = stats(entries.map((e) => e.reward));
  return { taskId, step, entries, mean, std, allEqual: entries.every((e) => e.reward === entries[0]!.reward) };
}

const NOOP_COMPLETION = JSON.stringify({ thought: "Complete the task without acting.", action: NOOP_ACTION });

async function stepGroups(options: GrpoDryRunOptions, reward: RewardConfig): Promise<DryRunGroup[]> {
  const env = EnvironmentClient.connect(options.env ?? "embedded");
  const rewarder = createStepRewarder({ env, reward });
  try {
    const runs = goldRunsOf(options.split ?? "train", { limit: options.limit ?? 5 });
    const { trajectories } = await recordTrajectories(env, runs, { concurrency: 4 });
    const prompts = buildStepPromptRows(trajectories);
    const golds = buildPromptCompletionRows(trajectories);
    const groups: DryRunGroup[] = [];
    for (const [i, row] of prompts.entries()) {
      const completions: { source: DryRunSource; text: string }[] = [
        { source: "gold", text: golds[i]!.completion },
        { source: "noop", text: NOOP_COMPLETION },
      ];
      for (let k = 0; options.model && k < (options.samples ?? 2); k += 1) {
        const reply = await options.model.complete([{ role: "user", content: row.prompt }], {
          temperature: options.temperature ?? 1,
        });
        completions.push({ source: "sample", text: reply.content });
      }
      const result = await rewarder.reward({
        completions: completions.map((c) => c.text),
        taskIds: completions.map(() => row.task_id),
        histories: completions.map(() => row.history),
      });
      const entries = completions.map((c, k) => ({
        source: c.source,
        reward: result.rewards[k]!,
        outcome: result.outcomes[k]!.kind,
      }));
      groups.push(groupOf(row.task_id, (JSON.parse(row.history) as unknown[]).length, entries));
      options.onProgress?.(groups.length, prompts.length);
    }
    return groups;
  } finally {
    await rewarder.dispose();
    await env.dispose();
  }
}

async function episodeGroups(options: GrpoDryRunOptions, reward: RewardConfig): Promise<DryRunGroup[]> {
  const env = EnvironmentClient.connect(options.env ?? "embedded");
  try {
    const runs = goldRunsOf(options.split ?? "train", { limit: options.limit ?? 5 });
    const groups: DryRunGroup[] = [];
    for (const run of runs) {
      const entries: DryRunEntry[] = [];
      const policies = [
        { source: "gold" as const, steps: run.steps },
        { source: "noop" as const, steps: [{ thought: "noop", action: NOOP_ACTION }] },
      ];
      for (const { source, steps } of policies) {
        const done = await executeSteps(env, { ...run, steps }, { experimentName: `grpo-dry-run-${source}` });
        const score = scoreEpisode(done.evaluation, reward, { total: steps.length, failed: done.failedSteps.length });
        const outcome = score.success ? "success" : `progress ${score.progress.toFixed(2)}`;
        entries.push({ source, reward: score.reward, outcome });
      }
      groups.push(groupOf(run.taskId, 0, entries));
      options.onProgress?.(groups.length, runs.length);
    }
    return groups;
  } finally {
    await env.dispose();
  }
}

// Score gold, noop and sampled completions; warn where the reward gives GRPO nothing to learn from.
export async function grpoDryRun(options: GrpoDryRunOptions = {}): Promise<GrpoDryRunReport> {
  const mode = options.mode ?? "step";
  const reward = parseRewardConfig(options.reward ?? {});
  const groups = mode === "step" ? await stepGroups(options, reward) : await episodeGroups(options, reward);
  const bySource: DryRunSourceStats[] = [];
  for (const source of ["gold", "noop", "sample"] as const) {
    const values = groups.flatMap((g) => g.entries.filter((e) => e.source === source).map((e) => e.reward));
    if (values.length === 0) continue;
    const { mean, min, max } = stats(values);
    bySource.push({ source, count: values.length, mean, min, max });
  }
  const equal = groups.filter((g) => g.allEqual);
  const warnings = equal.map(
    (g) =>
      `${g.taskId} step ${g.step}: all ${g.entries.length} completions score ${g.entries[0]!.reward}; this group gives GRPO no signal.`,
  );
  const mean = (source: DryRunSource) => bySource.find((s) => s.source === source)?.mean ?? Number.NaN;
  const separates = mean("gold") > mean("noop");
  if (!separates) {
    warnings.push(
      `gold averages ${mean("gold").toFixed(3)} and noop ${mean("noop").toFixed(3)}: the reward does not rank the reference solution above doing nothing; change the reward terms.`,
    );
  }
  return {
    mode,
    reward,
    groups,
    bySource,
    equalGroupShare: groups.length === 0 ? 0 : equal.length / groups.length,
    separates,
    warnings,
  };
}
