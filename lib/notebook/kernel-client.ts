// A Jupyter client over ZeroMQ: shell and control requests, iopub messages routed to the request
// that caused them, and a reply + idle handshake that says when a request is finished.
import { randomUUID } from "node:crypto";
import { Dealer, Subscriber } from "zeromq";
import type { ConnectionInfo } from "./kernel.js";
import { createHeader, decodeMessage, encodeMessage, type JupyterMessage } from "./wire.js";
import { KernelStartError } from "./errors.js";

/** What one request produced: its reply on shell/control and every iopub message parented to it. */
export interface RequestResult {
  readonly msgId: string;
  readonly reply: JupyterMessage;
}

/** Options of {@link KernelClient.execute}. */
export interface KernelExecuteOptions {
  /** Called for each iopub message of this request, in order, including those arriving after it finished. */
  readonly onIopub?: (message: JupyterMessage) => void;
}

interface Pending {
  reply?: JupyterMessage;
  idle: boolean;
  readonly onIopub: ((message: JupyterMessage) => void) | undefined;
  readonly settle: (reply: JupyterMessage) => void;
  readonly fail: (error: Error) => void;
}

type Channel = "shell" | "control";

/** A connected client; create it with {@link connectKernel}. */
export class KernelClient {
  readonly session = randomUUID();
  /** Messages refused because their signature did not match the key. */
  droppedMessages = 0;
  private readonly pending = new Map<string, Pending>();
  private readonly lateListeners = new Map<string, (message: JupyterMessage) => void>();
  private closed = false;
  // zeromq allows one pending send per socket (a DEALER waits until the kernel has bound), so sends queue.
  private readonly sendQueues: Record<Channel, Promise<void>> = {
    shell: Promise.resolve(),
    control: Promise.resolve(),
  };

  constructor(
    private readonly key: string,
    private readonly sockets: { readonly shell: Dealer; readonly control: Dealer; readonly iopub: Subscriber },
  ) {
    void this.readLoop(sockets.shell, "reply");
    void this.readLoop(sockets.control, "reply");
    void this.readLoop(sockets.iopub, "iopub");
  }

  private async readLoop(socket: Dealer | Subscriber, kind: "reply" | "iopub"): Promise<void> {
    try {
      for await (const frames of socket) {
        let message: JupyterMessage;
        try {
          message = decodeMessage(this.key, frames);
        } catch {
          this.droppedMessages += 1;
          continue;
        }
        if (kind === "reply") this.onReply(message);
        else this.onIopub(message);
      }
    } catch (error) {
      // Closing the socket ends the loop with an error; anything else while open fails every waiting request.
      if (this.closed) return;
      for (const pending of this.pending.values()) pending.fail(error as Error);
      this.pending.clear();
    }
  }

  private onReply(message: JupyterMessage): void {
    const parentId = message.parentHeader.msg_id;
    const pending = parentId === undefined ? undefined : this.pending.get(parentId);
    if (pending === undefined || parentId === undefined) return;
    pending.reply = message;
    this.finishIfDone(parentId, pending);
  }

  private onIopub(message: JupyterMessage): void {
    const parentId = message.parentHeader.msg_id;
    if (parentId === undefined) return;
    const pending = this.pending.get(parentId);
    const listener = pending?.onIopub ?? this.lateListeners.get(parentId);
    listener?.(message);
    if (pending && message.header.msg_type === "status" && message.content["execution_state"] === "idle") {
      pending.idle = true;
      this.finishIfDone(parentId, pending);
    }
  }

  private finishIfDone(msgId: string, pending: Pending): void {
    if (!pending.reply || !pending.idle) return;
    this.pending.delete(msgId);
    if (pending.onIopub) this.lateListeners.set(msgId, pending.onIopub);
    pending.settle(pending.reply);
  }

