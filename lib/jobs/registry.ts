// Backends by name, as papermill keeps its engines: variation goes through the registry, never an if-chain.
import type { JobBackend, JobHandle } from "./backend.js";
import { UnknownBackendError } from "./errors.js";
import { loadJob } from "./job-files.js";
import { createLocalBackend } from "./local.js";
import { createSlurmBackend } from "./slurm.js";
import { createSshBackend } from "./ssh.js";

/** Makes a backend from its options (`{host: "gpu1"}` for ssh); `{}` must work for `local`. */
export type JobBackendFactory = (options: Readonly<Record<string, unknown>>) => JobBackend;

const factories = new Map<string, JobBackendFactory>([
  ["local", () => createLocalBackend()],
  ["slurm", () => createSlurmBackend()],
  ["ssh", (options) => createSshBackend(options)],
]);

// Add (or replace) a backend under a name; the built-in ones are registered above.
export function registerJobBackend(name: string, factory: JobBackendFactory): void {
  factories.set(name, factory);
}

// The registered names, sorted, for messages and `--help`.
export function listJobBackends(): readonly string[] {
  return [...factories.keys()].sort();
}

// Create the backend registered under `name`; an unknown name fails listing the registered ones.
export function getJobBackend(name: string, options: Readonly<Record<string, unknown>> = {}): JobBackend {
  const factory = factories.get(name);
  if (!factory) throw new UnknownBackendError(name, listJobBackends());
  return factory(options);
}

// The backend that submitted a job, recreated from the options saved in its handle.
export function backendOf(job: JobHandle): JobBackend {
  return getJobBackend(job.backend, job.backendOptions);
}

// Reopen a job from its run dir (`agentft train status DIR`): its handle and the backend that runs it.
export async function openJob(
  runDir: string,
  name = "job",
): Promise<{ readonly job: JobHandle; readonly backend: JobBackend }> {
  const job = await loadJob(runDir, name);
  return { job, backend: backendOf(job) };
}
