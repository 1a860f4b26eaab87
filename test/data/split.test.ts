import { describe, expect, it } from "vitest";
import { importSeedTrajectories, readSeedCsv } from "../../lib/data/seed-csv.js";
import { dedupRows, dedupTrajectories, scenarioOfTrajectory, splitByScenario } from "../../lib/data/split.js";
import type { Trajectory } from "../../lib/data/schema.js";
import { missing, seedPath } from "../helpers/prerequisites.js";

const seedFile = seedPath("seed-data", "base_tasks_train_data.csv");
const noSeed = missing("seed");
const seed = noSeed ? [] : importSeedTrajectories(readSeedCsv(seedFile), seedFile);

function fakeTask(id: string): Trajectory {
  return {
    task_id: id,
    instruction: `Do ${id}`,
    supervisor: null,
    steps: [{ thought: "t", action: "a", observation: null }],
    source: "executed",
  };
}

describe("splits by scenario", () => {
  it("never puts one scenario on both sides", () => {
    const tasks = ["aaaaaaa", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeee"].flatMap((s) =>
      [1, 2, 3].map((n) => fakeTask(`${s}_${n}`)),
    );
    const split = splitByScenario(tasks, { testFraction: 0.4, seed: 7 });
    expect(split.testScenarios).toHaveLength(2);
    expect(split.train).toHaveLength(9);
    expect(split.test).toHaveLength(6);
    const trainScenarios = new Set(split.train.map(scenarioOfTrajectory));
    expect(split.test.some((t) => trainScenarios.has(scenarioOfTrajectory(t)))).toBe(false);
  });

  it.skipIf(noSeed)("keeps the seed's $91 and $68 variants of one scenario together", () => {
    for (let s = 0; s < 10; s += 1) {
      const split = splitByScenario(seed, { testFraction: 0.3, seed: s });
      const side = (id: string) => (split.train.some((t) => t.task_id === id) ? "train" : "test");
      expect(side("seed-1")).toBe(side("seed-4"));
    }
  });

  it.skipIf(noSeed)("is the same for the same seed", () => {
    expect(splitByScenario(seed, { seed: 3 }).testScenarios).toEqual(splitByScenario(seed, { seed: 3 }).testScenarios);
  });

  it.skipIf(noSeed)("rejects a fraction outside [0, 1]", () => {
    expect(() => splitByScenario(seed, { testFraction: 1.5 })).toThrow(
      "Expected `testFraction` to be a number in [0, 1], got `1.5` (number).",
    );
  });
});

describe("deduplication", () => {
  it.skipIf(noSeed)("drops trajectories with the same instruction, thoughts and actions", () => {
    const result = dedupTrajectories([...seed, { ...seed[0]!, task_id: "copy" }]);
    expect(result.dropped).toBe(1);
    expect(result.kept).toHaveLength(7);
  });

  it("drops repeated rows and keeps the first", () => {
    expect(
      dedupRows([
        { prompt: "a", completion: "b" },
        { prompt: "a", completion: "b" },
        { prompt: "a", completion: "c" },
      ]),
    ).toEqual({
      kept: [
        { prompt: "a", completion: "b" },
        { prompt: "a", completion: "c" },
      ],
      dropped: 1,
    });
  });
});
