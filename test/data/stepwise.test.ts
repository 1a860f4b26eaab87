import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { ConfigError } from "../../lib/errors.js";
import { EnvironmentClient } from "../../lib/env/index.js";
import { readJsonLines } from "../../lib/data/io.js";
import { ConversationalRowSchema, PromptCompletionRowSchema, type Trajectory } from "../../lib/data/schema.js";
import { importSeedTrajectories, readSeedCsv } from "../../lib/data/seed-csv.js";
import { buildStepPromptRows, buildStepwiseRows, writeStepwiseRows } from "../../lib/data/stepwise.js";
import { parseStepCompletion, renderStepPrompt, renderTrajectoryPrompts } from "../../lib/data/templates.js";
import { missing, seedPath } from "../helpers/prerequisites.js";
import { goldRunsOf, readTrajectories, recordTrajectories, writeTrajectories } from "../../lib/data/trajectories.js";

const seedFile = seedPath("seed-data", "base_tasks_train_data.csv");
const noSeed = missing("seed");
const seed = noSeed ? [] : importSeedTrajectories(readSeedCsv(seedFile), seedFile);
const dir = mkdtempSync(path.join(tmpdir(), "stepwise-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(noSeed)("step-wise rows from the seed trajectories", () => {
  it("makes one prompt-completion row per step whose completion parses back to the step", () => {
    const data = buildStepwiseRows(seed, "prompt-completion", { template: "v2" });
    if (data.format !== "prompt-completion") throw new Error("wrong format");
    expect(data.rows).toHaveLength(54);
    expect(data.sources[13]).toEqual({ taskId: "seed-2", stepIndex: 7, intent: "send_money" });
    const parsed = parseStepCompletion(data.rows[13]!.completion);
    expect(parsed).toMatchObject({ ok: true, thought: seed[1]!.steps[7]!.thought, action: seed[1]!.steps[7]!.action });
    expect(data.rows[1]!.prompt).toBe(
      renderStepPrompt("v2", seed[0]!.instruction, [
        { ...seed[0]!.steps[0]!, observation: seed[0]!.steps[0]!.observation! },
      ]),
    );
  });

  it("renders a trajectory's prompts exactly as step-by-step rendering does, for both templates", () => {
    for (const template of ["v1", "v2"] as const) {
      for (const t of seed) {
        const oneByOne = t.steps.map((_s, k) =>
          renderStepPrompt(
            template,
            t.instruction,
            t.steps.slice(0, k).map((s) => ({ ...s, observation: s.observation! })),
          ),
        );
        expect(renderTrajectoryPrompts(template, t.instruction, t.steps)).toEqual(oneByOne);
      }
    }
  });

  it("writes TRL's conversational prompt-completion lines that read back through the schema", () => {
    const file = path.join(dir, "conv.jsonl");
    writeStepwiseRows(
      file,
      buildStepwiseRows(seed, "conversational", { template: "v1", systemPrompt: "You act for the user." }),
    );
    const rows = readJsonLines(file, ConversationalRowSchema);
    expect(rows).toHaveLength(54);
    expect(rows[0]!.prompt.map((m) => m.role)).toEqual(["system", "user"]);
    expect(rows[0]!.completion).toEqual([
      { role: "assistant", content: expect.stringMatching(/^\{"thought": "First, let's check/) },
    ]);
  });

  it("writes the seed CSV format identical to the seed file", () => {
    const file = path.join(dir, "seed.csv");
    writeStepwiseRows(file, buildStepwiseRows(seed, "seed-csv", { template: "v1" }));
    expect(readFileSync(file, "utf8")).toBe(readFileSync(seedFile, "utf8"));
  });
});

describe("executed trajectories", () => {
  let recorded: Awaited<ReturnType<typeof recordTrajectories>>;
  const env = EnvironmentClient.embedded();
  beforeAll(async () => {
    recorded = await recordTrajectories(env, goldRunsOf("train", { limit: 3 }));
  });
  afterAll(() => env.dispose());

  it("runs each gold step in the world and keeps the real outputs of tasks that pass", () => {
    expect(recorded.rejected).toEqual([]);
    expect(recorded.trajectories).toHaveLength(3);
    for (const t of recorded.trajectories) {
      expect(t.source).toBe("executed");
      expect(t.evaluation).toMatchObject({ success: true });
      expect(t.supervisor?.email).toMatch(/@/);
      expect(t.steps.every((s) => typeof s.observation === "string" && s.observation.length > 0)).toBe(true);
      expect(t.steps.some((s) => s.observation!.startsWith("Execution failed."))).toBe(false);
    }
  });

  it("rejects a run whose evaluation fails, naming the failed tests", async () => {
    const [run] = goldRunsOf("train", { limit: 1 });
    const result = await recordTrajectories(env, [
      { ...run!, steps: [{ thought: "Do nothing.", action: "apis.supervisor.complete_task()" }] },
    ]);
    expect(result.trajectories).toEqual([]);
    expect(result.rejected[0]!.reason).toMatch(/^\d+ of \d+ tests failed: /);
  });

  it("round-trips trajectories through JSON lines and builds both templates from them", () => {
    const file = path.join(dir, "trajectories.jsonl");
    writeTrajectories(file, recorded.trajectories);
    const back: Trajectory[] = readTrajectories(file);
    expect(back).toEqual(recorded.trajectories);
    const steps = back.reduce((n, t) => n + t.steps.length, 0);
    for (const template of ["v1", "v2"] as const) {
      const data = buildStepwiseRows(back, "prompt-completion", { template });
      expect(data.rows).toHaveLength(steps);
      expect((data.rows as unknown[]).every((r) => PromptCompletionRowSchema.safeParse(r).success)).toBe(true);
    }
  });

  it("builds GRPO step prompts carrying each step's task id and the actions before it", () => {
    const trajectories = recorded.trajectories;
    const rows = buildStepPromptRows(trajectories, { template: "v2" });
    const plain = buildStepwiseRows(trajectories, "prompt-completion", { template: "v2" }).rows;
    expect(rows.map((r) => r.prompt)).toEqual(plain.map((r) => r.prompt));
    let k = 0;
    for (const trajectory of trajectories) {
      trajectory.steps.forEach((_step, i) => {
        expect(rows[k]).toMatchObject({ task_id: trajectory.task_id });
        expect(JSON.parse(rows[k]!.history)).toEqual(trajectory.steps.slice(0, i).map((s) => s.action));
        k += 1;
      });
    }
    expect(Object.keys(rows[0]!).sort()).toEqual(["history", "prompt", "task_id"]);
  });

  it("names the file, line, field, value received and fix of every problem of a bad trajectory line", () => {
    const file = path.join(dir, "bad.jsonl");
    const good = recorded.trajectories[0]!;
    const badStep = { ...good.steps[0]!, action: 7 as never };
    writeTrajectories(file, [good, { ...good, steps: [badStep], source: "dreamed" as never }]);
    let thrown: unknown;
    try {
      readTrajectories(file);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).cause).toBeInstanceOf(ZodError);
    expect((thrown as ConfigError).message).toBe(
      [
        `Invalid row at ${file}:2 (fix or drop it):`,
        "✖ `steps[0].action`: Invalid input: expected string, received number; got `7` (number). Fix: give `steps[0].action` a string.",
        '✖ `source`: Invalid option: expected one of "executed"|"seed-csv"|"appworld-experiment"|"synthesized"; got `dreamed` (string). Fix: use one of `executed`, `seed-csv`, `appworld-experiment`, `synthesized`.',
      ].join("\n"),
    );
    expect((thrown as ConfigError).issues.map((issue) => issue.path)).toEqual(["steps[0].action", "source"]);
  });
});
