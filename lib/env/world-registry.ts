// The open task worlds of one server, keyed by (experiment_name, task_id): lookup, per-world queues,
// the open-world bound and the idle time-out.
import type { HostedWorld, OpenWorldOptions, WorldHost } from "./world-host.js";

/** A refusal the handler turns into `{"detail": message}` with this HTTP status. */
export class EnvRequestError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = "EnvRequestError";
    this.status = status;
  }
}

/** One open world and its bookkeeping. */
export interface WorldEntry {
  readonly key: string;
  readonly taskId: string;
  readonly experimentName: string | null;
  readonly world: HostedWorld;
  lastUsedMs: number;
  /** Operations queued or running; a busy world is never idle. */
  pending: number;
  /** Tail of this world's request queue: a REPL runs one execution at a time. */
  queue: Promise<unknown>;
}

/** How many worlds, how long idle, and how each is opened. */
export interface WorldRegistryOptions {
  readonly host: WorldHost;
  readonly maxWorlds: number;
  /** 0 turns the idle time-out off. */
  readonly idleTimeoutMs: number;
  readonly worldOptions: Pick<OpenWorldOptions, "sandbox" | "onWarning">;
}

const keyOf = (taskId: string, experimentName: string | null): string => `${experimentName ?? ""}\u0000${taskId}`;
const describeEntry = (e: { taskId: string; experimentName: string | null }): string =>
  e.experimentName === null ? `\`${e.taskId}\`` : `\`${e.taskId}\` (experiment_name \`${e.experimentName}\`)`;

// Holds the worlds; every method that touches a world goes through `run` so requests to one world never overlap.
export class WorldRegistry {
  readonly #options: WorldRegistryOptions;
  readonly #entries = new Map<string, WorldEntry>();
  /** Keys being opened right now (they count toward the bound). */
  readonly #opening = new Map<string, Promise<WorldEntry>>();
  /** Keys closed by the idle time-out, so a late request learns why its world is gone. */
  readonly #expired = new Map<string, number>();
  #sweeper: NodeJS.Timeout | undefined;

