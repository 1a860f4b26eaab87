// The `train` commands, run as a user runs them: the built bin in a child process, the tiny model on CPU
// through the `local` jobs backend.
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TINY_MODEL_ID } from "../../lib/train/index.js";
import { missing, repoRoot, testVenvPython } from "../helpers/prerequisites.js";
import { startTestSshd, type TestSshd } from "../helpers/sshd.js";
import { createTempDir, type TempDir } from "../helpers/temp-dir.js";
import { CPU_RUN_ENV, goldStepRows, readMetrics } from "../train/run-helpers.js";

const root = path.resolve(import.meta.dirname, "../..");
const bin = path.join(root, "lib/bin/agentft.js");

function agentft(args: readonly string[], timeout = 300_000) {
  return execa("node", [bin, ...args], {
    cwd: root,
    reject: false,
    timeout,
    env: { NO_COLOR: "1", ...CPU_RUN_ENV },
  });
}

const TINY_CPU = [
  `model=${TINY_MODEL_ID}`,
  "use_cpu=true",
  "bf16=false",
  "max_steps=3",
  "logging_steps=1",
  "save_steps=100",
  "max_length=128",
  "overLength=truncate",
].flatMap((s) => ["--set", s]);

let temp: TempDir;
let dataFile: string;
beforeAll(async () => {
  if (!existsSync(path.join(root, "lib/dist/cli/main.js")))
    throw new Error("Build first: npm run build (npm test does it).");
  temp = await createTempDir("agentft-train-cli-");
  dataFile = path.join(temp.path, "rows.jsonl");
  await writeFile(
    dataFile,
    `${goldStepRows(12)
      .map((r) => JSON.stringify(r))
      .join("\n")}\n`,
  );
});
afterAll(async () => {
  await temp.remove();
});

