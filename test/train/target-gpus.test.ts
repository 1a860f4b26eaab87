// The memory preflight's GPU query on each jobs backend: nvidia-smi run where the job will run. There is no
// NVIDIA GPU here, so `test/fixtures/gpu-bin/nvidia-smi` is a stand-in for the real tool (one H100 80GB),
// put on the target's PATH: the process environment locally, sshd's `SetEnv` for the ssh login, and the
// PATH `srun` carries to the Slurm node.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJobBackend, type JobBackend } from "../../lib/jobs/index.js";
import { parseTrainingConfig, preflightMemory, queryTargetGpus, trainingPreset } from "../../lib/train/index.js";
import { missing, repoRoot } from "../helpers/prerequisites.js";
import { startTestSshd, type TestSshd, sshBackendOptionsOf } from "../helpers/sshd.js";

const STAND_IN_DIR = path.join(repoRoot, "test", "fixtures", "gpu-bin");
const withStandIn = { PATH: `${STAND_IN_DIR}:${process.env["PATH"] ?? ""}` };
const H100 = { index: 0, name: "NVIDIA H100 80GB HBM3", totalMiB: 81_559, usedMiB: 1 };
const hasRealNvidiaSmi = (() => {
  try {
    execFileSync("sh", ["-c", "command -v nvidia-smi"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

// The answer decides the preflight: the seed's 14B QLoRA fits one H100, but not on two processes.
function expectH100Preflight(gpus: Parameters<typeof preflightMemory>[1]): void {
  const approach2 = preflightMemory(parseTrainingConfig(trainingPreset("approach2")), gpus);
  expect(approach2.fits).toBe(true);
  expect(approach2.warnings).toEqual([]);
  const two = preflightMemory(parseTrainingConfig(trainingPreset("approach2", { numProcesses: 2 })), gpus);
  expect(two.fits).toBe(false);
  expect(two.warnings[0]).toContain("numProcesses is 2 but the target has 1 GPU(s)");
}

describe("queryTargetGpus on the local backend", () => {
  const local = getJobBackend("local");

  it("reads the stand-in nvidia-smi's GPU and the preflight uses it", async () => {
    const target = await queryTargetGpus(local, { env: withStandIn });
    expect(target).toEqual({ gpus: [H100] });
    expectH100Preflight(target.gpus);
  });

  it.skipIf(hasRealNvidiaSmi)("says clearly that nvidia-smi is absent, and what to do", async () => {
    const target = await queryTargetGpus(local);
    expect(target.gpus).toEqual([]);
    expect(target.note).toContain("nvidia-smi was not found on the local target");
    expect(target.note).toContain("install the NVIDIA driver there");
  });

  it("a failing nvidia-smi gives its own first line and exit code", async () => {
    const target = await queryTargetGpus(local, { env: { ...withStandIn, NVIDIA_SMI_STANDIN_FAIL: "1" } });
    expect(target.gpus).toEqual([]);
    expect(target.note).toMatch(/^nvidia-smi failed on the local target \(exit code 9: NVIDIA-SMI has failed because/);
  });
});

describe.skipIf(missing("sshd"))("queryTargetGpus over ssh (a real sshd on loopback)", () => {
  let withGpu: TestSshd;
  let withoutGpu: TestSshd;
  const backendOf = (sshd: TestSshd): JobBackend => getJobBackend("ssh", sshBackendOptionsOf(sshd));
  beforeAll(async () => {
    withGpu = await startTestSshd({ pathPrefix: [STAND_IN_DIR] });
    withoutGpu = await startTestSshd();
  });
  afterAll(async () => {
    await withGpu?.stop();
    await withoutGpu?.stop();
  });

  it("runs nvidia-smi on the remote PATH and parses its GPUs", async () => {
    const target = await queryTargetGpus(backendOf(withGpu));
    expect(target).toEqual({ gpus: [H100] });
    expectH100Preflight(target.gpus);
  });

  it.skipIf(hasRealNvidiaSmi)("a host without nvidia-smi gets the note, not an error", async () => {
    const target = await queryTargetGpus(backendOf(withoutGpu));
    expect(target.gpus).toEqual([]);
    expect(target.note).toContain("nvidia-smi was not found on the ssh target");
  });

  it("an unreachable host is an error naming ssh, not a missing nvidia-smi", async () => {
    const closed = getJobBackend("ssh", {
      host: "127.0.0.1",
      port: 1,
      identityFile: withGpu.identityFile,
      sshOptions: [...withGpu.sshOptions, "ConnectTimeout=5"],
    });
    await expect(queryTargetGpus(closed)).rejects.toThrow(/ssh to 127\.0\.0\.1 failed/);
  });
});

describe.skipIf(missing("slurm"))("queryTargetGpus on Slurm (srun on the real single-node cluster)", () => {
  const slurm = getJobBackend("slurm");

  it("runs the stand-in on the node through srun", async () => {
    const target = await queryTargetGpus(slurm, { env: withStandIn });
    expect(target).toEqual({ gpus: [H100] });
    expectH100Preflight(target.gpus);
  }, 120_000);

  it.skipIf(hasRealNvidiaSmi)(
    "a node without nvidia-smi gets the note",
    async () => {
      const target = await queryTargetGpus(slurm);
      expect(target.gpus).toEqual([]);
      expect(target.note).toContain("nvidia-smi was not found on the slurm target");
    },
    120_000,
  );
});
