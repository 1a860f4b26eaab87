import path from "node:path";
import { type JobBackend, type JobHandle, type LogsOptions, TERMINAL_STATES } from "./backend.js";
import { followFile } from "./follow-file.js";

// Follow a job's log (or another file of its run folder) until the job ends: the `logs` of every backend whose
// log is readable on this machine (local, and Slurm with a shared file system).
export function followJobLog(
  backend: Pick<JobBackend, "status">,
  job: JobHandle,
  options: LogsOptions = {},
): AsyncIterable<string> {
  const file = options.file === undefined ? job.logPath : path.resolve(job.runDir, options.file);
  return followFile(file, {
    ...options,
    startOffset: options.file === undefined ? Number(job.detail["logOffset"] ?? 0) : 0,
    isDone: async () => TERMINAL_STATES.has((await backend.status(job)).state),
  });
}
