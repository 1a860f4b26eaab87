// The tslab kernel process: a connection file with free ports and a random key, a watchdog parent
// in its own process group, interrupt (SIGINT) and kill-tree.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { KernelStartError } from "./errors.js";
import { watchdogCommand } from "../watchdog.js";

/** The connection file a kernel reads (`--config-path`), as the Jupyter spec defines it. */
export interface ConnectionInfo {
  readonly transport: "tcp";
  readonly ip: string;
  readonly shell_port: number;
  readonly iopub_port: number;
  readonly stdin_port: number;
  readonly control_port: number;
  readonly hb_port: number;
  readonly key: string;
  readonly signature_scheme: "hmac-sha256";
  readonly kernel_name: string;
}

/** How the kernel process ended. */
export interface KernelExit {
  readonly exitCode: number | null;
  readonly signal: string | null;
}

/** A running kernel process; `stop()` is safe to call more than once. */
export interface KernelProcess {
  readonly connection: ConnectionInfo;
  /** Pid of the watchdog, which leads the kernel's process group. */
  readonly pid: number;
  readonly cwd: string;
  /** Resolves when the kernel process group's leader exits, however it ends. */
  readonly exited: Promise<KernelExit>;
  /**
   * Resolves with the kernel's message when it could not listen on one of its ports. tslab then stays
   * running without answering, so this is the only sign of it.
   */
  readonly portConflict: Promise<string>;
  hasExited(): boolean;
  /** The last lines the kernel printed outside cell execution (startup errors, crashes). */
  logTail(): string;
  /** Send SIGINT, which tslab turns into an interrupt of the running cell. */
  interrupt(): void;
  /** Wait up to `graceMs` for the kernel to exit on its own, then SIGKILL its whole process group. */
  stop(options?: { readonly graceMs?: number }): Promise<KernelExit>;
}

/** Options of {@link startKernel}. */
export interface StartKernelOptions {
  /** The kernel's working folder: the notebook's folder, so relative imports and files resolve as in JupyterLab. */
  readonly cwd: string;
  /** Path of tslab's `bin/tslab`. Defaults to the tslab package resolved from `cwd`, then from agentft itself. */
  readonly tslabBin?: string;
  /** Extra environment variables for the kernel. */
  readonly env?: Readonly<Record<string, string>>;
  /** Picks the five ports (shell, iopub, stdin, control, heartbeat). Default: five free ones, picked just before the start. */
  readonly allocatePorts?: () => Promise<readonly number[]>;
}

// The kernel runs under the watchdog (lib/watchdog.ts), which kills it at once when this process dies (even
// by SIGKILL): tslab itself never checks for its parent. An interrupt is passed on to the kernel.

const LOG_LIMIT = 8000;

// Find tslab's launcher script the way tslab itself does: the project's own copy first.
export function resolveTslabBin(cwd: string): string {
  for (const base of [path.join(cwd, "noop.js"), import.meta.url]) {
    try {
      const manifest = createRequire(base).resolve("tslab/package.json");
      const bin = path.join(path.dirname(manifest), "bin", "tslab");
      if (existsSync(bin)) return bin;
    } catch {
      // Not resolvable from this base; try the next one.
    }
  }
  throw new KernelStartError(
    `The tslab package was not found from ${cwd} nor from agentft; install it in the project: npm install --save-dev tslab`,
    "",
  );
}

async function findFreePort(): Promise<{ port: number; release: () => Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string")
    throw new KernelStartError("Could not read a free TCP port.", "");
  return { port: address.port, release: () => new Promise((resolve) => server.close(() => resolve())) };
}

// Hold all five ports at once so they differ, then release them for the kernel to bind (another process
// may take one in between, as with every Jupyter client: `portConflict` reports it).
export async function allocateFreePorts(count = 5): Promise<number[]> {
  const held = [];
  for (let i = 0; i < count; i++) held.push(await findFreePort());
  await Promise.all(held.map((entry) => entry.release()));
  return held.map((entry) => entry.port);
}

// Start tslab with a fresh connection file; resolves once the process is spawned (not yet ready).
export async function startKernel(options: StartKernelOptions): Promise<KernelProcess> {
  const tslabBin = options.tslabBin ?? resolveTslabBin(options.cwd);
  const ports = await (options.allocatePorts ?? allocateFreePorts)();
  if (ports.length !== 5 || !ports.every((port) => Number.isInteger(port) && port > 0 && port < 65536)) {
    throw new KernelStartError(`Expected allocatePorts to give five TCP ports, got ${JSON.stringify(ports)}.`, "");
  }
  const [shell, iopub, stdin, control, hb] = ports as [number, number, number, number, number];
  const connection: ConnectionInfo = {
    transport: "tcp",
    ip: "127.0.0.1",
    shell_port: shell,
    iopub_port: iopub,
    stdin_port: stdin,
    control_port: control,
    hb_port: hb,
    key: randomBytes(32).toString("hex"),
    signature_scheme: "hmac-sha256",
    kernel_name: "agentft-tslab",
  };
  const folder = await mkdtemp(path.join(tmpdir(), "agentft-kernel-"));
  const configPath = path.join(folder, "connection.json");
  await writeFile(configPath, JSON.stringify(connection), { mode: 0o600 });

  // detached: the watchdog leads a new process group, so one kill reaches the kernel too.
  const [node, ...args] = watchdogCommand([process.execPath, tslabBin, "kernel", "--config-path", configPath], {
    graceMs: 0,
    onInterrupt: "forward",
  });
  const child = spawn(node, args, {
    cwd: options.cwd,
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, ...options.env },
  });
  let log = "";
  let reportConflict: (message: string) => void = () => undefined;
  const portConflict = new Promise<string>((resolve) => (reportConflict = resolve));
  const record = (chunk: Buffer): void => {
    log = (log + chunk.toString("utf8")).slice(-LOG_LIMIT);
    const conflict = /^.*(?:EADDRINUSE|Address already in use).*$/m.exec(log);
    if (conflict) reportConflict(log.slice(conflict.index).trim().split("\n").slice(0, 6).join("\n"));
  };
  child.stdout.on("data", record);
  child.stderr.on("data", record);
  child.stdin.on("error", () => {});
  let exit: KernelExit | undefined;
  const exited = new Promise<KernelExit>((resolve) => {
    child.once("exit", (exitCode, signal) => {
      exit = { exitCode, signal };
      rm(folder, { recursive: true, force: true }).finally(() => resolve(exit as KernelExit));
    });
  });
  const spawnError = await new Promise<Error | undefined>((resolve) => {
    child.once("spawn", () => resolve(undefined));
    child.once("error", (error) => resolve(error));
  });
  if (spawnError || child.pid === undefined) {
    await rm(folder, { recursive: true, force: true });
    throw new KernelStartError(`Could not start the tslab kernel (${tslabBin}).`, log, { cause: spawnError });
  }
  const pid = child.pid;
  const killGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  };

  return {
    connection,
    pid,
    cwd: options.cwd,
    exited,
    portConflict,
    hasExited: () => exit !== undefined,
    logTail: () => log.trim().split("\n").slice(-20).join("\n"),
    interrupt: () => {
      if (exit === undefined) child.kill("SIGINT");
    },
    stop: async ({ graceMs = 0 } = {}) => {
      if (exit === undefined && graceMs > 0) {
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      }
      // Kill the group even when the watchdog is gone, in case the kernel outlived it.
      killGroup("SIGKILL");
      child.stdin.destroy();
      return exited;
    },
  };
}
