// What a job is: a command (an argument array) run in a run directory, with resources and a time limit.
import { z } from "zod";
import { configErrorFromZod } from "../errors.js";

/** Resources a scheduler reserves; `local` and `ssh` ignore them (the machine is what it is). */
export const jobResourcesSchema = z
  .object({
    /** GPUs for the job (Slurm `--gres=gpu:N`). @default none */
    gpus: z.number().int().min(0).optional().describe("GPUs to reserve (Slurm --gres=gpu:N)"),
    /** CPU cores (Slurm `--cpus-per-task`). */
    cpus: z.number().int().min(1).optional().describe("CPU cores to reserve (Slurm --cpus-per-task)"),
    /** Memory in MiB (Slurm `--mem`). */
    memoryMb: z.number().int().min(1).optional().describe("memory in MiB (Slurm --mem)"),
    /** Slurm partition; the cluster's default partition when unset. */
    partition: z
      .string()
      .regex(/^[\w.-]+$/, "a partition name has no spaces or shell characters")
      .optional()
      .describe("Slurm partition (the cluster default when unset)"),
    /** Extra `#SBATCH` options, upstream spelling (`["--qos=high", "--constraint=h100"]`). */
    sbatch: z
      .array(z.string().regex(/^--[\w-]+(=\S+)?$/, "an #SBATCH option looks like `--name=value` with no spaces"))
      .optional()
      .describe("extra #SBATCH options such as --qos=high"),
  })
  .strict();

/** A job: the command, where it runs, and for how long. Backends take this and nothing else. */
export const jobSpecSchema = z
  .object({
    /** Program and arguments, e.g. `["python", "train.py", "--config", "config.json"]`; never a shell string. */
    command: z.array(z.string()).min(1, "give at least the program").describe("program and its arguments"),
    /** The run directory (absolute): the job's working directory; ssh copies it to the remote and back. */
    runDir: z
      .string()
      .refine((p) => p.startsWith("/"), "must be an absolute path")
      .describe("absolute run directory, the job's working directory"),
    /** Name of the job inside the run dir: its files are `logs/<name>.log`, `.exit`, `.job.json`. @default "job" */
    name: z
      .string()
      .regex(/^[\w.-]+$/, "letters, digits, `_`, `.` and `-` only")
      .default("job")
      .describe("job name, used for its log file names"),
    /** Extra environment variables for the command (merged over the backend's environment). */
    env: z.record(z.string(), z.string()).default({}).describe("extra environment variables"),
    /**
     * Wall-clock limit in milliseconds; past it the job is cancelled (SIGTERM, then SIGKILL) and reported as
     * timed out. Slurm enforces it itself (`--time`, rounded up to minutes). @default no limit
     */
    timeoutMs: z.number().int().positive().optional().describe("wall-clock limit in milliseconds"),
    resources: jobResourcesSchema.default({}).describe("resources a scheduler reserves"),
  })
  .strict();

export type JobSpecInput = z.input<typeof jobSpecSchema>;
export type JobSpec = z.output<typeof jobSpecSchema>;
export type JobResources = z.output<typeof jobResourcesSchema>;

// Validate a job spec at the backend's boundary; every problem names its field and value.
export function parseJobSpec(input: JobSpecInput): JobSpec {
  const result = jobSpecSchema.safeParse(input);
  if (result.success) return result.data;
  throw configErrorFromZod(result.error, { subject: "job spec", input });
}
