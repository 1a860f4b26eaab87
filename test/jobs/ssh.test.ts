import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { ConfigError } from "../../lib/errors.js";
import { createSshBackend, getJobBackend, JobError, type JobBackend, openJob } from "../../lib/jobs/index.js";
import { missing } from "../helpers/prerequisites.js";
import { startTestSshd, type TestSshd, sshBackendOptionsOf } from "../helpers/sshd.js";
import { collect, createRunDir, worker } from "./support.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function runDir(): Promise<string> {
  const dir = await createRunDir("jobs-ssh");
  cleanups.push(dir.remove);
  return dir.runDir;
}

describe("ssh backend options", () => {
  it("rejects bad options naming each field by its full path, the value received and the fix", () => {
    let thrown: unknown;
    try {
      getJobBackend("ssh", { port: "22", sshOptions: ["BatchMode=yes", 3] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).cause).toBeInstanceOf(ZodError);
    expect((thrown as ConfigError).message).toBe(
      [
        "Invalid ssh backend options:",
        "✖ `host`: Invalid input: expected string, received undefined; it is missing. Fix: give `host` a string.",
        "✖ `port`: Invalid input: expected number, received string; got `22` (string). Fix: give `port` a number.",
        "✖ `sshOptions[1]`: Invalid input: expected string, received number; got `3` (number). Fix: give `sshOptions[1]` a string.",
      ].join("\n"),
    );
    expect((thrown as ConfigError).issues.map((issue) => issue.path)).toEqual(["host", "port", "sshOptions[1]"]);
  });
});

describe.skipIf(missing("sshd"))("ssh backend (a real sshd on loopback)", () => {
  let sshd: TestSshd;
  let ssh: JobBackend;
  beforeAll(async () => {
    sshd = await startTestSshd();
    ssh = createSshBackend(sshBackendOptionsOf(sshd));
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it("copies the run dir over, runs the job to completed and brings its results back", async () => {
    const dir = await runDir();
    writeFileSync(path.join(dir, "input.txt"), "data");
    const job = await ssh.submit({ command: worker("--metrics", "3", "--echo-args", "a b", "it's"), runDir: dir });
    const remoteDir = String(job.detail["remoteDir"]);
    expect(remoteDir).toBe(path.join(sshd.remoteRoot, path.basename(dir)));
    expect(readFileSync(path.join(remoteDir, "input.txt"), "utf8")).toBe("data");
    const result = await ssh.wait(job, { pollMs: 200 });
    expect(result).toMatchObject({ state: "completed", exitCode: 0 });
    // The log came back with the run dir.
    expect(JSON.parse(readFileSync(job.logPath, "utf8"))).toEqual({ args: ["a b", "it's"], cwd: remoteDir });
    const reopened = await openJob(dir);
    expect(await reopened.backend.status(reopened.job)).toMatchObject({ state: "completed" });
  });

  it("follows the remote log live and reads another file of the run dir", async () => {
    const dir = await runDir();
    const job = await ssh.submit({
      command: worker("--lines", "4", "--metrics", "4", "--delay-ms", "150"),
      runDir: dir,
    });
    const lines = await collect(ssh.logs(job, { follow: true, pollMs: 50 }));
    expect(lines).toEqual(["line 1", "line 2", "line 3", "line 4", "stderr line"]);
    const metrics = await collect(ssh.logs(job, { file: "metrics.jsonl" }));
    expect(metrics.map((l) => JSON.parse(l).step)).toEqual([1, 2, 3, 4]);
    await ssh.wait(job);
    expect(existsSync(path.join(dir, "metrics.jsonl"))).toBe(true);
  });

  it("reports a failing job with its exit code and log tail", async () => {
    const dir = await runDir();
    const job = await ssh.submit({ command: worker("--lines", "2", "--exit", "7"), runDir: dir, name: "fails" });
    const error = (await ssh.wait(job, { pollMs: 200 }).catch((e: unknown) => e)) as JobError;
    expect(error).toBeInstanceOf(JobError);
    expect(error).toMatchObject({ backend: "ssh", exitCode: 7, state: "failed" });
    expect(error.shortMessage).toMatch(/^Job `fails` \(ssh \d+\) failed with exit code 7: /);
    expect(error.logTail).toBe("line 1\nline 2\nstderr line");
  });

  it("cancels a remote job and every process it started", async () => {
    const dir = await runDir();
    const job = await ssh.submit({ command: worker("--child", "--hang"), runDir: dir });
    for await (const line of ssh.logs(job, { follow: true, pollMs: 50 })) if (line === "hanging") break;
    expect(await ssh.status(job)).toMatchObject({ state: "running" });
    const grandchild = Number(readFileSync(path.join(String(job.detail["remoteDir"]), "grandchild.pid"), "utf8"));
    const status = await ssh.cancel(job, { graceMs: 2_000 });
    expect(status).toMatchObject({ state: "cancelled", exitCode: 143, signal: "SIGTERM" });
    expect(isAlive(grandchild)).toBe(false);
    const error = (await ssh.wait(job).catch((e: unknown) => e)) as JobError;
    expect(error.isCanceled).toBe(true);
  });
});

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}
