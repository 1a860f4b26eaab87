// launchTraining and followTraining on the real local backend: the target's GPUs read with nvidia-smi where
// the job runs (there is no NVIDIA GPU here, so `test/fixtures/gpu-bin/nvidia-smi` stands in for the real
// tool, describing one H100 80GB), the preflight against that answer, the submit, and a real train.py for
// Qwen2-0.5B-Instruct that fails offline (the model cannot be downloaded here), reported with its log's end.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { getJobBackend } from "../../lib/jobs/index.js";
import {
  followTraining,
  launchTraining,
  parseTrainingConfig,
  planTraining,
  preflightMemory,
  SEED_STARTER_GPU,
  trainingPreset,
} from "../../lib/train/index.js";
import { missing, repoRoot, testVenvPython } from "../helpers/prerequisites.js";
import { CPU_RUN_ENV, goldStepRows } from "./run-helpers.js";

const STAND_IN_PATH = `${path.join(repoRoot, "test", "fixtures", "gpu-bin")}:${process.env["PATH"] ?? ""}`;
const scratch = mkdtempSync(path.join(tmpdir(), "agentft-launch-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the seed's Starter GPU", () => {
  it("is 14.58 GiB, and Approach 1 at the seed's settings does not fit it, as the seed found", () => {
    expect(SEED_STARTER_GPU.totalMiB / 1024).toBeCloseTo(14.58, 2);
    const preflight = preflightMemory(parseTrainingConfig(trainingPreset("approach1")), [SEED_STARTER_GPU]);
    expect(preflight.fits).toBe(false);
    expect(preflight.warnings[0]).toMatch(/but GPU 0 \(the seed's 14\.58 GiB GPU\) has 14\.6 GiB free/);
  });
});

describe.skipIf(missing("python-train"))("launchTraining and followTraining on the local backend", () => {
  it("reads the target's GPUs, submits the plan, and reports how the run ended with its log's exception line", async () => {
    const runDir = path.join(scratch, "approach1");
    const plan = await planTraining(trainingPreset("approach1"), goldStepRows(4), { outDir: runDir });
    const local = getJobBackend("local");
    const launched = await launchTraining(local, plan, {
      python: testVenvPython,
      env: { ...CPU_RUN_ENV, PATH: STAND_IN_PATH },
    });
    expect(launched.target).toEqual({
      gpus: [{ index: 0, name: "NVIDIA H100 80GB HBM3", totalMiB: 81_559, usedMiB: 1 }],
    });
    expect(launched.preflight.fits).toBe(true);
    expect(launched.lines).toEqual(["target GPU 0: NVIDIA H100 80GB HBM3, 79.6 GiB free"]);
    expect(launched.command).toEqual([testVenvPython, "train.py"]);
    expect(launched.job).toMatchObject({ backend: "local" });

    const calls: string[] = [];
    const display = {
      refresh: async () => calls.push("refresh"),
      stop: async () => {
        calls.push("stop");
      },
    };
    const followed = await followTraining(local, launched.job, { name: "approach1", display });
    expect(followed.result).toMatchObject({ state: "failed", exitCode: 1 });
    expect(calls).toEqual(["refresh", "stop"]);
    expect(followed.lines[0]).toBe(`approach1 run failed (exit code 1): see ${path.join(runDir, "logs", "job.log")}`);
    // HF_HUB_OFFLINE: the model is not in the cache; the exception line of the log says so.
    expect(followed.lines[1]).toMatch(/^from its log: OSError: We couldn't connect to 'https:\/\/huggingface\.co'/);
  }, 180_000);
});

describe("launchTraining on a target without nvidia-smi", () => {
  it("says so and still submits", async () => {
    const runDir = path.join(scratch, "no-gpu");
    const plan = await planTraining(trainingPreset("approach1"), goldStepRows(2), { outDir: runDir });
    const local = getJobBackend("local");
    // A PATH without nvidia-smi, and an interpreter that exits at once: only the launch is under test here.
    const launched = await launchTraining(local, plan, { python: "/bin/true", env: { PATH: "/usr/bin:/bin" } });
    expect(launched.target.gpus).toEqual([]);
    expect(launched.lines).toHaveLength(1);
    expect(launched.lines[0]).toMatch(/^memory: nvidia-smi was not found on the local target/);
    const followed = await followTraining(local, launched.job, { name: "approach1" });
    expect(followed.lines).toEqual([
      `approach1 run completed (exit code 0): see ${path.join(runDir, "logs", "job.log")}`,
    ]);
  });
});
