// A started, connected and ready kernel with one way to end it: shutdown_request on control,
// a grace period, then SIGKILL of its process group.
import { connectKernel, type KernelClient } from "./kernel-client.js";
import { startKernel, type KernelExit, type KernelProcess, type StartKernelOptions } from "./kernel.js";
import { KernelStartError } from "./errors.js";
import type { JupyterMessage } from "./wire.js";

/** Options of {@link startKernelSession}. */
export interface KernelSessionOptions {
  /** The kernel's working folder (the notebook's folder). */
  readonly cwd: string;
  /** Path of tslab's `bin/tslab`; see {@link resolveTslabBin}. */
  readonly tslabBin?: string;
  /** How long to wait for `kernel_info_reply`. @default 120000 @unit milliseconds */
  readonly startupTimeoutMs?: number;
  readonly env?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** Picks the kernel's five ports; see {@link StartKernelOptions.allocatePorts}. */
  readonly allocatePorts?: StartKernelOptions["allocatePorts"];
}

/** Starts tried when another process takes one of the kernel's ports between their choice and the kernel's bind. */
const START_ATTEMPTS = 3;

/** A ready kernel and its client. */
export interface KernelSession {
  readonly kernel: KernelProcess;
  readonly client: KernelClient;
  /** The kernel_info_reply content (language_info, implementation, ...). */
  readonly info: JupyterMessage;
  /** Shut the kernel down: shutdown_request, `graceMs` to exit, then SIGKILL. Safe to call twice. */
  close(options?: { readonly graceMs?: number }): Promise<KernelExit>;
}

class PortConflictError extends KernelStartError {}

// Start tslab and wait until it answers; on any failure the process is killed before the error is thrown.
// A port taken by another process makes tslab hang rather than exit, so that case starts again on new ports.
export async function startKernelSession(options: KernelSessionOptions): Promise<KernelSession> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      if (!(error instanceof PortConflictError) || attempt >= START_ATTEMPTS) throw error;
    }
  }
}

async function startOnce(options: KernelSessionOptions): Promise<KernelSession> {
  const kernel = await startKernel({
    cwd: options.cwd,
    tslabBin: options.tslabBin,
    env: options.env,
    ...(options.allocatePorts ? { allocatePorts: options.allocatePorts } : {}),
  });
  const client = connectKernel(kernel.connection);
  let info: JupyterMessage;
  try {
    info = await Promise.race([
      client.waitForReady({ timeoutMs: options.startupTimeoutMs ?? 120_000, signal: options.signal }),
      kernel.exited.then((exit) => {
        throw new KernelStartError(
          `The tslab kernel exited during startup (code ${exit.exitCode}, signal ${exit.signal}).`,
          kernel.logTail(),
        );
      }),
      kernel.portConflict.then((message) => {
        throw new PortConflictError(
          `The tslab kernel could not listen on one of its ports (${portsOf(kernel)}); another process holds it.`,
          message,
        );
      }),
    ]);
  } catch (error) {
    client.close();
    await kernel.stop();
    if (error instanceof KernelStartError && !error.logTail && kernel.logTail()) {
      throw new KernelStartError(error.message, kernel.logTail(), { cause: error });
    }
    throw error;
  }
  let closing: Promise<KernelExit> | undefined;
  return {
    kernel,
    client,
    info,
    close: ({ graceMs = 2000 } = {}) => {
      closing ??= (async () => {
        if (!kernel.hasExited()) await client.shutdown({ timeoutMs: Math.min(graceMs, 1000) });
        client.close();
        return kernel.stop({ graceMs });
      })();
      return closing;
    },
  };
}

function portsOf(kernel: KernelProcess): string {
  const { shell_port, iopub_port, stdin_port, control_port, hb_port } = kernel.connection;
  return `shell ${shell_port}, iopub ${iopub_port}, stdin ${stdin_port}, control ${control_port}, heartbeat ${hb_port}`;
}
