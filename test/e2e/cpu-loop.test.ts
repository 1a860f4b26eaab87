// The whole loop for real on a CPU: step-wise data from the embedded world → TRL training of the tiny random
// Qwen2 (a local job) → `transformers serve` → the json-react agent evaluated on the embedded world.
// A random tiny model scores near the noop bound; the point is that every part is real.
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEval } from "../../lib/eval/index.js";
import { getJobBackend } from "../../lib/jobs/index.js";
import { type ModelServer, serve } from "../../lib/serve/index.js";
import { planTraining, TINY_MODEL_ID, trainingPreset } from "../../lib/train/index.js";
import { listTaskIds } from "../../lib/world/index.js";
import { missing, testVenv, testVenvPython } from "../helpers/prerequisites.js";
import { createTempDir, type TempDir } from "../helpers/temp-dir.js";
import { goldStepRows } from "../train/run-helpers.js";

const CPU_ENV = { HF_HUB_OFFLINE: "1", TOKENIZERS_PARALLELISM: "false", OMP_NUM_THREADS: "1", PYTHONUNBUFFERED: "1" };

describe.skipIf(missing("python-train"))("the CPU loop: train → serve → evaluate", { timeout: 600_000 }, () => {
  let temp: TempDir;
  let server: ModelServer | undefined;
  beforeAll(async () => {
    temp = await createTempDir("agentft-e2e-");
  });
  afterAll(async () => {
    await server?.stop();
    await temp?.remove();
  });

  it("trains the tiny model, serves it with transformers serve and evaluates the json-react agent", async () => {
    const runDir = path.join(temp.path, "train");
    const config = trainingPreset("approach1", {
      model: TINY_MODEL_ID,
      overLength: "truncate",
      trl: { use_cpu: true, bf16: false, logging_steps: 1, save_steps: 100, max_length: 128, max_steps: 3 },
    });
    const plan = await planTraining(config, goldStepRows(12), { outDir: runDir });
    const local = getJobBackend("local");
    const job = await local.submit({
      command: plan.command.map((arg) => (arg === "python" ? testVenvPython : arg)),
      runDir,
      env: CPU_ENV,
    });
    await local.wait(job);
    const modelDir = path.join(runDir, "output", "final");
    expect(existsSync(path.join(modelDir, "model.safetensors"))).toBe(true);

    server = await serve({
      engine: "transformers",
      model: modelDir,
      port: 0,
      runDir: path.join(temp.path, "serve"),
      executable: path.join(testVenv, "bin", "transformers"),
      startupTimeoutS: 240,
      env: CPU_ENV,
    });
    const taskIds = listTaskIds("test_normal").slice(0, 2);
    const result = await runEval({
      model: { model: server.model, baseUrl: server.baseUrl, maxTokens: 24 },
      agent: "json-react",
      split: "test_normal",
      taskIds,
      maxInteractions: 2,
      resultsDir: path.join(temp.path, "eval"),
    });
    expect(result.records.map((r) => r.taskId).sort()).toEqual([...taskIds].sort());
    expect(result.failures).toEqual([]);
    expect(result.metrics.tasks).toBe(2);
    console.log(
      `[e2e] tiny model on ${taskIds.length} test_normal tasks: ${JSON.stringify(result.metrics).slice(0, 200)}`,
    );
    for (const file of Object.values(result.outputs)) expect(existsSync(String(file))).toBe(true);
  });
});
