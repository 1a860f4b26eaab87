// Jobs: run a command on this machine, over ssh or on Slurm, follow its log and metrics, cancel it, wait for it.
export type {
  CancelOptions,
  ExecOptions,
  ExecResult,
  JobBackend,
  JobHandle,
  JobResult,
  JobState,
  JobStatus,
  LogsOptions,
  SubmitOptions,
  WaitOptions,
} from "./backend.js";
export { TERMINAL_STATES } from "./backend.js";
export { JobError, UnknownBackendError, formatCommand, quoteShellArg } from "./errors.js";
export type { JobErrorInit } from "./errors.js";
export { jobSpecSchema, jobResourcesSchema, parseJobSpec } from "./job-spec.js";
export type { JobResources, JobSpec, JobSpecInput } from "./job-spec.js";
export { jobPaths, loadJob } from "./job-files.js";
export type { JobPaths } from "./job-files.js";
export { followFile, readTail } from "./follow-file.js";
export type { FollowFileOptions } from "./follow-file.js";
export { createLocalBackend } from "./local.js";
export { createSshBackend, sshBackendOptionsSchema } from "./ssh.js";
export type { SshBackendOptions, SshBackendOptionsInput } from "./ssh.js";
export { buildSbatchScript, createSlurmBackend, parseScontrolJob, statusOfScontrol } from "./slurm.js";
export { backendOf, getJobBackend, listJobBackends, openJob, registerJobBackend } from "./registry.js";
export type { JobBackendFactory } from "./registry.js";
export { monitorJob, parseTrainingProgress } from "./monitor.js";
export { jobTarget, jobTargetOptions } from "./target.js";
export { openForward } from "./forward.js";
export type { Forward } from "./forward.js";
export type { JobTarget, JobTargetParameters } from "./target.js";
export type { MonitorJobOptions, MonitorOptions, TrainingProgress } from "./monitor.js";
export type { MetricsLineProblem } from "../metrics-log.js";