  constructor(options: WorldRegistryOptions) {
    this.#options = options;
    if (options.idleTimeoutMs > 0) {
      const every = Math.max(50, Math.min(30_000, Math.floor(options.idleTimeoutMs / 4)));
      this.#sweeper = setInterval(() => void this.closeIdle(Date.now()), every);
      this.#sweeper.unref();
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  // Open (or re-open, replacing the old one as AppWorld does) the world of a task under an experiment name.
  async open(taskId: string, experimentName: string | null, options: OpenWorldOptions): Promise<WorldEntry> {
    const key = keyOf(taskId, experimentName);
    const pending = this.#opening.get(key);
    if (pending) await pending.catch(() => undefined);
    const previous = this.#entries.get(key);
    if (!previous && this.#entries.size + this.#opening.size >= this.#options.maxWorlds) {
      throw new EnvRequestError(
        429,
        `Too many open task worlds (${this.#options.maxWorlds}, the server's maxWorlds limit); ` +
          "close finished ones with POST /close or /close_all, or start the server with a higher --max-worlds.",
      );
    }
    const opening = (async () => {
      if (previous) await this.#closeEntry(previous);
      const world = await this.#options.host.openWorld(taskId, { ...this.#options.worldOptions, ...options });
      const entry: WorldEntry = {
        key,
        taskId,
        experimentName,
        world,
        lastUsedMs: Date.now(),
        pending: 0,
        queue: Promise.resolve(),
      };
      this.#entries.set(key, entry);
      this.#expired.delete(key);
      return entry;
    })();
    this.#opening.set(key, opening);
    try {
      return await opening;
    } finally {
      this.#opening.delete(key);
    }
  }

  // Find the world a request after /initialize addresses, with AppWorld's messages when there is none.
  find(taskId: string, experimentName: string | null | undefined): WorldEntry {
    const all = [...this.#entries.values()];
    const exact = experimentName != null ? this.#entries.get(keyOf(taskId, experimentName)) : undefined;
    if (exact) return exact;
    const sameTask = experimentName == null ? all.filter((e) => e.taskId === taskId) : [];
    if (sameTask.length === 1) return sameTask[0] as WorldEntry;
    if (sameTask.length > 1) {
      const names = sameTask.map((e) => `\`${e.experimentName ?? ""}\``).join(", ");
      throw new EnvRequestError(
        400,
        `Ambiguous request: ${sameTask.length} task worlds of \`${taskId}\` are open (experiment_name ${names}); ` +
          "send experiment_name to pick one.",
      );
    }
    const expiredAt = this.#expiredFor(taskId, experimentName);
    if (expiredAt !== undefined) {
      throw new EnvRequestError(
        400,
        `The task world ${describeEntry({ taskId, experimentName: experimentName ?? null })} was closed after ` +
          `${Number((this.#options.idleTimeoutMs / 1000).toFixed(1))} s without requests (the server's idle time-out); ` +
          "call /initialize again.",
      );
    }
    if (all.length === 0) throw new EnvRequestError(400, "AppWorld has not been initialized.");
    if (all.length === 1) {
      // AppWorld's own wording when its one active world is another task's.
      const active = all[0] as WorldEntry;
      throw new EnvRequestError(
        400,
        `The active task world is ${active.taskId}. But you have requested to operate on ${taskId}` +
          (experimentName != null && active.taskId === taskId ? ` (experiment_name ${experimentName})` : ""),
      );
    }
    throw new EnvRequestError(
      400,
      `No task world ${describeEntry({ taskId, experimentName: experimentName ?? null })} is open ` +
        `(${all.length} others are); call /initialize with this task_id first.`,
    );
  }

  // Run one operation on a world after the ones queued before it; marks the world as used.
  run<T>(entry: WorldEntry, operation: (world: HostedWorld) => Promise<T> | T): Promise<T> {
    entry.pending++;
    const result = entry.queue.then(async () => {
      if (this.#entries.get(entry.key) !== entry) {
        throw new EnvRequestError(
          400,
          `The task world ${describeEntry(entry)} was closed while this request waited; call /initialize again.`,
        );
      }
      entry.lastUsedMs = Date.now();
      try {
        return await operation(entry.world);
      } finally {
        entry.lastUsedMs = Date.now();
      }
    });
    void result.then(
      () => entry.pending--,
      () => entry.pending--,
    );
    entry.queue = result.catch(() => undefined);
    return result;
  }

  async close(entry: WorldEntry): Promise<void> {
    if (this.#entries.get(entry.key) !== entry) return;
    await this.#closeEntry(entry);
  }

  // Close every world, or only those of one experiment; resolves when every REPL has exited.
  async closeAll(experimentName?: string | null): Promise<number> {
    await Promise.allSettled([...this.#opening.values()]);
    const chosen = [...this.#entries.values()].filter(
      (e) => experimentName == null || e.experimentName === experimentName,
    );
    await Promise.all(chosen.map((e) => this.#closeEntry(e)));
    return chosen.length;
  }

  // Close worlds idle for longer than the time-out; called by the sweeper and by tests.
  async closeIdle(nowMs: number): Promise<number> {
    const limit = this.#options.idleTimeoutMs;
    if (limit <= 0) return 0;
    const idle = [...this.#entries.values()].filter((e) => e.pending === 0 && nowMs - e.lastUsedMs > limit);
    for (const entry of idle) this.#expired.set(entry.key, nowMs);
    // Forget old expiry notes so the map stays small on long-running servers.
    for (const [key, at] of this.#expired) if (nowMs - at > 10 * limit) this.#expired.delete(key);
    await Promise.all(idle.map((e) => this.#closeEntry(e)));
    return idle.length;
  }

  // Stop the sweeper and close every world: the server's shutdown path.
  async dispose(): Promise<void> {
    if (this.#sweeper) clearInterval(this.#sweeper);
    this.#sweeper = undefined;
    await this.closeAll();
  }

  #expiredFor(taskId: string, experimentName: string | null | undefined): number | undefined {
    if (experimentName != null) return this.#expired.get(keyOf(taskId, experimentName));
    for (const [key, at] of this.#expired) if (key.endsWith(`\u0000${taskId}`)) return at;
    return undefined;
  }

  async #closeEntry(entry: WorldEntry): Promise<void> {
    if (this.#entries.get(entry.key) === entry) this.#entries.delete(entry.key);
    // Wait for the running execution so the REPL is not killed mid-answer.
    await entry.queue;
    await entry.world.close().catch(() => undefined);
  }
}
