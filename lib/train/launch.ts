// Launching a planned run on a chosen target (a backend, e.g. `jobTarget(parameters)` of lib/jobs), as the
// notebooks do it: the target's GPUs read with nvidia-smi there, the memory preflight against them, then the
// submit. A short estimate is reported, never refused: the user decides.
import type { JobBackend, JobHandle, JobResources, JobResult } from "../jobs/index.js";
import { type MemoryPreflight, preflightMemory } from "./memory.js";
import type { TrainingPlan } from "./plan.js";
import { submitTraining } from "./submit.js";
import { queryTargetGpus, type TargetGpus } from "./target-gpus.js";

/** Options of {@link launchTraining}. */
export interface LaunchTrainingOptions {
  /** The interpreter with TRL where the job runs. @default "python" */
  readonly python?: string;
  /** Extra environment of the job and of its nvidia-smi query (`CUDA_VISIBLE_DEVICES`, a PATH). */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra resources (a Slurm partition); `gpus` defaults to the plan's processes on GPU. */
  readonly resources?: JobResources;
  readonly signal?: AbortSignal;
}

/** A launched run: what the target said, the preflight, the job and what to show the user. */
export interface LaunchedTraining {
  readonly target: TargetGpus;
  readonly preflight: MemoryPreflight;
  readonly job: JobHandle;
  readonly command: readonly string[];
  /** One line per GPU of the target, then the note or each warning, each starting "target GPU" or "memory:". */
  readonly lines: readonly string[];
}

const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

// Read the target's GPUs, compare the plan's estimate with them, and submit the plan's run directory.
export async function launchTraining(
  backend: JobBackend,
  plan: TrainingPlan,
  options: LaunchTrainingOptions = {},
): Promise<LaunchedTraining> {
  const config = plan.config;
  // nvidia-smi goes where the job will: srun asks Slurm for the same GPUs and partition.
  const resources: JobResources = {
    ...(config.trl.use_cpu ? {} : { gpus: config.numProcesses }),
    ...options.resources,
  };
  const target = await queryTargetGpus(backend, { resources, ...(options.env ? { env: options.env } : {}) });
  const preflight = preflightMemory(config, target.gpus, { longestRow: plan.lengths.max });
  const lines = [
    ...target.gpus.map(
      (gpu) => `target GPU ${gpu.index}: ${gpu.name}, ${gib((gpu.totalMiB - gpu.usedMiB) * 2 ** 20)} free`,
    ),
    ...(target.note ? [target.note] : preflight.warnings).map((message) => `memory: ${message}`),
  ];
  const { job, command } = await submitTraining(backend, plan.runDir, config, {
    ...(options.python === undefined ? {} : { python: options.python }),
    ...(options.env === undefined ? {} : { env: options.env }),
    resources,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return { target, preflight, job, command, lines };
}

/** What follows a run: its curve display, refreshed once more at the end and stopped (watchCurves' handle). */
export interface FollowedDisplay {
  refresh(): Promise<unknown>;
  stop(): Promise<void>;
}

/** A run followed to its end. */
export interface FollowedTraining {
  readonly result: JobResult;
  /** "<name> run completed: see LOG", or the failure with its exit code and the log's exception line. */
  readonly lines: readonly string[];
}

// The line of the log that says why a run failed: the last Python exception line (`OSError: ...`; its message
// may go on over more lines), else the last non-empty line.
const EXCEPTION_LINE = /^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit)\b.*:/;

async function failureLine(backend: JobBackend, job: JobHandle): Promise<string | undefined> {
  let last: string | undefined;
  let exception: string | undefined;
  for await (const raw of backend.logs(job)) {
    const line = raw.trim();
    if (line === "") continue;
    last = line;
    if (EXCEPTION_LINE.test(line)) exception = line;
  }
  return exception ?? last;
}

// Wait for a submitted run to end (whatever its state), draw its curve a last time, and say how it ended.
export async function followTraining(
  backend: JobBackend,
  job: JobHandle,
  options: { readonly name: string; readonly display?: FollowedDisplay },
): Promise<FollowedTraining> {
  const result = await backend.wait(job, { reject: false });
  if (options.display) {
    await options.display.refresh();
    await options.display.stop();
  }
  const exit = result.exitCode === undefined ? "" : ` (exit code ${result.exitCode})`;
  const lines = [`${options.name} run ${result.state}${exit}: see ${result.logPath}`];
  if (result.state !== "completed") {
    const why = await failureLine(backend, job).catch(() => undefined);
    if (why !== undefined) lines.push(`from its log: ${why}`);
  }
  return { result, lines };
}
