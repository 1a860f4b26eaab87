// submitTraining: the one way a planned run directory becomes a job on a backend (CLI, GRPO runs and the
// notebooks), so the interpreter, the environment a TRL run needs and the GPU request are set in one place.
import type { JobBackend, JobHandle, JobResources } from "../jobs/index.js";
import { trainingCommand } from "./plan.js";
import type { TrainingConfig } from "./training-config.js";

/** Options of {@link submitTraining}. */
export interface SubmitTrainingOptions {
  /** The interpreter with TRL where the job runs. @default "python" */
  readonly python?: string;
  /** Extra environment of the job (it wins over the defaults). */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra resources (a Slurm partition, a time limit); `gpus` defaults to the config's processes on GPU. */
  readonly resources?: JobResources;
  readonly signal?: AbortSignal;
}

/** A submitted training job and the command it runs. */
export interface SubmittedTraining {
  readonly job: JobHandle;
  readonly command: readonly string[];
}

// Unbuffered output so the log follows the run; no tokenizer thread pools forked under the trainer's workers.
const TRAINING_ENV = { PYTHONUNBUFFERED: "1", TOKENIZERS_PARALLELISM: "false" } as const;

// Submit `train.py` of a planned run directory (planTraining wrote it) to a jobs backend.
export async function submitTraining(
  backend: JobBackend,
  runDir: string,
  config: TrainingConfig,
  options: SubmitTrainingOptions = {},
): Promise<SubmittedTraining> {
  const command = trainingCommand(config, options.python ?? "python");
  const resources = { ...(config.trl.use_cpu ? {} : { gpus: config.numProcesses }), ...options.resources };
  const job = await backend.submit(
    { command: [...command], runDir, env: { ...TRAINING_ENV, ...options.env }, resources },
    options.signal ? { signal: options.signal } : {},
  );
  return { job, command };
}