  // Send a request; the promise resolves when both its reply and its iopub `idle` status arrived.
  request(
    channel: Channel,
    msgType: string,
    content: object,
    options: { readonly onIopub?: (message: JupyterMessage) => void; readonly needIdle?: boolean } = {},
  ): { readonly msgId: string; readonly done: Promise<RequestResult> } {
    const header = createHeader(msgType, this.session);
    const done = new Promise<RequestResult>((resolve, reject) => {
      this.pending.set(header.msg_id, {
        idle: options.needIdle === false,
        onIopub: options.onIopub,
        settle: (reply) => resolve({ msgId: header.msg_id, reply }),
        fail: reject,
      });
    });
    const frames = encodeMessage(this.key, { header, content });
    this.sendQueues[channel] = this.sendQueues[channel]
      .then(() => this.sockets[channel].send(frames))
      .catch((error: unknown) => {
        const pending = this.pending.get(header.msg_id);
        this.pending.delete(header.msg_id);
        if (!this.closed) pending?.fail(error as Error);
      });
    return { msgId: header.msg_id, done };
  }

  // Run code; resolves with the execute_reply once the kernel is idle again.
  execute(
    code: string,
    options: KernelExecuteOptions = {},
  ): { readonly msgId: string; readonly done: Promise<RequestResult> } {
    const content = {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    };
    return this.request("shell", "execute_request", content, { onIopub: options.onIopub });
  }

  // Wait until the kernel answers kernel_info_request and its iopub reaches us (ZeroMQ subscriptions
  // join late, so the request is repeated until its iopub status shows up, as Jupyter clients do).
  async waitForReady(
    options: { readonly timeoutMs?: number; readonly signal?: AbortSignal } = {},
  ): Promise<JupyterMessage> {
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    let sawIopub = false;
    const first = this.request(
      "shell",
      "kernel_info_request",
      {},
      { onIopub: () => (sawIopub = true), needIdle: false },
    );
    const info = await raceDeadline(first.done, deadline, options.signal);
    while (!sawIopub) {
      const probe = this.request("shell", "kernel_info_request", {}, { onIopub: () => (sawIopub = true) });
      await raceDeadline(
        Promise.race([probe.done, new Promise((resolve) => setTimeout(resolve, 250))]),
        deadline,
        options.signal,
      );
    }
    this.lateListeners.clear();
    return info.reply;
  }

  // Ask the kernel to shut down on the control channel; resolves with whether it answered in time.
  async shutdown(options: { readonly timeoutMs?: number } = {}): Promise<boolean> {
    const { done } = this.request("control", "shutdown_request", { restart: false }, { needIdle: false });
    const answered = await Promise.race([
      done.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), options.timeoutMs ?? 2000).unref()),
    ]);
    return answered;
  }

  // Close the sockets without waiting for unsent messages (linger 0), so the process can exit.
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const socket of Object.values(this.sockets)) socket.close();
    this.pending.clear();
    this.lateListeners.clear();
  }
}

async function raceDeadline<T>(promise: Promise<T>, deadline: number, signal: AbortSignal | undefined): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_resolve, reject) => {
        const waitMs = Math.max(0, deadline - Date.now());
        timer = setTimeout(
          () => reject(new KernelStartError(`The kernel did not answer kernel_info_request within ${waitMs} ms.`, "")),
          waitMs,
        );
        onAbort = () => reject(signal?.reason);
        signal?.addEventListener("abort", onAbort, { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}

// Connect the shell, control and iopub sockets of a kernel described by its connection file.
export function connectKernel(connection: ConnectionInfo): KernelClient {
  const address = (port: number): string => `${connection.transport}://${connection.ip}:${port}`;
  const shell = new Dealer({ linger: 0 });
  const control = new Dealer({ linger: 0 });
  const iopub = new Subscriber({ linger: 0 });
  shell.connect(address(connection.shell_port));
  control.connect(address(connection.control_port));
  iopub.connect(address(connection.iopub_port));
  iopub.subscribe();
  return new KernelClient(connection.key, { shell, control, iopub });
}
