// A real tiny CPU training run (TRL, the tiny random Qwen2) through each job backend: planned by lib/train,
// run by local, Slurm (a real single-node cluster) and ssh (a real sshd on loopback), followed by the monitor.
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJobBackend, type JobBackend, monitorJob, type TrainingProgress } from "../../lib/jobs/index.js";
import { planTraining, TINY_MODEL_ID, trainingPreset } from "../../lib/train/index.js";
import { missing, testVenvPython } from "../helpers/prerequisites.js";
import { startTestSshd, type TestSshd, sshBackendOptionsOf } from "../helpers/sshd.js";
import { createTempDir, type TempDir } from "../helpers/temp-dir.js";
import { goldStepRows } from "../train/run-helpers.js";

const CPU_ENV = { HF_HUB_OFFLINE: "1", TOKENIZERS_PARALLELISM: "false", OMP_NUM_THREADS: "1", PYTHONUNBUFFERED: "1" };
const CPU = { use_cpu: true, bf16: false, logging_steps: 1, save_steps: 100, max_length: 128, max_steps: 3 } as const;

// Plan the run, submit it, follow its metrics, wait; the figure printed is plan → first logged step.
async function trainOn(backend: JobBackend, runDir: string): Promise<TrainingProgress[]> {
  const started = Date.now();
  const config = trainingPreset("approach1", { model: TINY_MODEL_ID, overLength: "truncate", trl: CPU });
  const plan = await planTraining(config, goldStepRows(12), { outDir: runDir });
  const command = plan.command.map((arg) => (arg === "python" ? testVenvPython : arg));
  const job = await backend.submit({ command, runDir, env: CPU_ENV, timeoutMs: 600_000 });
  const events: TrainingProgress[] = [];
  let firstStepMs: number | undefined;
  for await (const event of monitorJob(job, { pollMs: 200 })) {
    firstStepMs ??= Date.now() - started;
    events.push(event);
  }
  const result = await backend.wait(job, { pollMs: 500 });
  expect(result.state).toBe("completed");
  console.log(
    `[bench] ${backend.name}: plan → first logged step ${firstStepMs} ms, whole run ${Date.now() - started} ms`,
  );
  return events;
}

function expectRealTraining(events: readonly TrainingProgress[], runDir: string): void {
  const steps = events.filter((e) => e.loss !== undefined);
  expect(steps.map((e) => e.step)).toEqual([1, 2, 3]);
  for (const e of steps) {
    expect(e.total).toBe(3);
    expect(e.loss).toBeGreaterThan(0);
    expect(typeof e.learningRate).toBe("number");
  }
  expect(existsSync(path.join(runDir, "output", "final", "model.safetensors"))).toBe(true);
}

describe.skipIf(missing("python-train"))("a tiny CPU training job on each backend", { timeout: 600_000 }, () => {
  let temp: TempDir;
  beforeAll(async () => {
    temp = await createTempDir("agentft-jobs-train-");
  });
  afterAll(async () => {
    await temp?.remove();
  });

  it("runs on the local backend", async () => {
    const runDir = path.join(temp.path, "local run");
    expectRealTraining(await trainOn(getJobBackend("local"), runDir), runDir);
  });

  it.skipIf(missing("slurm"))("runs on Slurm to COMPLETED", async () => {
    const runDir = path.join(temp.path, "slurm run");
    expectRealTraining(await trainOn(getJobBackend("slurm"), runDir), runDir);
  });

  describe.skipIf(missing("sshd"))("over ssh", () => {
    let sshd: TestSshd;
    beforeAll(async () => {
      sshd = await startTestSshd();
    });
    afterAll(async () => {
      await sshd?.stop();
    });

    it("runs remotely and brings the model back", async () => {
      const runDir = path.join(temp.path, "ssh run");
      const backend = getJobBackend("ssh", sshBackendOptionsOf(sshd));
      expectRealTraining(await trainOn(backend, runDir), runDir);
    });
  });
});
