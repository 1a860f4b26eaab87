// The generated GRPO run directory trained for real with TRL on CPU, in both modes: the tiny random Qwen2,
// the `local` job backend, and the server the mode needs started and stopped by startGrpoRun.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJobBackend, readTail } from "../../lib/jobs/index.js";
import { defaultGrpoRows, planGrpo, startGrpoRun } from "../../lib/grpo/index.js";
import { TINY_MODEL_ID } from "../../lib/train/index.js";
import { missing, testVenvPython } from "../helpers/prerequisites.js";
import { createTempDir, type TempDir } from "../helpers/temp-dir.js";
import { readMetrics } from "../train/run-helpers.js";

const CPU_TRL = {
  use_cpu: true,
  bf16: false,
  logging_steps: 1,
  save_steps: 1000,
  max_steps: 2,
  per_device_train_batch_size: 2,
  num_generations: 2,
} as const;
const CPU_ENV = { HF_HUB_OFFLINE: "1", OMP_NUM_THREADS: "1" };

describe.skipIf(missing("python-train"))("GRPO on CPU with real TRL, both modes", { timeout: 600_000 }, () => {
  let temp: TempDir;
  beforeAll(async () => {
    temp = await createTempDir("agentft-grpo-run-");
  });
  afterAll(async () => {
    await temp.remove();
  });

  it("builds the step rows with task_id and history from the executed gold runs", async () => {
    const rows = await defaultGrpoRows("step", { split: "train", limit: 2 });
    expect(rows.length).toBeGreaterThan(2);
    const first = rows[0] as { prompt: string; task_id: string; history: string };
    expect(JSON.parse(first.history)).toEqual([]);
    const later = rows.find(
      (r) => r.task_id === first.task_id && JSON.parse((r as { history: string }).history).length === 2,
    );
    expect(later).toBeDefined();
    const episodes = await defaultGrpoRows("episode", { split: "train", limit: 2 });
    expect(episodes.map((r) => r.task_id)).toEqual([...new Set(rows.map((r) => r.task_id))]);
    expect((episodes[0]!.prompt as unknown as { role: string }[]).map((m) => m.role)).toEqual(["system", "user"]);
  });

  it("step mode: the reward service scores every completion of 2 steps; rewards logged and finite", async () => {
    const runDir = path.join(temp.path, "step");
    const plan = await planGrpo({
      mode: "step",
      outDir: runDir,
      split: "train",
      limit: 2,
      config: { model: TINY_MODEL_ID, bnb: null, trl: { ...CPU_TRL, max_completion_length: 16 } },
    });
    expect(plan.files).toEqual(expect.arrayContaining(["rewards.py", "grpo_config.json", "data/train.jsonl"]));
    expect(existsSync(path.join(runDir, "environment.py"))).toBe(false);
    const run = await startGrpoRun(runDir, { backend: getJobBackend("local"), python: testVenvPython, env: CPU_ENV });
    expect(run.serverUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const result = await run.wait();
    expect(result.state, await readTail(result.logPath, 60)).toBe("completed");
    const logs = readMetrics(runDir).filter((e) => e.event === "log" && typeof e["reward"] === "number");
    expect(logs.map((e) => e.step)).toEqual([1, 2]);
    for (const e of logs) {
      expect(Number.isFinite(e["reward"])).toBe(true);
      // A random model's text is never a readable action: the seed's rule gives −1 to each completion.
      expect(e["rewards/world_step_reward/mean"]).toBe(-1);
    }
    // The service is stopped with the job: its port no longer answers.
    await expect(fetch(`${run.serverUrl}/health`)).rejects.toThrow();
    expect(run.openWorlds()).toBe(0);
  });

  it("episode mode: TRL's environment_factory opens and closes one world per rollout; rewards logged", async () => {
    const runDir = path.join(temp.path, "episode");
    const plan = await planGrpo({
      mode: "episode",
      outDir: runDir,
      split: "train",
      limit: 2,
      config: {
        model: TINY_MODEL_ID,
        bnb: null,
        trl: { ...CPU_TRL, max_completion_length: 24, max_tool_calling_iterations: 2 },
      },
    });
    expect(plan.files).toEqual(expect.arrayContaining(["rewards.py", "environment.py", "grpo_config.json"]));
    const run = await startGrpoRun(runDir, { backend: getJobBackend("local"), python: testVenvPython, env: CPU_ENV });
    const result = await run.wait();
    const log = await readTail(result.logPath, 80);
    expect(result.state, log).toBe("completed");
    const logs = readMetrics(runDir).filter((e) => e.event === "log" && typeof e["reward"] === "number");
    expect(logs.map((e) => e.step)).toEqual([1, 2]);
    for (const e of logs) {
      expect(Number.isFinite(e["reward"])).toBe(true);
      // get_reward evaluated each rollout's world (a server that failed would have failed reset): a random
      // model calls no tool, so it passes no no_op_fail test (0) and the tool-use term gives −1.
      expect(e["rewards/AgentftWorldEnv/mean"]).toBe(0);
      expect(e["rewards/tool_calls_made/mean"]).toBe(-1);
      expect(e["tools/call_frequency"]).toBe(0);
    }
    expect(run.openWorlds()).toBe(0);
    expect(readFileSync(path.join(runDir, "grpo_config.json"), "utf8")).toContain('"mode": "episode"');
  });
});
