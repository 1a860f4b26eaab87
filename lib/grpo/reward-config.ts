// The reward definition shared by both modes: the seed's step rule plus configurable terms, and the episode reward.
import { z } from "zod";
import { configErrorFromZod } from "../errors.js";

/**
 * How completions and episodes are scored.
 *
 * Step mode (one action executed in the prompt's world): `unparseable` when the reply has no `{"thought",
 * "action"}`, else `failedExecution` or `executed` (the seed's −1 / +1), plus `successBonus` when the task's
 * tests all pass after the action, plus `unsolvedCompletion` when the action ends the task with tests failing,
 * minus `collateralPenalty` per `no_op_pass` test the action newly breaks.
 *
 * Episode mode: the share of the task's `no_op_fail` tests passed (a policy that does nothing at all scores 0), plus
 * `successBonus` when every test passes, minus `collateralPenalty` per `no_op_pass` test failing at the end,
 * minus `failedExecutionPenalty` × the share of the episode's executions that failed.
 */
export const RewardConfigSchema = z
  .object({
    // -- step mode
    /** Reward of a completion the lenient parser cannot read as `{"thought", "action"}`. @default -1 */
    unparseable: z.number().default(-1).describe("step reward of a reply with no readable action"),
    /** Reward of an action whose execution fails (a traceback, or no code). @default -1 */
    failedExecution: z.number().default(-1).describe("step reward of an action that raises"),
    /** Reward of an action that executes without error. @default 1 */
    executed: z.number().default(1).describe("step reward of an action that runs without error"),
    /**
     * Added when an executed action ends the task (`complete_task`) while its tests still fail: without it a
     * do-nothing `complete_task()` scores as well as the gold step on every step but the last. @default -2
     */
    unsolvedCompletion: z.number().default(-2).describe("step term when an action ends the task unsolved"),
    // -- both modes
    /** Added when every test of the task passes (after the action, or at the episode's end). @default 1 */
    successBonus: z.number().default(1).describe("bonus when the task's tests all pass"),
    /** Subtracted per `no_op_pass` test that fails (newly, in step mode): money sent to the wrong person, a doubled payment. @default 1 */
    collateralPenalty: z.number().min(0).default(1).describe("penalty per collateral-damage test failed"),
    // -- episode mode
    /** Episode mode: subtracted × the share of the episode's executions that failed; 0 turns it off. @default 0 */
    failedExecutionPenalty: z
      .number()
      .min(0)
      .default(0)
      .describe("episode penalty × share of failed executions (0 = off)"),
  })
  .strict();

export type RewardConfigInput = z.input<typeof RewardConfigSchema>;
export type RewardConfig = z.output<typeof RewardConfigSchema>;

// Parse a reward config from flags, a notebook cell or a file, naming each bad field. Every source nests the
// terms under `reward` (`--set reward.successBonus=2`, `{ reward: {...} }`), so the paths do too.
export function parseRewardConfig(input: unknown = {}, source = "reward config"): RewardConfig {
  const parsed = RewardConfigSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw configErrorFromZod(parsed.error, { subject: source, input: input ?? {}, pathPrefix: "reward" });
}
