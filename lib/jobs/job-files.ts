// The files a job leaves in its run dir: `logs/<name>.log`, `.exit` (its exit code), `.cancel` (why it was
// stopped) and `.job.json` (its handle). The same layout on every backend, so a run dir describes itself.
import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "../atomic-write.js";
import path from "node:path";
import type { JobHandle } from "./backend.js";
import { ConfigError } from "../errors.js";

export interface JobPaths {
  readonly logsDir: string;
  readonly log: string;
  readonly exit: string;
  readonly cancel: string;
  readonly record: string;
}

// Paths of a job's files under a run dir (the same relative layout on a remote machine).
export function jobPaths(runDir: string, name: string): JobPaths {
  const logsDir = path.join(runDir, "logs");
  const base = path.join(logsDir, name);
  return { logsDir, log: `${base}.log`, exit: `${base}.exit`, cancel: `${base}.cancel`, record: `${base}.job.json` };
}

// The shared atomic write (temp + rename): a crash leaves the old file or the new one, never half of one.
export { writeFileAtomic };

// Save a job's handle beside its log.
export async function saveJob(job: JobHandle): Promise<void> {
  await writeFileAtomic(jobPaths(job.runDir, job.name).record, `${JSON.stringify(job, null, 2)}\n`);
}

// Reopen a job submitted earlier (by this process or another) from its run dir.
export async function loadJob(runDir: string, name = "job"): Promise<JobHandle> {
  const file = jobPaths(runDir, name).record;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ConfigError(
      `No job \`${name}\` was submitted from run dir \`${runDir}\` (${file} is missing); submit one first.`,
      [{ path: file, message: "missing" }],
      { cause: error },
    );
  }
  return JSON.parse(text) as JobHandle;
}

/** Why a job was stopped by us, recorded before the signal is sent so a status read later knows. */
export interface CancelRecord {
  /** `orphaned`: stopped because the process that submitted it with `endWithSubmitter` ended. */
  readonly reason: "cancelled" | "timeout" | "orphaned";
  readonly at: string;
}

export async function writeCancelRecord(file: string, reason: CancelRecord["reason"]): Promise<void> {
  await writeFileAtomic(file, cancelRecordText(reason));
}

// The record's text; the watchdog of an `endWithSubmitter` job writes it itself once its submitter is gone.
export function cancelRecordText(reason: CancelRecord["reason"], at = new Date()): string {
  const record: CancelRecord = { reason, at: at.toISOString() };
  return `${JSON.stringify(record)}\n`;
}

// The cancel record, or undefined when the job was not stopped by us.
export async function readCancelRecord(file: string): Promise<CancelRecord | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as CancelRecord;
  } catch {
    return undefined;
  }
}

// The exit code the job's wrapper wrote when the command ended, or undefined while it runs.
export async function readExitCode(file: string): Promise<number | undefined> {
  try {
    const text = (await readFile(file, "utf8")).trim();
    return /^\d+$/.test(text) ? Number(text) : undefined;
  } catch {
    return undefined;
  }
}
