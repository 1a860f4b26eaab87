// The GPUs of the machine a run will use, read with `nvidia-smi` there (this machine, the ssh host, a
// Slurm node through `srun`) before launch, so the memory preflight compares the estimate with real cards.
import type { ExecResult, JobBackend, JobResources } from "../jobs/index.js";
import { type GpuInfo, NVIDIA_SMI_ARGS, parseNvidiaSmi } from "./memory.js";

/** What the target said about its GPUs. */
export interface TargetGpus {
  readonly gpus: readonly GpuInfo[];
  /** Why there are none, with what to do: nvidia-smi missing, failing, or printing no GPU. */
  readonly note?: string;
}

export interface TargetGpuOptions {
  /** Slurm: the resources the run will ask for, so `srun` lands on the same kind of node. */
  readonly resources?: JobResources;
  /** Extra environment for nvidia-smi (`CUDA_VISIBLE_DEVICES`; Slurm passes the caller's PATH on to the node). */
  readonly env?: Readonly<Record<string, string>>;
  /** @default 60000 (a Slurm queue can take a while to start even a one-second step) */
  readonly timeoutMs?: number;
}

function firstLine(result: ExecResult): string {
  return (result.stderr.trim() || result.stdout.trim()).split("\n")[0] ?? "";
}

// Run nvidia-smi on the backend's target and parse its answer; a target without it gets a note, not an error.
export async function queryTargetGpus(backend: JobBackend, options: TargetGpuOptions = {}): Promise<TargetGpus> {
  const where = `the ${backend.name} target`;
  const result = await backend.exec(NVIDIA_SMI_ARGS, {
    ...(options.resources ? { resources: options.resources } : {}),
    ...(options.env ? { env: options.env } : {}),
    timeoutMs: options.timeoutMs ?? 60_000,
  });
  if (result.exitCode === 127) {
    return {
      gpus: [],
      note: `nvidia-smi was not found on ${where}, so its GPU memory is not checked: install the NVIDIA driver there (it ships nvidia-smi) or put nvidia-smi on the PATH of non-interactive logins`,
    };
  }
  if (result.exitCode !== 0) {
    return {
      gpus: [],
      note: `nvidia-smi failed on ${where} (exit code ${result.exitCode}: ${firstLine(result)}), so its GPU memory is not checked`,
    };
  }
  const gpus = parseNvidiaSmi(result.stdout);
  if (gpus.length === 0) {
    return { gpus, note: `nvidia-smi on ${where} listed no GPU (it printed: ${firstLine(result) || "nothing"})` };
  }
  return { gpus };
}
