import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createSlurmBackend, JobError, openJob, parseScontrolJob, statusOfScontrol } from "../../lib/jobs/index.js";
import { missing } from "../helpers/prerequisites.js";
import { collect, createRunDir, worker } from "./support.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function runDir(): Promise<string> {
  const dir = await createRunDir("jobs-slurm");
  cleanups.push(dir.remove);
  return dir.runDir;
}

describe("scontrol records", () => {
  it.each([
    ["JobId=7 JobName=job JobState=COMPLETED Reason=None ExitCode=0:0", { state: "completed", exitCode: 0 }],
    ["JobId=7 JobState=FAILED Reason=NonZeroExitCode ExitCode=3:0", { state: "failed", exitCode: 3 }],
    ["JobId=7 JobState=CANCELLED Reason=None ExitCode=0:15", { state: "cancelled", exitCode: 0, signal: "SIGTERM" }],
    [
      "JobId=7 JobState=OUT_OF_MEMORY Reason=OutOfMemory ExitCode=0:125",
      { state: "failed", rawState: "OUT_OF_MEMORY" },
    ],
    ["JobId=7 JobState=PENDING Reason=Resources ExitCode=0:0", { state: "pending", reason: "Resources" }],
  ])("reads %s", (line, expected) => {
    expect(statusOfScontrol(parseScontrolJob(line))).toMatchObject(expected);
  });
});

describe.skipIf(missing("slurm"))("slurm backend (a real single-node Slurm)", () => {
  const slurm = createSlurmBackend();

  it("runs a job to COMPLETED with resources on #SBATCH lines and the command as arguments", async () => {
    const dir = await runDir();
    const job = await slurm.submit({
      command: worker("--echo-args", "a b", "it's"),
      runDir: dir,
      resources: { cpus: 1, memoryMb: 100 },
      timeoutMs: 120_000,
    });
    expect(job.id).toMatch(/^\d+$/);
    const script = readFileSync(String(job.detail["scriptPath"]), "utf8");
    expect(script).toContain("#SBATCH --cpus-per-task=1\n#SBATCH --mem=100M\n#SBATCH --time=2\n");
    const result = await slurm.wait(job, { pollMs: 200 });
    expect(result).toMatchObject({ state: "completed", rawState: "COMPLETED", exitCode: 0 });
    expect(JSON.parse((await collect(slurm.logs(job)))[0] ?? "")).toEqual({ args: ["a b", "it's"], cwd: dir });
    const reopened = await openJob(dir);
    expect(await reopened.backend.status(reopened.job)).toMatchObject({ state: "completed" });
  });

  it("reports a failing job with its exit code and log tail", async () => {
    const dir = await runDir();
    const job = await slurm.submit({ command: worker("--lines", "3", "--exit", "5"), runDir: dir, name: "fails" });
    const error = (await slurm.wait(job, { pollMs: 200 }).catch((e: unknown) => e)) as JobError;
    expect(error).toBeInstanceOf(JobError);
    expect(error).toMatchObject({ backend: "slurm", exitCode: 5, state: "FAILED" });
    expect(error.shortMessage).toMatch(/^Job `fails` \(slurm \d+\) failed with exit code 5 \(NonZeroExitCode\): /);
    expect(error.logTail).toBe("line 1\nline 2\nline 3\nstderr line");
  });

  it("cancels a running job (CANCELLED) and follows its log until then", async () => {
    const dir = await runDir();
    const job = await slurm.submit({ command: worker("--lines", "2", "--hang"), runDir: dir });
    const lines: string[] = [];
    for await (const line of slurm.logs(job, { follow: true, pollMs: 100 })) {
      lines.push(line);
      if (line === "hanging") break;
    }
    expect(lines).toEqual(["line 1", "line 2", "stderr line", "hanging"]);
    expect(await slurm.status(job)).toMatchObject({ state: "running", rawState: "RUNNING" });
    const status = await slurm.cancel(job);
    expect(status).toMatchObject({ state: "cancelled", rawState: "CANCELLED" });
    const error = (await slurm.wait(job).catch((e: unknown) => e)) as JobError;
    expect(error.isCanceled).toBe(true);
  });
});
