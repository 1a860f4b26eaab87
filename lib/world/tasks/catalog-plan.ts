// The catalog's plan: which scenario ids exist in which split, which template and world each
// variant gets. Cheap to compute (no worlds are built), so listing ids and checking an id are instant.
import { createHash } from "node:crypto";
import { formatDateTime, parseDateTime } from "../datetime.js";
import { createRandom, deriveSeed } from "../random.js";
import { SPLITS, type Split } from "./types.js";
import { CHALLENGE_TEMPLATES, TASK_TEMPLATES } from "./templates.js";
import type { TaskTemplate } from "./template.js";

/** The seed every task of the catalog derives from; changing it makes a different catalog. */
export const CATALOG_SEED = 20_240_611;
const CATALOG_VERSION = "v1";

/** Scenarios per split (3 tasks each), as in AppWorld: 90 / 57 / 168 / 417 tasks. */
export const SPLIT_SCENARIOS: Readonly<Record<Split, number>> = {
  train: 30,
  dev: 19,
  test_normal: 56,
  test_challenge: 139,
};
export const VARIANTS_PER_SCENARIO = 3;

/** Everything needed to build one task, without building its world. */
export interface PlannedTask {
  readonly id: string;
  readonly scenarioId: string;
  readonly variant: 1 | 2 | 3;
  readonly split: Split;
  readonly template: TaskTemplate;
  readonly challenge: boolean;
  readonly difficulty: 1 | 2 | 3;
  readonly worldSeed: number;
  readonly datetime: string;
}

export interface PlannedScenario {
  readonly scenarioId: string;
  readonly split: Split;
  readonly template: TaskTemplate;
  readonly challenge: boolean;
  readonly tasks: readonly PlannedTask[];
}

// Seven hex digits from a hash of the split and position; stable across machines and Node versions.
function scenarioHex(split: Split, index: number, salt: number): string {
  return createHash("sha256")
    .update(`agentft-tasks/${CATALOG_VERSION}/${CATALOG_SEED}/${split}/${index}/${salt}`)
    .digest("hex")
    .slice(0, 7);
}

// A frozen clock per variant: a weekday afternoon in spring 2023, like AppWorld's worlds.
function drawDatetime(seed: number): string {
  const rng = createRandom(seed);
  const start = parseDateTime("2023-03-01T00:00:00");
  const day = rng.int(0, 100);
  const seconds = rng.int(9 * 3600, 20 * 3600);
  return formatDateTime(start + day * 86_400_000 + seconds * 1000);
}

function planSplit(split: Split, used: Set<string>): PlannedScenario[] {
  const challenge = split === "test_challenge";
  const pool = challenge ? CHALLENGE_TEMPLATES : TASK_TEMPLATES;
  const rng = createRandom(deriveSeed(CATALOG_SEED, `order/${split}`));
  let order: TaskTemplate[] = [];
  const scenarios: PlannedScenario[] = [];
  for (let index = 0; index < SPLIT_SCENARIOS[split]; index++) {
    // Cycle through a fresh shuffle of all templates, so every template appears before any repeats.
    if (order.length === 0) order = rng.shuffle(pool);
    const template = order.shift() as TaskTemplate;
    let salt = 0;
    let scenarioId = scenarioHex(split, index, salt);
    while (used.has(scenarioId)) scenarioId = scenarioHex(split, index, ++salt);
    used.add(scenarioId);
    const isChallenge = challenge && template.hasChallenge;
    const difficulty = (isChallenge ? Math.min(3, template.difficulty + 1) : template.difficulty) as 1 | 2 | 3;
    const tasks = ([1, 2, 3] as const).map((variant): PlannedTask => {
      const id = `${scenarioId}_${variant}`;
      const worldSeed = deriveSeed(CATALOG_SEED, `world/${id}`);
      return {
        id,
        scenarioId,
        variant,
        split,
        template,
        challenge: isChallenge,
        difficulty,
        worldSeed,
        datetime: drawDatetime(deriveSeed(worldSeed, "clock")),
      };
    });
    scenarios.push({ scenarioId, split, template, challenge: isChallenge, tasks });
  }
  return scenarios;
}

let plan: { scenarios: PlannedScenario[]; byId: Map<string, PlannedTask> } | undefined;

// The whole plan, computed once per process.
export function getCatalogPlan(): { scenarios: readonly PlannedScenario[]; byId: ReadonlyMap<string, PlannedTask> } {
  if (!plan) {
    const used = new Set<string>();
    const scenarios = SPLITS.flatMap((split) => planSplit(split, used));
    const byId = new Map<string, PlannedTask>();
    for (const s of scenarios) for (const t of s.tasks) byId.set(t.id, t);
    plan = { scenarios, byId };
  }
  return plan;
}
