import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { ConfigError } from "../../lib/errors.js";
import {
  createLocalBackend,
  getJobBackend,
  JobError,
  type JobHandle,
  jobPaths,
  listJobBackends,
  openJob,
} from "../../lib/jobs/index.js";
import { repoRoot } from "../helpers/prerequisites.js";
import { collect, createRunDir, worker } from "./support.js";

const local = createLocalBackend();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function runDir(): Promise<string> {
  const dir = await createRunDir("jobs-local");
  cleanups.push(dir.remove);
  return dir.runDir;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

describe("local backend", () => {
  it("runs a job to completed, with stdout and stderr in its log file", async () => {
    const dir = await runDir();
    const job = await local.submit({ command: worker("--lines", "3"), runDir: dir });
    const result = await local.wait(job);
    expect(result).toMatchObject({ state: "completed", exitCode: 0, logPath: path.join(dir, "logs", "job.log") });
    expect(readFileSync(result.logPath, "utf8")).toBe("line 1\nline 2\nline 3\nstderr line\n");
    expect(await collect(local.logs(job))).toEqual(["line 1", "line 2", "line 3", "stderr line"]);
    expect(await local.status(job)).toEqual({ state: "completed", rawState: "completed", exitCode: 0 });
  });

  it("passes arguments verbatim, runs in the run dir and adds the job's environment", async () => {
    const dir = await runDir();
    const args = ["a b", "it's", '"$HOME"', "`id`", "; rm -rf /", ""];
    const job = await local.submit({ command: worker("--echo-args", ...args), runDir: dir });
    await local.wait(job);
    expect(JSON.parse(readFileSync(job.logPath, "utf8"))).toEqual({ args, cwd: dir });
    const envJob = await local.submit({
      command: worker("--env", "AGENTFT_JOB_X"),
      runDir: dir,
      name: "env",
      env: { AGENTFT_JOB_X: "x y" },
    });
    await local.wait(envJob);
    expect(readFileSync(envJob.logPath, "utf8")).toBe("AGENTFT_JOB_X=x y\n");
  });

  it("reports a failing job with its exit code and the last lines of its log", async () => {
    const dir = await runDir();
    const job = await local.submit({ command: worker("--lines", "30", "--exit", "3"), runDir: dir, name: "fails" });
    const error = (await local.wait(job).catch((e: unknown) => e)) as JobError;
    expect(error).toBeInstanceOf(JobError);
    expect(error).toMatchObject({ backend: "local", exitCode: 3, state: "failed", isCanceled: false, timedOut: false });
    expect(error.shortMessage).toBe(
      `Job \`fails\` (local ${job.id}) failed with exit code 3: ${process.execPath} ${job.command[1]} --lines 30 --exit 3`,
    );
    const tail = [...Array.from({ length: 19 }, (_, i) => `line ${i + 12}`), "stderr line"].join("\n");
    expect(error.logTail).toBe(tail);
    expect(error.message).toBe(`${error.shortMessage}\nLog: ${job.logPath}\n\n${tail}`);
    // With reject: false the failed status comes back instead.
    expect(await local.wait(job, { reject: false })).toMatchObject({ state: "failed", exitCode: 3 });
  });

  it("cancels a job and every process it started with SIGTERM", async () => {
    const dir = await runDir();
    const job = await local.submit({ command: worker("--child", "--hang"), runDir: dir });
    await waitForFile(path.join(dir, "grandchild.pid"));
    const grandchild = Number(readFileSync(path.join(dir, "grandchild.pid"), "utf8"));
    expect(alive(grandchild)).toBe(true);
    expect(await local.status(job)).toEqual({ state: "running", rawState: "running" });
    const status = await local.cancel(job);
    expect(status).toEqual({
      state: "cancelled",
      rawState: "cancelled",
      exitCode: 143,
      signal: "SIGTERM",
      reason: "cancelled on request",
    });
    expect(alive(grandchild)).toBe(false);
    const error = (await local.wait(job).catch((e: unknown) => e)) as JobError;
    expect(error.isCanceled).toBe(true);
    expect(error.shortMessage).toMatch(/^Job `job` \(local \d+\) was cancelled \(cancelled on request\): /);
  });

  it("kills a job that ignores SIGTERM with SIGKILL after the grace period", async () => {
    const dir = await runDir();
    const job = await local.submit({ command: worker("--ignore-term", "--hang"), runDir: dir });
    await waitForLine(job, "hanging");
    const status = await local.cancel(job, { graceMs: 300 });
    expect(status).toMatchObject({ state: "cancelled", signal: "SIGKILL" });
    expect(status.exitCode).toBeUndefined();
    expect(readFileSync(job.logPath, "utf8")).toContain("got SIGTERM, ignoring it");
    expect(alive(Number(job.id))).toBe(false);
  });

  it("stops a job at its timeoutMs and reports it as timed out", async () => {
    const dir = await runDir();
    const job = await local.submit({ command: worker("--hang"), runDir: dir, timeoutMs: 500 });
    const error = (await local.wait(job, { pollMs: 50 }).catch((e: unknown) => e)) as JobError;
    expect(error).toBeInstanceOf(JobError);
    expect(error).toMatchObject({ timedOut: true, state: "timeout", signal: "SIGTERM", exitCode: 143 });
    expect(error.shortMessage).toMatch(
      /^Job `job` \(local \d+\) timed out after 500 milliseconds \(time limit reached\)/,
    );
  });

  it("cancels a job when the submit signal aborts", async () => {
    const dir = await runDir();
    const controller = new AbortController();
    const job = await local.submit({ command: worker("--hang"), runDir: dir }, { signal: controller.signal });
    await waitForLine(job, "hanging");
    controller.abort();
    const result = await local.wait(job, { reject: false });
    expect(result.state).toBe("cancelled");
  });

  it("follows the log while the job writes it and stops when the job ends", async () => {
    const dir = await runDir();
    const job = await local.submit({ command: worker("--lines", "5", "--delay-ms", "100"), runDir: dir });
    const seen: { line: string; running: boolean }[] = [];
    for await (const line of local.logs(job, { follow: true, pollMs: 20 })) {
      seen.push({ line, running: (await local.status(job)).state === "running" });
    }
    expect(seen.map((s) => s.line)).toEqual(["line 1", "line 2", "line 3", "line 4", "line 5", "stderr line"]);
    // The first lines arrived while the job was still running: following is live, not read at the end.
    expect(seen[0]?.running).toBe(true);
  });

  it("shows only the latest attempt's lines when a run dir's job is submitted again", async () => {
    const dir = await runDir();
    await local.wait(await local.submit({ command: worker("--lines", "1"), runDir: dir }));
    const second = await local.submit({ command: worker("--lines", "2"), runDir: dir });
    await local.wait(second);
    expect(await collect(local.logs(second))).toEqual(["line 1", "line 2", "stderr line"]);
    expect(readFileSync(second.logPath, "utf8")).toBe("line 1\nstderr line\nline 1\nline 2\nstderr line\n");
  });

  it("keeps running after the submitting process exits, and another process reads how it ended", async () => {
    const dir = await runDir();
    const script = [
      `import { getJobBackend } from ${JSON.stringify(path.join(repoRoot, "lib/dist/jobs/index.js"))};`,
      "const [runDir, ...command] = process.argv.slice(1);",
      'const job = await getJobBackend("local").submit({ command, runDir, name: "detached" });',
      "console.log(job.id);",
    ].join("\n");
    const submitted = spawnSync(
      process.execPath,
      ["--input-type=module", "-e", script, dir, ...worker("--lines", "2", "--delay-ms", "300", "--exit", "4")],
      {
        encoding: "utf8",
      },
    );
    expect(submitted.stderr).toBe("");
    const { job, backend } = await openJob(dir, "detached");
    expect(job.id).toBe(submitted.stdout.trim());
    expect(await backend.status(job)).toMatchObject({ state: "running" });
    expect(await backend.wait(job, { reject: false })).toMatchObject({ state: "failed", exitCode: 4 });
    expect(existsSync(jobPaths(dir, "detached").exit)).toBe(true);
  });

  it("rejects a bad spec naming each field by its full path, the value received and the fix", async () => {
    const thrown = await local.submit({ command: [], runDir: "relative/dir", resources: { gpus: -1 } }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).cause).toBeInstanceOf(ZodError);
    expect((thrown as ConfigError).message).toBe(
      [
        "Invalid job spec:",
        "✖ `command`: give at least the program; got `[]` (array). Fix: use at least 1 for `command`.",
        "✖ `runDir`: must be an absolute path; got `relative/dir` (string).",
        "✖ `resources.gpus`: Too small: expected number to be >=0; got `-1` (number). Fix: use at least 0 for `resources.gpus`.",
      ].join("\n"),
    );
  });
});

describe("job backend registry", () => {
  it("lists the built-in backends and fails on an unknown name, listing them", () => {
    expect(listJobBackends()).toEqual(expect.arrayContaining(["local"]));
    expect(() => getJobBackend("kubernetes")).toThrow(
      new RegExp(
        `^No job backend named \`kubernetes\`; registered backends: ${listJobBackends()
          .map((n) => `\`${n}\``)
          .join(", ")}\\.`,
      ),
    );
  });
});

async function waitForFile(file: string): Promise<void> {
  for (let i = 0; i < 200 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 25));
}

async function waitForLine(job: JobHandle, text: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (existsSync(job.logPath) && readFileSync(job.logPath, "utf8").includes(text)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}
