// The reward arithmetic of both modes, on AppWorld's test tracker: pure functions, no world access.
import type { RewardConfig } from "./reward-config.js";

/** The part of AppWorld's `/evaluate` tracker the reward reads. */
export interface TestTracker {
  readonly success: boolean;
  readonly passes: readonly { readonly requirement: string; readonly label: string }[];
  readonly failures: readonly { readonly requirement: string; readonly label: string }[];
}

/** How one step completion went, before scoring. */
export type StepOutcome =
  | { readonly kind: "unparseable"; readonly error: string }
  | { readonly kind: "failed"; readonly output: string }
  | {
      readonly kind: "executed";
      readonly output: string;
      readonly success: boolean;
      /** The action ended the task (`complete_task`); with `success` false it ended it unsolved. */
      readonly completed?: boolean;
      /** `no_op_pass` tests failing after the action that passed in the prompt's state. */
      readonly collateral: readonly string[];
    };

/** An episode's score and its parts. */
export interface EpisodeScore {
  readonly reward: number;
  /** Passed / total `no_op_fail` tests (0 when the task has none). */
  readonly progress: number;
  readonly success: boolean;
  readonly collateral: readonly string[];
  readonly failedExecutionShare: number;
}

// Failing `no_op_pass` tests: what a do-nothing policy would not have broken.
export function collateralFailures(tracker: TestTracker): string[] {
  return tracker.failures.filter((f) => f.label === "no_op_pass").map((f) => f.requirement);
}

// The requirements a step newly breaks: failing after it, passing (or absent) before it.
export function newCollateral(before: TestTracker, after: TestTracker): string[] {
  const already = new Set(collateralFailures(before));
  return collateralFailures(after).filter((r) => !already.has(r));
}

// One float per step outcome: −1 unparseable, −1 failed, +1 executed (the seed's rule) plus the configured terms.
export function scoreStep(outcome: StepOutcome, config: RewardConfig): number {
  if (outcome.kind === "unparseable") return config.unparseable;
  if (outcome.kind === "failed") return config.failedExecution;
  return (
    config.executed +
    (outcome.success ? config.successBonus : 0) +
    (outcome.completed && !outcome.success ? config.unsolvedCompletion : 0) -
    config.collateralPenalty * outcome.collateral.length
  );
}

// The episode reward: share of no_op_fail tests passed, not of all tests (a do-nothing policy passes most of those).
export function scoreEpisode(
  tracker: TestTracker,
  config: RewardConfig,
  executions: { readonly total: number; readonly failed: number } = { total: 0, failed: 0 },
): EpisodeScore {
  const passed = tracker.passes.filter((p) => p.label === "no_op_fail").length;
  const failed = tracker.failures.filter((f) => f.label === "no_op_fail").length;
  const progress = passed + failed === 0 ? 0 : passed / (passed + failed);
  const collateral = collateralFailures(tracker);
  const failedExecutionShare = executions.total === 0 ? 0 : executions.failed / executions.total;
  const reward =
    progress +
    (tracker.success ? config.successBonus : 0) -
    config.collateralPenalty * collateral.length -
    config.failedExecutionPenalty * failedExecutionShare;
  return { reward, progress, success: tracker.success, collateral, failedExecutionShare };
}
