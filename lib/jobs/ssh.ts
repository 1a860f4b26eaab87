// The `ssh` backend: copy the run dir to the remote machine (rsync), start the command there detached in
// its own session (setsid, output to the log, nothing tied to the ssh connection), follow its log over
// one ssh connection, and copy the run dir back when it ends. ssh joins its arguments into one string for
// the remote shell, so every argument is single-quoted by `quoteShellArg`; nothing else reaches that shell.
import { rm } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { execa } from "execa";
import { z } from "zod";
import type {
  CancelOptions,
  ExecOptions,
  ExecResult,
  JobBackend,
  JobHandle,
  JobStatus,
  LogsOptions,
  SubmitOptions,
  WaitOptions,
} from "./backend.js";
import { TERMINAL_STATES } from "./backend.js";
import { configErrorFromZod } from "../errors.js";
import { JobError, quoteShellArg as q } from "./errors.js";
import { JobHolders } from "./holder.js";
import { jobPaths, readCancelRecord, saveJob, writeCancelRecord } from "./job-files.js";
import { type JobSpecInput, parseJobSpec } from "./job-spec.js";
import { statusFromFiles } from "./local.js";
import { runCommand } from "./run-command.js";
import { waitForJob } from "./wait.js";
import { WRAPPER_SCRIPT } from "./wrapper.js";

/** Where and how to reach the remote machine. */
export const sshBackendOptionsSchema = z
  .object({
    /** Host name or address (or a `Host` alias of ~/.ssh/config). */
    host: z.string().min(1).describe("remote host"),
    /** @default 22 (or what ~/.ssh/config says) */
    port: z.number().int().min(1).max(65535).optional().describe("ssh port"),
    user: z.string().optional().describe("remote user"),
    /** Private key file (`ssh -i`). */
    identityFile: z.string().optional().describe("private key file"),
    /** Folder on the remote that holds the run dirs; relative paths start at the remote home. @default "agentft-runs" */
    remoteRoot: z.string().default("agentft-runs").describe("remote folder for run dirs"),
    /** Extra `-o` options in ssh's spelling (`["StrictHostKeyChecking=accept-new"]`). */
    sshOptions: z.array(z.string()).default([]).describe("extra ssh -o options"),
  })
  .strict();

export type SshBackendOptionsInput = z.input<typeof sshBackendOptionsSchema>;
export type SshBackendOptions = z.output<typeof sshBackendOptionsSchema>;

const SSH = { backend: "ssh", debianPackage: "openssh-client", purpose: "to run jobs over ssh" } as const;
const RSYNC = { backend: "ssh", debianPackage: "rsync", purpose: "to copy run dirs over ssh" } as const;

// A shell function, defined in each remote script, that is true while a process of group $1 lives
// (zombies excluded: an orphan's zombie may never be reaped inside a container).
const ALIVE = `alive() { ps -eo pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ {found = 1} END {exit !found}'; }`;

// A remote shell's lines that stop process group `pgid`: SIGTERM, then SIGKILL after the grace period.
function stopGroup(pgid: string, graceMs: number): string {
  const g = q(pgid);
  return [
    `kill -TERM -- -${g} 2>/dev/null; i=0`,
    `while alive ${g} && [ $i -lt ${Math.ceil(graceMs / 100)} ]; do sleep 0.1; i=$((i + 1)); done`,
    `if alive ${g}; then kill -KILL -- -${g} 2>/dev/null; sleep 0.2; fi; exit 0`,
  ].join("\n");
}

const DEFAULT_GRACE_MS = 5_000;

