// Real TRL on CPU: the seed's presets with the model replaced by the tiny random Qwen2, a few steps each,
// real losses read from metrics.jsonl, checkpoints, a LoRA adapter, and resuming from a checkpoint.
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planTraining, TINY_MODEL_ID, trainingPreset } from "../../lib/train/index.js";
import { missing } from "../helpers/prerequisites.js";
import { createTempDir, type TempDir } from "../helpers/temp-dir.js";
import { goldStepRows, readMetrics, runTrainScript } from "./run-helpers.js";

const CPU = { use_cpu: true, bf16: false, logging_steps: 1, save_steps: 2, max_length: 128 } as const;

describe.skipIf(missing("python-train"))("training on CPU with real TRL", { timeout: 600_000 }, () => {
  let temp: TempDir;
  beforeAll(async () => {
    temp = await createTempDir("agentft-train-");
  });
  afterAll(async () => {
    await temp.remove();
  });

  it("runs approach1 (full fine-tune) for 4 steps, logs real losses, checkpoints, and resumes to 6", async () => {
    const runDir = path.join(temp.path, "approach1");
    const rows = goldStepRows(24);
    const config = trainingPreset("approach1", {
      model: TINY_MODEL_ID,
      overLength: "truncate",
      trl: { ...CPU, max_steps: 4 },
    });
    const plan = await planTraining(config, rows, { outDir: runDir });
    expect(plan.command).toEqual(["python", "train.py"]);
    const first = await runTrainScript(runDir);
    expect(first.exitCode, first.all).toBe(0);
    const events = readMetrics(runDir);
    const logs = events.filter((e) => e.event === "log" && typeof e["loss"] === "number");
    expect(logs.map((e) => e.step)).toEqual([1, 2, 3, 4]);
    for (const e of logs) {
      expect(Number.isFinite(e["loss"])).toBe(true);
      expect(e["loss"] as number).toBeGreaterThan(0);
      expect(typeof e["learning_rate"]).toBe("number");
    }
    expect(events.filter((e) => e.event === "checkpoint").map((e) => e["path"])).toEqual([
      "output/checkpoint-2",
      "output/checkpoint-4",
    ]);
    expect(existsSync(path.join(runDir, "output", "checkpoint-4", "trainer_state.json"))).toBe(true);
    expect(existsSync(path.join(runDir, "output", "final", "model.safetensors"))).toBe(true);
    expect(events.at(-1)).toMatchObject({ event: "saved", kind: "model", path: "output/final" });

    // Resume: plan the same directory for 6 steps; the script picks up checkpoint-4 and logs steps 5 and 6 only.
    await planTraining(
      trainingPreset("approach1", { model: TINY_MODEL_ID, overLength: "truncate", trl: { ...CPU, max_steps: 6 } }),
      rows,
      {
        outDir: runDir,
      },
    );
    // As if the first run had been killed while writing a line: the resumed run cuts the fragment.
    appendFileSync(path.join(runDir, "metrics.jsonl"), '{"event": "log", "time": 1');
    const second = await runTrainScript(runDir);
    expect(second.exitCode, second.all).toBe(0);
    // readMetrics parses every line: a glued one would throw.
    const after = readMetrics(runDir).slice(events.length);
    expect(after[0]).toMatchObject({ event: "start", resume_from: "output/checkpoint-4" });
    expect(after.filter((e) => e.event === "log" && typeof e["loss"] === "number").map((e) => e.step)).toEqual([5, 6]);
  });

  it("runs GRPO with a LoRA adapter and a reward module; every extra column reaches the reward", async () => {
    const runDir = path.join(temp.path, "grpo");
    const rows = goldStepRows(8).map((r, i) => ({ prompt: r.prompt, task_id: `task_${i}`, history: "[]" }));
    const rewards = [
      "# Test reward: longer completions score higher; fails the run unless the data set's columns arrive.",
      "def length_reward(prompts, completions, task_id, history, **kwargs):",
      "    assert len(task_id) == len(completions) == len(history), (len(task_id), len(completions))",
      "    return [len(c) / 100.0 for c in completions]",
      "",
      "REWARD_FUNCS = [length_reward]",
      "",
    ].join("\n");
    const config = trainingPreset("grpo", {
      model: TINY_MODEL_ID,
      bnb: null,
      trl: { use_cpu: true, bf16: false, logging_steps: 1, save_steps: 2, max_steps: 2, max_completion_length: 12 },
    });
    const plan = await planTraining(config, rows, { outDir: runDir, files: { "rewards.py": rewards } });
    expect(plan.files).toContain("rewards.py");
    expect(readFileSync(path.join(runDir, "README.md"), "utf8")).toContain("defines `REWARD_FUNCS`");
    const run = await runTrainScript(runDir);
    expect(run.exitCode, run.all).toBe(0);
    const logs = readMetrics(runDir).filter((e) => e.event === "log" && "reward" in e);
    expect(logs.map((e) => e.step)).toEqual([1, 2]);
    for (const e of logs) expect(Number.isFinite(e["reward"])).toBe(true);
    const adapter = JSON.parse(readFileSync(path.join(runDir, "output", "final", "adapter_config.json"), "utf8"));
    expect(adapter).toMatchObject({ r: 8, lora_alpha: 32 });
    expect([...adapter.target_modules].sort()).toEqual(["q_proj", "v_proj"]);
    expect(existsSync(path.join(runDir, "output", "checkpoint-2"))).toBe(true);

    // The merge step folds the adapter into the base model.
    const merged = await runTrainScript(runDir, ["merge"]);
    expect(merged.exitCode, merged.all).toBe(0);
    expect(existsSync(path.join(runDir, "output", "merged", "model.safetensors"))).toBe(true);
  });

  it("a GRPO plan without rewards.py is refused before anything is written", async () => {
    const runDir = path.join(temp.path, "grpo-missing");
    await expect(
      planTraining(trainingPreset("grpo", { model: TINY_MODEL_ID, bnb: null }), [{ prompt: "x" }], { outDir: runDir }),
    ).rejects.toThrow("A GRPO run needs `rewards.py` defining REWARD_FUNCS");
    expect(existsSync(runDir)).toBe(false);
  });
});
