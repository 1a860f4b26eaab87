// Where jobs run, as notebook parameters spell it: a backend name and the ssh fields, where an empty field
// (or 22 for the port) means "not given", so the user's ssh config decides.
import type { JobBackend } from "./backend.js";
import { getJobBackend } from "./registry.js";

/** A target given as plain parameters. */
export interface JobTargetParameters {
  /** "local", "ssh" or "slurm". */
  readonly backend: string;
  /** The ssh target; "" (or 22 for the port) leaves a field to the user's ssh config. */
  readonly host?: string;
  readonly port?: number;
  readonly user?: string;
  readonly identityFile?: string;
  /** The remote folder for run directories over ssh. */
  readonly remoteRoot?: string;
  /** Extra ssh `-o` options (`["StrictHostKeyChecking=accept-new"]`). */
  readonly sshOptions?: readonly string[];
}

/** The backend's name and options, as `serve({ backend, backendOptions })` and `getJobBackend` take them. */
export interface JobTarget {
  readonly backend: string;
  readonly backendOptions: Readonly<Record<string, unknown>>;
}

// The backend name and its options; only ssh takes options.
export function jobTargetOptions(parameters: JobTargetParameters): JobTarget {
  if (parameters.backend !== "ssh") return { backend: parameters.backend, backendOptions: {} };
  const given = (value: string | undefined): value is string => value !== undefined && value !== "";
  return {
    backend: "ssh",
    backendOptions: {
      host: parameters.host ?? "",
      ...(parameters.port === undefined || parameters.port === 22 ? {} : { port: parameters.port }),
      ...(given(parameters.user) ? { user: parameters.user } : {}),
      ...(given(parameters.identityFile) ? { identityFile: parameters.identityFile } : {}),
      ...(given(parameters.remoteRoot) ? { remoteRoot: parameters.remoteRoot } : {}),
      ...(parameters.sshOptions?.length ? { sshOptions: [...parameters.sshOptions] } : {}),
    },
  };
}

// The backend itself.
export function jobTarget(parameters: JobTargetParameters): JobBackend {
  const target = jobTargetOptions(parameters);
  return getJobBackend(target.backend, target.backendOptions);
}
