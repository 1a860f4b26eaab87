// Start a model server through a job backend, wait until it is healthy, check it serves what was asked,
// and hand back what the evaluation layer needs: an OpenAI-compatible base URL and the model names.
import { randomBytes } from "node:crypto";
import { cp, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { findFreePort } from "../free-port.js";
import {
  getJobBackend,
  type JobBackend,
  type JobHandle,
  openForward,
  readTail,
  TERMINAL_STATES,
} from "../jobs/index.js";
import { type AdapterInfo, readAdapters } from "./adapters.js";
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
  /**
   * The key a vLLM server bound to a non-loopback address requires on `/v1` (`Authorization: Bearer`):
   * pass it to the model client (`createModelClient(config, { apiKey })`). Unset for a loopback server.
   */
  readonly apiKey?: string;
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
  const parsed = parseServeOptions(input);
  const adapters = await readAdapters(parsed.adapters);
  const backend = getJobBackend(parsed.backend, parsed.backendOptions);
  // A Slurm node is another machine that only a bound address reaches: bind every interface there.
  const options = parsed.backend === "slurm" && input.host === undefined ? { ...parsed, host: "0.0.0.0" } : parsed;
  // ssh: the server stays on the remote loopback and an ssh forward brings it here.
  const forwarded = backend.forwardCommand !== undefined && isLoopback(options.host) && options.urlHost === undefined;
  const port = options.port === 0 ? await freePortWhereJobsRun(parsed.backend, backend) : options.port;
  // The default folder is named after the port actually used, so two servers never share a log.
  const runDir = input.runDir ? options.runDir : path.resolve("results", `serve-${options.engine}-${port}`);
  await mkdir(runDir, { recursive: true });
  // ssh copies the run dir to the remote and runs there: adapters travel inside it, named relative to it.
  const served = parsed.backend === "ssh" ? await stageAdapters(adapters, runDir) : adapters;
  const command =
    options.engine === "vllm" ? buildVllmCommand(options, port, served) : buildTransformersCommand(options, port);
  const env = { ...options.env };
  if (options.engine === "transformers") {
    // Its /v1/models scans the hub cache and fails when that folder is missing; an empty one of its own is safe.
    env["HF_HUB_CACHE"] ??= path.join(runDir, "hf-hub-cache");
    await mkdir(env["HF_HUB_CACHE"], { recursive: true });
  }
  // vLLM checks the key on /v1 when it reads VLLM_API_KEY (kept out of argv, where `ps` would show it).
  let apiKey: string | undefined;
  if (options.engine === "vllm" && !isLoopback(options.host)) {
    apiKey = env["VLLM_API_KEY"] ?? randomBytes(24).toString("hex");
    env["VLLM_API_KEY"] = apiKey;
  }
  const started = Date.now();
  const resources = { ...(options.engine === "vllm" ? { gpus: options.tensorParallel } : {}), ...options.resources };
  const job = await backend.submit(
    { command, runDir, name: "server", env, resources },
    { endWithSubmitter: !options.keepAfterExit },
  );
  run.onProgress?.({ phase: "submitted", elapsedMs: 0 });
  const tunnel = forwarded ? await openForward(backend, port) : undefined;
  let urlHost =
    options.urlHost ??
    (typeof options.backendOptions["host"] === "string" ? options.backendOptions["host"] : undefined) ??
    (parsed.backend === "slurm" && !isLoopback(options.host) ? undefined : loopbackOf(options.host));
  let root = tunnel ? `http://127.0.0.1:${tunnel.port}` : `http://${urlHost}:${port}`;
  const fail = async (summary: string, cause?: unknown): Promise<never> => {
    await backend.cancel(job, { graceMs: 5_000 }).catch(() => undefined);
    tunnel?.close();
    const logTail = await logTailOf(backend, job);
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
    if (tunnel?.exited()) await fail(`${who}: the ssh forward to its port ended (${tunnel.exited()})`);
    // A Slurm job's node is known once it runs.
    if (urlHost === undefined && status.node !== undefined) {
      urlHost = status.node;
      root = `http://${urlHost}:${port}`;
    }
    const health =
      urlHost === undefined && !tunnel
        ? undefined
        : await fetch(`${root}/health`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
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
    const listed = await listModels(root, apiKey).catch((error: unknown) =>
      fail(`${who}: GET /v1/models failed`, error),
    );
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
    ...(apiKey ? { apiKey } : {}),
    job,
    logPath: job.logPath,
    async metrics() {
      const response = await fetch(`${root}/metrics`, { signal: AbortSignal.timeout(5_000) });
      return readServerMetrics(await response.text());
    },
    async stop() {
      try {
        await backend.cancel(job, { graceMs: 10_000 });
      } finally {
        tunnel?.close();
      }
    },
  };
}

// Copy each adapter into `runDir/adapters/<name>` (replacing an earlier copy) and name it by that relative path.
async function stageAdapters(adapters: readonly AdapterInfo[], runDir: string): Promise<AdapterInfo[]> {
  const staged: AdapterInfo[] = [];
  for (const adapter of adapters) {
    const relative = path.join("adapters", adapter.name);
    const target = path.join(runDir, relative);
    await rm(target, { recursive: true, force: true });
    await cp(adapter.path, target, { recursive: true });
    staged.push({ ...adapter, path: relative });
  }
  return staged;
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

// The address a client on the server's own machine uses.
function loopbackOf(host: string): string {
  return host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
}

// The last lines the server wrote, read through its backend (an ssh server's log is on the remote).
async function logTailOf(backend: JobBackend, job: JobHandle): Promise<string> {
  const lines: string[] = [];
  try {
    for await (const line of backend.logs(job)) {
      lines.push(line);
      if (lines.length > 30) lines.shift();
    }
  } catch {
    return readTail(job.logPath, 30);
  }
  return lines.join("\n");
}

const randomHighPort = (): number => 20_000 + Math.floor(Math.random() * 40_000);

// A free port where the server runs: this machine's for local, the remote's (asked with python3, which a
// vLLM machine has) for ssh. A Slurm node is unknown until the job runs: a random high port there.
async function freePortWhereJobsRun(name: string, backend: JobBackend): Promise<number> {
  if (name === "local") return findFreePort();
  if (name === "slurm") return randomHighPort();
  const asked = await backend
    .exec(["python3", "-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
    .catch(() => undefined);
  const port = Number(asked?.stdout.trim());
  return asked?.exitCode === 0 && Number.isInteger(port) && port > 0 ? port : randomHighPort();
}

async function listModels(root: string, apiKey?: string): Promise<string[]> {
  const response = await fetch(`${root}/v1/models`, {
    signal: AbortSignal.timeout(10_000),
    ...(apiKey ? { headers: { authorization: `Bearer ${apiKey}` } } : {}),
  });
  if (!response.ok) throw new Error(`GET /v1/models answered ${response.status}`);
  const body = (await response.json()) as { data?: { id?: string }[] };
  return (body.data ?? []).map((m) => String(m.id));
}
