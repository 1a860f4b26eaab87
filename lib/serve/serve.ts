// Start a model server through a job backend, wait until it is healthy, check it serves what was asked,
// and hand back what the evaluation layer needs: an OpenAI-compatible base URL and the model names.
import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { getJobBackend, type JobHandle, readTail, TERMINAL_STATES } from "../jobs/index.js";
import { readAdapters } from "./adapters.js";
import { ServerStartError } from "./errors.js";
import { explainServerLog } from "./hints.js";
import { readServerMetrics, type ServerMetrics } from "./metrics.js";
import { parseServeOptions, type ServeOptionsInput } from "./serve-config.js";
import { buildTransformersCommand, buildVllmCommand } from "./server-command.js";

/** A running server: point a model client at `baseUrl` with `model` (or an adapter's name). */
export interface ModelServer {
  readonly engine: "vllm" | "transformers";
  /** OpenAI-compatible base URL, `http://127.0.0.1:8000/v1`. */
  readonly baseUrl: string;
  readonly port: number;
  /** The base model's name in requests. */
  readonly model: string;
  /** Adapter names, each usable as `model` in a request (vLLM). */
  readonly adapters: readonly string[];
  readonly job: JobHandle;
  readonly logPath: string;
  /** Requests running and waiting, KV-cache use and token counters from `/metrics` (vLLM). */
  metrics(): Promise<ServerMetrics>;
  /** Stop the server (SIGTERM, then SIGKILL) and wait until it is gone. */
  stop(): Promise<void>;
}

export interface ServeRunOptions {
  readonly signal?: AbortSignal;
  /** Called with each start-up step: "submitted", "loading", "healthy". */
  readonly onProgress?: (event: { readonly phase: string; readonly elapsedMs: number }) => void;
}

// Launch vLLM or `transformers serve` and resolve once it answers; a dead server is explained from its log.
export async function serve(input: ServeOptionsInput, run: ServeRunOptions = {}): Promise<ModelServer> {
  const options = parseServeOptions(input);
  const adapters = await readAdapters(options.adapters);
  const port = options.port === 0 ? await freePort() : options.port;
  const command =
    options.engine === "vllm" ? buildVllmCommand(options, port, adapters) : buildTransformersCommand(options, port);
  // The default folder is named after the port actually used, so two servers never share a log.
  const runDir = input.runDir ? options.runDir : path.resolve("results", `serve-${options.engine}-${port}`);
  await mkdir(runDir, { recursive: true });
  const env = { ...options.env };
  if (options.engine === "transformers") {
    // Its /v1/models scans the hub cache and fails when that folder is missing; an empty one of its own is safe.
    env["HF_HUB_CACHE"] ??= path.join(runDir, "hf-hub-cache");
    await mkdir(env["HF_HUB_CACHE"], { recursive: true });
  }
  const backend = getJobBackend(options.backend, options.backendOptions);
  const started = Date.now();
  const job = await backend.submit(
    { command, runDir, name: "server", env },
    { endWithSubmitter: !options.keepAfterExit },
  );
  run.onProgress?.({ phase: "submitted", elapsedMs: 0 });
  const urlHost =
    options.urlHost ??
    (typeof options.backendOptions["host"] === "string" ? options.backendOptions["host"] : undefined) ??
    (options.host === "0.0.0.0" ? "127.0.0.1" : options.host);
  const root = `http://${urlHost}:${port}`;
  const fail = async (summary: string, cause?: unknown): Promise<never> => {
    await backend.cancel(job, { graceMs: 5_000 }).catch(() => undefined);
    const logTail = await readTail(job.logPath, 30);
    const hint = explainServerLog(logTail);
    throw new ServerStartError(summary, {
      engine: options.engine,
      port,
      logPath: job.logPath,
      logTail,
      ...(hint ? { hint } : {}),
      cause,
    });
  };
  const who = `${options.engine === "vllm" ? "vLLM" : "transformers serve"} for \`${options.model}\` on port ${port}`;
  // Connection refused while the model loads; 200 once ready (vLLM answers 503 when its engine is dead).
  for (let announced = false; ; ) {
    if (run.signal?.aborted) await fail(`${who} was cancelled while starting`);
    const status = await backend.status(job);
    if (TERMINAL_STATES.has(status.state)) {
      const how = status.exitCode === undefined ? status.state : `exit code ${status.exitCode}`;
      await fail(`${who} exited during start-up (${how})`);
    }
    const health = await fetch(`${root}/health`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
    if (health?.ok) break;
    if (!announced) {
      announced = true;
      run.onProgress?.({ phase: "loading", elapsedMs: Date.now() - started });
    }
    if (Date.now() - started > options.startupTimeoutS * 1000) {
      await fail(
        `${who} did not answer GET /health within ${options.startupTimeoutS} s; raise \`startupTimeoutS\` for a large model`,
      );
    }
    await sleep(250);
  }
  if (options.engine === "vllm") {
    const listed = await listModels(root).catch((error: unknown) => fail(`${who}: GET /v1/models failed`, error));
    const missing = [options.model, ...adapters.map((a) => a.name)].filter((name) => !listed.includes(name));
    if (missing.length > 0) {
      await fail(
        `${who} is up but does not serve ${missing.map((m) => `\`${m}\``).join(", ")} (GET /v1/models lists ${listed.map((m) => `\`${m}\``).join(", ")})`,
      );
    }
  }
  run.onProgress?.({ phase: "healthy", elapsedMs: Date.now() - started });
  return {
    engine: options.engine,
    baseUrl: `${root}/v1`,
    port,
    model: options.model,
    adapters: adapters.map((a) => a.name),
    job,
    logPath: job.logPath,
    async metrics() {
      const response = await fetch(`${root}/metrics`, { signal: AbortSignal.timeout(5_000) });
      return readServerMetrics(await response.text());
    },
    async stop() {
      await backend.cancel(job, { graceMs: 10_000 });
    },
  };
}

async function listModels(root: string): Promise<string[]> {
  const response = await fetch(`${root}/v1/models`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET /v1/models answered ${response.status}`);
  const body = (await response.json()) as { data?: { id?: string }[] };
  return (body.data ?? []).map((m) => String(m.id));
}

// A free TCP port on this machine (the server binds it a moment later).
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
