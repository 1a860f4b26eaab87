// The task catalog: AppWorld-sized splits of scenarios (3 variants each), built on demand from the
// plan. A task's world is built once (to write its tests' no-op labels) and its start state kept as JSON text.
import { setActiveTask } from "../mutations.js";
import { createWorldState } from "../population.js";
import { createRandom, deriveSeed } from "../random.js";
import type { WorldState } from "../state.js";
import {
  CATALOG_SEED,
  getCatalogPlan,
  SPLIT_SCENARIOS,
  VARIANTS_PER_SCENARIO,
  type PlannedTask,
} from "./catalog-plan.js";
import { buildEffectTests } from "./effects.js";
import { UnknownTaskError } from "./errors.js";
import type { TaskBlueprint } from "./template.js";
import { SPLITS, type Split, type Task, type TaskTest } from "./types.js";

/** A scenario as `listScenarios` shows it. */
export interface ScenarioInfo {
  readonly scenarioId: string;
  readonly split: Split;
  readonly template: string;
  readonly intent: string;
  readonly difficulty: 1 | 2 | 3;
  readonly taskIds: readonly string[];
}

const BASE_APPS = ["api_docs", "supervisor"] as const;
// Start states are kept as JSON text (about 110 kB a task, so at most ~80 MB for the whole catalog):
// parsing it is about twice as fast as structuredClone, and ten times faster than building the world again.
const SNAPSHOT_CACHE_SIZE = 1024;
const snapshots = new Map<string, string>();
const tasks = new Map<string, Task>();

// Builds the variant's world and runs its template's setup on it.
function buildVariant(planned: PlannedTask): { state: WorldState; blueprint: TaskBlueprint } {
  const state = createWorldState({ seed: planned.worldSeed, now: planned.datetime });
  const blueprint = planned.template.build({
    state,
    rng: createRandom(deriveSeed(planned.worldSeed, "task")),
    scenario: createRandom(deriveSeed(CATALOG_SEED, `scenario/${planned.scenarioId}`)),
    challenge: planned.challenge,
  });
  setActiveTask(state, blueprint.instruction);
  return { state, blueprint };
}

function rememberSnapshot(id: string, text: string): void {
  snapshots.delete(id);
  snapshots.set(id, text);
  if (snapshots.size > SNAPSHOT_CACHE_SIZE) snapshots.delete(snapshots.keys().next().value as string);
}

function startState(planned: PlannedTask): WorldState {
  const text = snapshots.get(planned.id) ?? JSON.stringify(buildVariant(planned).state);
  rememberSnapshot(planned.id, text);
  return JSON.parse(text) as WorldState;
}

function materialize(planned: PlannedTask): Task {
  const { state, blueprint } = buildVariant(planned);
  rememberSnapshot(planned.id, JSON.stringify(state));
  const specs = [...buildEffectTests(blueprint.effects), ...(blueprint.extraTests ?? [])];
  // A do-nothing policy leaves the start state as it is, so the label is the test run on (start, start).
  const tests: TaskTest[] = specs.map((spec) => ({
    requirement: spec.requirement,
    label: spec.check({ start: state, end: state }) === null ? "no_op_pass" : "no_op_fail",
    check: spec.check,
  }));
  const answer = blueprint.effects.answer;
  return {
    id: planned.id,
    scenarioId: planned.scenarioId,
    split: planned.split,
    difficulty: planned.difficulty,
    intent: planned.template.intent,
    instruction: blueprint.instruction,
    datetime: planned.datetime,
    allowedApps: [...BASE_APPS, ...planned.template.apps],
    buildState: () => startState(planned),
    goldSteps: blueprint.goldSteps,
    tests,
    ...(answer === undefined ? {} : { expectedAnswer: answer }),
  };
}

function describeSplitSizes(): string {
  return SPLITS.map((s) => `${s} ${SPLIT_SCENARIOS[s] * VARIANTS_PER_SCENARIO}`).join(", ");
}

function checkSplit(split: string): Split {
  if ((SPLITS as readonly string[]).includes(split)) return split as Split;
  throw new UnknownTaskError(split, `Unknown split \`${split}\`; expected one of ${SPLITS.join(", ")}.`);
}

// The task with this id (built on first use, then cached).
export function getTask(taskId: string): Task {
  const cached = tasks.get(taskId);
  if (cached) return cached;
  const planned = getCatalogPlan().byId.get(taskId);
  if (!planned) {
    const shape = /^[0-9a-f]{7}_[1-3]$/.test(taskId)
      ? "is not in the catalog"
      : "is not a task id (expected 7 hex digits, `_` and a variant 1-3, e.g. `325d6ec_2`)";
    throw new UnknownTaskError(
      taskId,
      `Task \`${taskId}\` ${shape}. The catalog has ${describeSplitSizes()} tasks; list their ids with \`agentft world tasks --split dev\` or \`listTasks("dev")\`.`,
    );
  }
  const task = materialize(planned);
  tasks.set(taskId, task);
  return task;
}

// All tasks of a split (or of every split), in catalog order. A split is a plain string, checked here, so a
// notebook parameter typed `string` passes; an unknown one names the splits.
export function listTasks(split?: string): Task[] {
  const wanted = split === undefined ? undefined : checkSplit(split);
  return getCatalogPlan()
    .scenarios.filter((s) => wanted === undefined || s.split === wanted)
    .flatMap((s) => s.tasks.map((t) => getTask(t.id)));
}

// Task ids of a split without building any world.
export function listTaskIds(split?: string): string[] {
  const wanted = split === undefined ? undefined : checkSplit(split);
  return getCatalogPlan()
    .scenarios.filter((s) => wanted === undefined || s.split === wanted)
    .flatMap((s) => s.tasks.map((t) => t.id));
}

export function listScenarios(split?: string): ScenarioInfo[] {
  const wanted = split === undefined ? undefined : checkSplit(split);
  return getCatalogPlan()
    .scenarios.filter((s) => wanted === undefined || s.split === wanted)
    .map((s) => ({
      scenarioId: s.scenarioId,
      split: s.split,
      template: s.template.name,
      intent: s.template.intent,
      difficulty: (s.tasks[0] as PlannedTask).difficulty,
      taskIds: s.tasks.map((t) => t.id),
    }));
}
