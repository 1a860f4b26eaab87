import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { ConfigError } from "../../lib/errors.js";
import { createStepRewarder, parseRewardConfig } from "../../lib/grpo/index.js";

describe("reward config", () => {
  it("fills every term's default", () => {
    expect(parseRewardConfig()).toMatchObject({ successBonus: 1, collateralPenalty: 1, failedExecutionPenalty: 0 });
  });

  it("names each bad term under `reward`, as flags and options spell it, with the value received and the fix", () => {
    let thrown: unknown;
    try {
      createStepRewarder({ reward: { successBonus: "2", collateralPenalty: -1, colateralPenalty: 1 } as never });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).cause).toBeInstanceOf(ZodError);
    expect((thrown as ConfigError).message.split("\n")).toEqual([
      "Invalid reward config:",
      "✖ `reward.successBonus`: Invalid input: expected number, received string; got `2` (string). Fix: give `reward.successBonus` a number.",
      "✖ `reward.collateralPenalty`: Too small: expected number to be >=0; got `-1` (number). Fix: use at least 0 for `reward.collateralPenalty`.",
      expect.stringMatching(
        /^✖ `reward`: Unrecognized key: "colateralPenalty"; got .* Fix: remove `colateralPenalty` \(a misspelt option\?\)\.$/,
      ),
    ]);
    expect((thrown as ConfigError).issues.map((issue) => issue.path)).toEqual([
      "reward.successBonus",
      "reward.collateralPenalty",
      "reward",
    ]);
  });

  it("puts the caller's source in the first line", () => {
    expect(() => parseRewardConfig({ successBonus: null }, "reward terms of run.json")).toThrow(
      "Invalid reward terms of run.json:\n✖ `reward.successBonus`: Invalid input: expected number, received null; got `null` (null).",
    );
  });
});
