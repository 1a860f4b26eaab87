// A port of the machine the jobs run on, brought to this machine's loopback through the backend's forward
// (`ssh -N -L` for ssh), so a server there can stay on its own loopback. The forward runs under the watchdog:
// it ends with `close()` or with this process, however that ends.
import { spawn } from "node:child_process";
import { findFreePort } from "../free-port.js";
import { watchdogCommand } from "../watchdog.js";
import type { JobBackend } from "./backend.js";

/** An open forward: `127.0.0.1:port` here reaches the remote port. */
export interface Forward {
  readonly port: number;
  /** Why the forward ended, once it has. */
  exited(): string | undefined;
  close(): void;
}

// Forward `remotePort` of the backend's machine from a free local port; the backend must have a forward.
export async function openForward(backend: JobBackend, remotePort: number): Promise<Forward> {
  const forward = backend.forwardCommand;
  if (forward === undefined)
    throw new TypeError(`The ${backend.name} backend has no forward: its jobs are reached directly`);
  const port = await findFreePort();
  const [file, ...args] = watchdogCommand(forward.call(backend, port, remotePort), { graceMs: 0 });
  const child = spawn(file, args, { detached: true, stdio: ["pipe", "ignore", "pipe"] });
  let stderr = "";
  let ended: string | undefined;
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-2_000);
  });
  child.on("exit", (code) => {
    const last = stderr.trim().split("\n").at(-1);
    ended = `exit code ${code}${last ? `: ${last}` : ""}`;
  });
  child.stdin.on("error", () => undefined);
  // Neither the process nor its pipes keep this process running; the pipe closing is what stops it.
  child.unref();
  for (const stream of [child.stdin, child.stderr]) (stream as unknown as { unref(): void }).unref();
  return {
    port,
    exited: () => ended,
    close: () => {
      try {
        if (child.pid !== undefined && ended === undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    },
  };
}