// Create the `ssh` backend for one remote machine.
export function createSshBackend(input: SshBackendOptionsInput | Readonly<Record<string, unknown>>): JobBackend {
  const parsed = sshBackendOptionsSchema.safeParse(input);
  if (!parsed.success) throw configErrorFromZod(parsed.error, { subject: "ssh backend options", input });
  const options = parsed.data;
  const target = options.user ? `${options.user}@${options.host}` : options.host;
  const sshArgs = [
    "-o",
    "BatchMode=yes",
    ...(options.port ? ["-p", String(options.port)] : []),
    ...(options.identityFile ? ["-i", options.identityFile] : []),
    ...options.sshOptions.flatMap((o) => ["-o", o]),
  ];
  const ssh = (script: string) => ["ssh", ...sshArgs, target, script];
  // rsync splits its -e value itself, honouring quotes.
  const rsyncShell = ["ssh", ...sshArgs].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : q(a))).join(" ");
  const rsync = (from: string, to: string) => ["rsync", "-a", "-s", "-e", rsyncShell, from, to];
  const remoteDirOf = (job: JobHandle) => String(job.detail["remoteDir"]);
  const rel = (file: string, runDir: string) => path.relative(runDir, file);

  // Jobs tied to this process (`endWithSubmitter`): one ssh connection each whose remote side waits for the end
  // of its input, which comes when this process ends however it ends, then stops the job's group. It also
  // ends by itself once the job has, so it holds no connection longer than the job.
  const holders = new JobHolders();
  const holdJob = (job: JobHandle): void => {
    const g = q(job.id);
    const script = [
      ALIVE,
      "exec 3<&0",
      "cat <&3 >/dev/null & c=$!",
      `( while alive ${g} && kill -0 $c 2>/dev/null; do sleep 1; done; kill $c 2>/dev/null ) &`,
      'wait "$c"',
      stopGroup(job.id, DEFAULT_GRACE_MS),
    ].join("\n");
    holders.hold(job.id, ssh(script));
  };

  const backend: JobBackend = {
    name: "ssh",

    async submit(specInput: JobSpecInput, submitOptions: SubmitOptions = {}): Promise<JobHandle> {
      const spec = parseJobSpec(specInput);
      const paths = jobPaths(spec.runDir, spec.name);
      const remoteDir = path.posix.join(options.remoteRoot, path.basename(spec.runDir));
      const [log, exit, cancel] = [paths.log, paths.exit, paths.cancel].map((f) => rel(f, spec.runDir)) as [
        string,
        string,
        string,
      ];
      await runCommand(ssh(`mkdir -p -- ${q(remoteDir)}`), SSH);
      await runCommand(rsync(`${spec.runDir}/`, `${target}:${remoteDir}/`), RSYNC);
      const env = Object.entries(spec.env).map(([k, v]) => q(`${k}=${v}`));
      const launch = [
        `cd ${q(remoteDir)} && mkdir -p logs && rm -f ${q(exit)} ${q(cancel)} || exit 1`,
        `offset=$(wc -c < ${q(log)} 2>/dev/null || echo 0)`,
        `setsid env ${env.join(" ")} sh -c ${q(WRAPPER_SCRIPT)} sh ${q(exit)} ${spec.command.map(q).join(" ")} >> ${q(log)} 2>&1 < /dev/null &`,
        'echo "$! $offset"',
      ].join("\n");
      const { stdout } = await runCommand(ssh(launch), SSH);
      const [pid = "", logOffset = "0"] = stdout.trim().split(/\s+/);
      // A resubmitted job must not inherit the previous attempt's cancel record.
      await rm(paths.cancel, { force: true });
      const job: JobHandle = {
        backend: "ssh",
        backendOptions: { ...options },
        id: pid,
        name: spec.name,
        runDir: spec.runDir,
        command: spec.command,
        logPath: paths.log,
        submittedAt: new Date().toISOString(),
        ...(spec.timeoutMs === undefined ? {} : { timeoutMs: spec.timeoutMs }),
        detail: { remoteDir, host: target, logOffset: Number(logOffset) },
      };
      await saveJob(job);
      if (submitOptions.endWithSubmitter) holdJob(job);
      return job;
    },

    async status(job: JobHandle): Promise<JobStatus> {
      const paths = jobPaths(job.runDir, job.name);
      const script = [
        ALIVE,
        `cd ${q(remoteDirOf(job))} || exit 3`,
        `if [ -f ${q(rel(paths.exit, job.runDir))} ]; then echo "exit $(cat ${q(rel(paths.exit, job.runDir))})";`,
        `elif alive ${q(job.id)}; then echo running; else echo gone; fi`,
      ].join("\n");
      const { stdout } = await runCommand(ssh(script), SSH);
      const [word, code] = stdout.trim().split(/\s+/);
      const cancel = await readCancelRecord(paths.cancel);
      if (word === "exit" && code !== undefined) return statusFromFiles(Number(code), cancel, false);
      return statusFromFiles(undefined, cancel, word === "running");
    },

    logs(job: JobHandle, logOptions: LogsOptions = {}): AsyncIterable<string> {
      const paths = jobPaths(job.runDir, job.name);
      const file = logOptions.file ?? rel(paths.log, job.runDir);
      const offset = logOptions.file === undefined ? Number(job.detail["logOffset"] ?? 0) : 0;
      const pollS = (logOptions.pollMs ?? 250) / 1000;
      // One connection streams the file: print what is new, stop once the job has ended and all is out.
      const script = [
        ALIVE,
        `cd ${q(remoteDirOf(job))} || exit 3`,
        `f=${q(file)}; off=${offset}`,
        'show() { size=$(wc -c < "$f" 2>/dev/null || echo 0); if [ "$size" -gt "$off" ]; then tail -c +$((off + 1)) "$f" | head -c $((size - off)); off=$size; fi; }',
        logOptions.follow
          ? `while :; do if [ -f ${q(rel(paths.exit, job.runDir))} ] || ! alive ${q(job.id)}; then show; exit 0; fi; show; sleep ${pollS}; done`
          : "show",
      ].join("\n");
      return streamLines(ssh(script), logOptions.signal);
    },

    async cancel(job: JobHandle, cancelOptions: CancelOptions = {}): Promise<JobStatus> {
      const before = await backend.status(job);
      if (TERMINAL_STATES.has(before.state)) return before;
      await writeCancelRecord(jobPaths(job.runDir, job.name).cancel, cancelOptions.reason ?? "cancelled");
      await runCommand(ssh([ALIVE, stopGroup(job.id, cancelOptions.graceMs ?? 5_000)].join("\n")), SSH);
      holders.release(job.id);
      return backend.status(job);
    },

    wait(job: JobHandle, waitOptions: WaitOptions = {}) {
      return waitForJob(backend, job, waitOptions, {
        defaultPollMs: 1_000,
        // Results (checkpoints, adapters, metrics, the log) come back into the local run dir.
        afterEnd: async () => {
          await runCommand(rsync(`${target}:${remoteDirOf(job)}/`, `${job.runDir}/`), RSYNC);
        },
      });
    },

    // -N: no remote command; ExitOnForwardFailure: a local port already taken fails the process at once.
    forwardCommand(localPort: number, remotePort: number): string[] {
      return [
        "ssh",
        ...sshArgs,
        "-N",
        "-o",
        "ExitOnForwardFailure=yes",
        "-L",
        `127.0.0.1:${localPort}:127.0.0.1:${remotePort}`,
        target,
      ];
    },

    async exec(command: readonly string[], execOptions: ExecOptions = {}): Promise<ExecResult> {
      const env = Object.entries(execOptions.env ?? {}).map(([k, v]) => q(`${k}=${v}`));
      const script = `${env.length ? `env ${env.join(" ")} ` : "exec "}${command.map(q).join(" ")}`;
      const result = await runCommand(ssh(script), {
        ...SSH,
        reject: false,
        timeoutMs: execOptions.timeoutMs ?? 60_000,
      });
      // 255 is ssh's own failure (unreachable host, refused key), not the command's.
      if (result.exitCode === 255) {
        throw new JobError({
          summary: `ssh to ${target} failed: ${result.stderr.trim().split("\n").at(-1) ?? "exit code 255"}`,
          command: ssh(script),
          backend: "ssh",
          exitCode: 255,
          logTail: result.stderr,
        });
      }
      return result;
    },
  };
  return backend;
}

// Run a command and yield its stdout line by line as it arrives; a consumer that stops early ends it.
async function* streamLines(command: readonly string[], signal?: AbortSignal): AsyncGenerator<string> {
  const [file, ...args] = command;
  const child = execa(file as string, args, {
    reject: false,
    buffer: false,
    stdin: "ignore",
    stderr: "ignore",
    ...(signal ? { cancelSignal: signal } : {}),
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) yield line;
  } finally {
    // Kill before waiting: a following ssh only ends on its own when the job does.
    if (child.exitCode === null) child.kill();
    lines.close();
    await child;
  }
}
