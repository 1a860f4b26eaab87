// Train/test splits by scenario (never by row: all variants and steps of a scenario land on one side)
// and deduplication of trajectories and rows.
import { createHash } from "node:crypto";
import { scenarioKeyOf } from "./intent.js";
import type { Trajectory } from "./schema.js";

/** Options of `splitByScenario`. */
export interface SplitOptions {
  /** Share of scenarios that go to `test`, in [0, 1]. @default 0.2 */
  readonly testFraction?: number;
  /** Changes which scenarios are drawn; the same seed gives the same split on every machine. @default 0 */
  readonly seed?: number;
}

/** The two sides of a split and the scenarios on each. */
export interface ScenarioSplit {
  readonly train: Trajectory[];
  readonly test: Trajectory[];
  readonly trainScenarios: string[];
  readonly testScenarios: string[];
}

export function scenarioOfTrajectory(trajectory: Trajectory): string {
  return trajectory.scenario_id ?? scenarioKeyOf(trajectory.task_id, trajectory.instruction);
}

// Split trajectories so that no scenario is on both sides; scenarios are ordered by a seeded hash and the
// first round(testFraction × scenarios) go to test (at least one when the fraction is above 0 and there are 2+).
export function splitByScenario(trajectories: readonly Trajectory[], options: SplitOptions = {}): ScenarioSplit {
  const testFraction = options.testFraction ?? 0.2;
  if (!(testFraction >= 0 && testFraction <= 1)) {
    throw new RangeError(
      `Expected \`testFraction\` to be a number in [0, 1], got \`${String(testFraction)}\` (${typeof testFraction}).`,
    );
  }
  const seed = options.seed ?? 0;
  const scenarios = [...new Set(trajectories.map(scenarioOfTrajectory))];
  const ranked = scenarios
    .map((scenario) => ({ scenario, rank: createHash("sha256").update(`${seed}:${scenario}`).digest("hex") }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
  let testCount = Math.round(testFraction * scenarios.length);
  if (testFraction > 0 && testCount === 0 && scenarios.length >= 2) testCount = 1;
  const testScenarios = new Set(ranked.slice(0, testCount).map((r) => r.scenario));
  const split: ScenarioSplit = { train: [], test: [], trainScenarios: [], testScenarios: [] };
  for (const trajectory of trajectories)
    (testScenarios.has(scenarioOfTrajectory(trajectory)) ? split.test : split.train).push(trajectory);
  for (const { scenario } of ranked)
    (testScenarios.has(scenario) ? split.testScenarios : split.trainScenarios).push(scenario);
  return split;
}

/** What deduplication kept and how many it dropped. */
export interface DedupResult<T> {
  readonly kept: T[];
  readonly dropped: number;
}

// Keep the first of items with the same key (a JSON text key, hashed so long prompts cost little memory).
export function dedupBy<T>(items: readonly T[], keyOf: (item: T) => string): DedupResult<T> {
  const seen = new Set<string>();
  const kept: T[] = [];
  for (const item of items) {
    const key = createHash("sha1").update(keyOf(item)).digest("base64");
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(item);
  }
  return { kept, dropped: items.length - kept.length };
}

// Trajectories are duplicates when instruction and every thought and action are equal.
export function dedupTrajectories(trajectories: readonly Trajectory[]): DedupResult<Trajectory> {
  return dedupBy(trajectories, (t) => JSON.stringify([t.instruction, t.steps.map((s) => [s.thought, s.action])]));
}

// Rows are duplicates when their whole JSON is equal (prompt and completion, strings or message lists).
export function dedupRows<T>(rows: readonly T[]): DedupResult<T> {
  return dedupBy(rows, (row) => JSON.stringify(row));
}