describe("agentft train plan", () => {
  it("exits non-zero on a bad --set value, naming the field and the value", async () => {
    const out = path.join(temp.path, "bad");
    const result = await agentft([
      "train",
      "plan",
      "--preset",
      "approach1",
      "--set",
      "trl.max_steps=abc",
      "--data",
      dataFile,
      "--out",
      out,
    ]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("`trl.max_steps`");
    expect(result.stderr).toContain("`abc`");
    expect(existsSync(path.join(out, "train.py"))).toBe(false);
  }, 120_000);

  it("refuses a --set field no config section has", async () => {
    const result = await agentft([
      "train",
      "plan",
      "--preset",
      "approach1",
      "--set",
      "no_such_knob=1",
      "--data",
      dataFile,
      "--out",
      path.join(temp.path, "bad2"),
    ]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("Cannot place `--set no_such_knob=1`");
  }, 120_000);

  it("says which flag is missing when there is no data", async () => {
    const result = await agentft(["train", "plan", "--preset", "approach1", "--out", path.join(temp.path, "nodata")]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("pass `--data rows.jsonl`");
  }, 120_000);
});

describe("agentft train run, setup, status on the wrong directory or a failing run", () => {
  it("refuses a directory that was not planned, saying how to plan it", async () => {
    const dir = path.join(temp.path, "unplanned");
    const run = await agentft(["train", "run", dir]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("train_config.json does not exist; plan the run first");
    const setup = await agentft(["train", "setup", dir]);
    expect(setup.exitCode).toBe(1);
    expect(setup.stderr).toContain("requirements.txt does not exist; plan the run first.");
    const status = await agentft(["train", "status", dir]);
    expect(status.exitCode).toBe(1);
    expect(status.stderr).toContain("logs/job.job.json is missing); submit one first.");
  }, 120_000);

  it("a run whose command fails exits 1 with FAILED, and status says FAILED with its exit code", async () => {
    const runDir = path.join(temp.path, "failing");
    const plan = await agentft([
      "train",
      "plan",
      "--preset",
      "approach1",
      ...TINY_CPU,
      "--data",
      dataFile,
      "--out",
      runDir,
    ]);
    expect(plan.exitCode, plan.stderr).toBe(0);
    const badPort = await agentft(["train", "run", runDir, "--backend", "ssh", "--host", "gpu1", "--port", "x"]);
    expect(badPort.exitCode).toBe(1);
    expect(badPort.stderr).toContain("`--port` must be a port number; got `x`.");
    const badBackend = await agentft(["train", "run", runDir, "--backend", "nope"]);
    expect(badBackend.exitCode).toBe(1);
    expect(badBackend.stderr).toContain("nope");
    expect(badBackend.stderr).toContain("local");
    // `false` stands in for an interpreter that dies at once: the CLI must report the failure, not hang.
    const run = await agentft(["train", "run", runDir, "--python", "false"]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("FAILED");
    const status = JSON.parse((await agentft(["train", "status", runDir, "--json"])).stdout);
    expect(status.status).toMatchObject({ state: "failed", exitCode: 1 });
    expect(status.progress.state).toBe("planned");
    // A line in the middle that is not JSON: status reads the rest and says which line it passed over.
    const metrics = path.join(runDir, "metrics.jsonl");
    const events = [
      { event: "start", time: 1 },
      { event: "log", time: 2, step: 1, max_steps: 3, loss: 2 },
    ];
    await writeFile(metrics, `${JSON.stringify(events[0])}\n{"event": "lo\n${JSON.stringify(events[1])}\n`);
    const warned = await agentft(["train", "status", runDir]);
    expect(warned.stdout).toContain("step 1/3, loss 2.0000");
    expect(warned.stderr.split("\n")).toContainEqual(
      expect.stringMatching(/^Warning: .*metrics\.jsonl:2 is not a JSON object/),
    );
  }, 120_000);
});

describe.skipIf(missing("python-train"))("agentft train plan + run on local", () => {
  it("trains the tiny model for 3 steps; status says COMPLETED and the metrics hold real losses", async () => {
    const runDir = path.join(temp.path, "tiny");
    const plan = await agentft([
      "train",
      "plan",
      "--preset",
      "approach1",
      ...TINY_CPU,
      "--data",
      dataFile,
      "--out",
      runDir,
    ]);
    expect(plan.exitCode, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(`Planned sft run of ${TINY_MODEL_ID}`);
    expect(plan.stdout).toContain("rows: 12 of 12");

    const run = await agentft(["train", "run", runDir, "--backend", "local", "--python", testVenvPython], 600_000);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stderr).toMatch(/Submitted local job \d+/);
    // Without a terminal the bar prints one line per logged step.
    expect(run.stderr).toMatch(/step 3\/3 loss \d+\.\d{4}/);
    expect(run.stdout).toContain("COMPLETED");

    const status = await agentft(["train", "status", runDir]);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^COMPLETED \(local job \d+\)/);
    expect(status.stdout).toContain("step 3/3");
    expect(status.stdout).toContain("final: output/final");

    const json = JSON.parse((await agentft(["train", "status", runDir, "--json"])).stdout);
    expect(json.status).toMatchObject({ state: "completed", exitCode: 0 });
    expect(json.progress).toMatchObject({ state: "finished", step: 3, totalSteps: 3 });

    const losses = readMetrics(runDir)
      .filter((e) => e.event === "log" && typeof e["loss"] === "number")
      .map((e) => [e.step, e["loss"] as number] as const);
    expect(losses.map(([step]) => step)).toEqual([1, 2, 3]);
    for (const [, loss] of losses) {
      expect(Number.isFinite(loss)).toBe(true);
      expect(loss).toBeGreaterThan(0);
    }
    expect(existsSync(path.join(runDir, "output", "final", "model.safetensors"))).toBe(true);

    const logs = await agentft(["train", "logs", runDir]);
    expect(logs.exitCode).toBe(0);
    expect(logs.stdout).toContain("train_loss");
  }, 900_000);

  it("cancels a detached run; status then says CANCELLED", async () => {
    const runDir = path.join(temp.path, "cancel");
    const plan = await agentft([
      "train",
      "plan",
      "--preset",
      "approach1",
      ...TINY_CPU,
      "--set",
      "max_steps=100000",
      "--data",
      dataFile,
      "--out",
      runDir,
    ]);
    expect(plan.exitCode, plan.stderr).toBe(0);
    const run = await agentft(["train", "run", runDir, "--detach", "--python", testVenvPython]);
    expect(run.exitCode, run.stderr).toBe(0);
    const cancel = await agentft(["train", "cancel", runDir]);
    expect(cancel.exitCode, cancel.stderr).toBe(0);
    expect(cancel.stdout).toContain("CANCELLED");
    const status = await agentft(["train", "status", runDir]);
    expect(status.stdout).toMatch(/^CANCELLED/);
  }, 300_000);
});

// The same user path on the two remote backends, with their real daemons: plan → run → COMPLETED, then the
// metrics and the model are in the local run directory and `status` reopens the job from it.
async function planTiny(runDir: string, extra: readonly string[] = []): Promise<void> {
  const plan = await agentft([
    "train",
    "plan",
    "--preset",
    "approach1",
    ...TINY_CPU,
    ...extra,
    "--data",
    dataFile,
    "--out",
    runDir,
  ]);
  expect(plan.exitCode, plan.stderr).toBe(0);
}

function expectTrainedHere(runDir: string): void {
  const losses = readMetrics(runDir).filter((e) => e.event === "log" && typeof e["loss"] === "number");
  expect(losses.map((e) => e.step)).toEqual([1, 2, 3]);
  for (const e of losses) expect(e["loss"] as number).toBeGreaterThan(0);
  expect(existsSync(path.join(runDir, "output", "final", "model.safetensors"))).toBe(true);
}

describe.skipIf(missing("python-train", "slurm"))(
  "agentft train run --backend slurm (the real single-node Slurm)",
  () => {
    it("plans, runs to COMPLETED, and the metrics and model are in the run directory", async () => {
      const runDir = path.join(temp.path, "slurm tiny");
      await planTiny(runDir);
      const run = await agentft(["train", "run", runDir, "--backend", "slurm", "--python", testVenvPython], 600_000);
      expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stderr).toMatch(/Submitted slurm job \d+/);
      expect(run.stderr).toMatch(/step 3\/3 loss \d+\.\d{4}/);
      expect(run.stdout).toContain("COMPLETED");
      expectTrainedHere(runDir);
      const status = await agentft(["train", "status", runDir]);
      expect(status.stdout).toMatch(/^COMPLETED \(slurm job \d+\)/);
      expect(status.stdout).toContain("step 3/3");
    }, 900_000);
  },
);

describe.skipIf(missing("python-train", "sshd"))("agentft train run --backend ssh (a real sshd on loopback)", () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    // The remote has the stand-in nvidia-smi (one H100; no GPU here) on its PATH, so the preflight reads it.
    sshd = await startTestSshd({ pathPrefix: [path.join(repoRoot, "test", "fixtures", "gpu-bin")] });
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it("reads the remote GPUs, runs to COMPLETED, and brings the metrics and model back", async () => {
    const runDir = path.join(temp.path, "ssh tiny");
    // Not `use_cpu`: a GPU run as planned for a real target, so the preflight asks the remote for its GPUs;
    // torch here has no CUDA and trains on the CPU anyway.
    await planTiny(runDir, ["--set", "use_cpu=false", "--set", "fp16=false"]);
    const sshFlags = [
      "--host",
      "127.0.0.1",
      "--port",
      String(sshd.port),
      "--user",
      sshd.user,
      "--identity-file",
      sshd.identityFile,
      "--remote-root",
      sshd.remoteRoot,
      ...sshd.sshOptions.flatMap((o) => ["--ssh-option", o]),
    ];
    const run = await agentft(
      ["train", "run", runDir, "--backend", "ssh", ...sshFlags, "--python", testVenvPython],
      600_000,
    );
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stderr).toMatch(
      /memory: needs about \d+\.\d GiB per GPU; target: GPU 0 NVIDIA H100 80GB HBM3 79\.6 GiB free/,
    );
    expect(run.stderr).toMatch(/Submitted ssh job \d+/);
    expect(run.stderr).toMatch(/step 3\/3 loss \d+\.\d{4}/);
    expect(run.stdout).toContain("COMPLETED");
    expectTrainedHere(runDir);
    const status = await agentft(["train", "status", runDir]);
    expect(status.stdout).toMatch(/^COMPLETED \(ssh job \d+\)/);
    expect(status.stdout).toContain("final: output/final");
  }, 900_000);
});
