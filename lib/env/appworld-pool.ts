// N real AppWorld environment servers (`appworld serve environment --port P`), one per worker, since each
// holds one task world at a time. Started with execa, ready when `GET /` answers. No process-wide signal
// handler: in a tslab kernel SIGINT interrupts a cell and must leave the pool running. Each server runs
// in a process group of its own (so a Ctrl-C or a cell interrupt sent to ours does not reach it) under a
// small watchdog that ends it when this process dies, however it dies.
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { EnvironmentClient, type HttpClientOptions } from "./client.js";
import { EnvServerStartError } from "./errors.js";
import { findFreePort } from "../free-port.js";
import { WATCHDOG_NOT_STARTED, watchdogCommand } from "../watchdog.js";

/** Options of `startAppWorldPool`. */
export interface AppWorldPoolOptions {
  /** The AppWorld executable (from the user's Python environment). @default "appworld" */
  readonly command?: string;
  /** Extra arguments after `serve environment --port P` (e.g. `["--root", "/data/appworld"]`). */
  readonly args?: readonly string[];
  readonly cwd?: string;
  /** Added to the inherited environment (e.g. `APPWORLD_ROOT`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Where each server's log goes (`server-<i>-port-<P>.log`); kept after stop. @default a new folder in the OS temp dir */
  readonly logDir?: string;
  /** How long a server may take to answer `GET /`; AppWorld loads for several seconds. @default 120 @unit seconds */
  readonly startupTimeoutS?: number;
  /** Options of each server's `EnvironmentClient`. */
  readonly clientOptions?: HttpClientOptions;
  /** Aborting stops the servers; during start-up the start fails with the abort reason. */
  readonly signal?: AbortSignal;
}

/** One running server. */
export interface AppWorldServer {
  readonly index: number;
  readonly url: string;
  readonly port: number;
  /** The server's watchdog, leader of its process group: it exits once the server has exited. */
  readonly pid: number | undefined;
  readonly logPath: string;
}

/** A server lent to one worker until `release`. */
export interface AppWorldLease {
  readonly server: AppWorldServer;
  readonly client: EnvironmentClient;
  release(): void;
}

/** The running servers; `stop` ends them all (SIGTERM, then SIGKILL after 5 s). `await using pool = ...` stops them too. */
export interface AppWorldPool extends AsyncDisposable {
  readonly servers: readonly AppWorldServer[];
  readonly logDir: string;
  /** Waits for a free server. */
  acquire(): Promise<AppWorldLease>;
  /** Runs `work` with a server of its own and releases it afterwards. */
  withServer<T>(work: (lease: AppWorldLease) => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

const INSTALL_HINT =
  "AppWorld runs in its own Python environment: `pip install appworld && appworld install && appworld download data`, " +
  "then pass its executable as `command` (or put it on PATH).";

// Where a pool's servers get their ports; exported from here too, for the callers that know it here.
export { findFreePort };

function readTail(file: string, lines = 20): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

// Each server runs under the watchdog (lib/watchdog.ts): it stops the server, SIGTERM then SIGKILL after
// 5 s, once this process is gone, and reports a command that cannot start on the log with exit code 127.
const NOT_STARTED = WATCHDOG_NOT_STARTED;

function serverArgs(port: number, options: AppWorldPoolOptions): string[] {
  return ["serve", "environment", "--port", String(port), ...(options.args ?? [])];
}

// Both output streams go to the log file; `reject: false` because a stopped server is the normal end.
function spawnServer(port: number, logPath: string, options: AppWorldPoolOptions) {
  const [node, ...args] = watchdogCommand([options.command ?? "appworld", ...serverArgs(port, options)], {
    graceMs: 5_000,
  });
  return execa(node, args, {
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.env ? { env: { ...options.env } } : {}),
    detached: true,
    stdin: "pipe",
    stdout: { file: logPath, append: true },
    stderr: { file: logPath, append: true },
    reject: false,
  });
}

type ServerProcess = ReturnType<typeof spawnServer>;

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  try {
    if (pid !== undefined) process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Poll `GET /` until it answers, the process exits, or the start-up time runs out.
async function waitUntilReady(
  child: ServerProcess,
  url: string,
  port: number,
  logPath: string,
  options: AppWorldPoolOptions,
): Promise<void> {
  const timeoutS = options.startupTimeoutS ?? 120;
  const signal = options.signal;
  const probe = EnvironmentClient.http(url, { maxRetries: 0, timeoutMs: 2000 });
  let exited: string | undefined;
  void child.then(
    (result) => {
      // With `reject: false` a spawn failure (ENOENT) is a result without exit code.
      const failed =
        result.exitCode === 127
          ? readTail(logPath)
              .split("\n")
              .find((l) => l.startsWith(NOT_STARTED))
          : undefined;
      if (failed) exited = `failed to start: ${failed.slice(NOT_STARTED.length)}`;
      else if (result.exitCode !== undefined) exited = `exited with code ${result.exitCode}`;
      else if (result.signal) exited = `was killed by ${result.signal}`;
      else exited = `failed to start: ${result.shortMessage}`;
    },
    (error: unknown) => (exited = `failed to start: ${error instanceof Error ? error.message : String(error)}`),
  );
  const deadline = Date.now() + timeoutS * 1000;
  try {
    while (Date.now() < deadline) {
      signal?.throwIfAborted();
      if (exited) break;
      try {
        await probe.ping();
        return;
      } catch {
        await sleep(150);
      }
    }
  } finally {
    await probe.dispose();
  }
  const command = [options.command ?? "appworld", ...serverArgs(port, options)].join(" ");
  const what = exited
    ? `\`${command}\` ${exited} before answering GET /`
    : `no answer to GET / on port ${port} within ${timeoutS} s (startupTimeoutS)`;
  throw new EnvServerStartError(`The AppWorld environment server on port ${port} did not start: ${what}.`, {
    port,
    logPath,
    logTail: readTail(logPath),
    hint: exited?.includes("ENOENT")
      ? `The command was not found. ${INSTALL_HINT}`
      : `See its log ${logPath}. ${INSTALL_HINT}`,
  });
}

// Start `size` servers on free ports; resolves when all answer `GET /`, or stops them all and throws.
export async function startAppWorldPool(size: number, options: AppWorldPoolOptions = {}): Promise<AppWorldPool> {
  if (!Number.isInteger(size) || size < 1) {
    throw new TypeError(
      `Expected the pool \`size\` to be a positive integer, got \`${String(size)}\` (${typeof size}).`,
    );
  }
  // A log folder the pool made itself is removed by `stop()`; one the caller named is the caller's to keep.
  const ownsLogDir = options.logDir === undefined;
  const logDir = options.logDir ?? path.join(tmpdir(), `agentft-appworld-${process.pid}-${Date.now()}`);
  mkdirSync(logDir, { recursive: true });
  const children: ServerProcess[] = [];
  // SIGTERM to each server's whole process group (watchdog and server), SIGKILL to what is left after 5 s.
  const stopAll = async () => {
    const running = children.filter((child) => child.exitCode === null && child.pid !== undefined);
    for (const child of running) killGroup(child.pid, "SIGTERM");
    const force = setTimeout(() => {
      for (const child of running) killGroup(child.pid, "SIGKILL");
    }, 5000);
    await Promise.allSettled(children);
    clearTimeout(force);
  };

  const onAbort = () => void stopAll();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const servers: AppWorldServer[] = [];
  try {
    options.signal?.throwIfAborted();
    const started = await Promise.all(
      Array.from({ length: size }, async (_, index) => {
        const port = await findFreePort();
        const logPath = path.join(logDir, `server-${index}-port-${port}.log`);
        const child = spawnServer(port, logPath, options);
        children.push(child);
        const url = `http://127.0.0.1:${port}`;
        await waitUntilReady(child, url, port, logPath, options);
        return { index, url, port, pid: child.pid, logPath } satisfies AppWorldServer;
      }),
    );
    servers.push(...started);
  } catch (error) {
    options.signal?.removeEventListener("abort", onAbort);
    await stopAll();
    // A server that did not start keeps its log, which the error names; an aborted start names none.
    if (ownsLogDir && !(error instanceof EnvServerStartError)) rmSync(logDir, { recursive: true, force: true });
    throw error;
  }

  const free = servers.map((server) => ({ server, client: EnvironmentClient.http(server.url, options.clientOptions) }));
  const waiting: ((slot: (typeof free)[number]) => void)[] = [];
  const lend = (slot: (typeof free)[number]): AppWorldLease => {
    let released = false;
    return {
      ...slot,
      release() {
        if (released) return;
        released = true;
        const next = waiting.shift();
        if (next) next(slot);
        else free.push(slot);
      },
    };
  };
  const clients = free.map((slot) => slot.client);
  const pool: AppWorldPool = {
    servers,
    logDir,
    acquire() {
      const slot = free.shift();
      if (slot) return Promise.resolve(lend(slot));
      return new Promise<AppWorldLease>((resolve) => waiting.push((s) => resolve(lend(s))));
    },
    async withServer(work) {
      const lease = await pool.acquire();
      try {
        return await work(lease);
      } finally {
        lease.release();
      }
    },
    async stop() {
      options.signal?.removeEventListener("abort", onAbort);
      await Promise.all(clients.map((client) => client.dispose()));
      await stopAll();
      if (ownsLogDir) rmSync(logDir, { recursive: true, force: true });
    },
    [Symbol.asyncDispose]: () => pool.stop(),
  };
  return pool;
}
