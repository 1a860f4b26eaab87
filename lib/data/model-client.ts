// One chat interface over the `openai` SDK for every OpenAI-compatible endpoint, with our own retry loop.
import OpenAI, { APIConnectionError, APIError, APIUserAbortError, AzureOpenAI } from "openai";
import { ConfigError } from "../errors.js";
import { ModelCallError } from "./errors.js";
import { modelConfigSchema, type ModelConfig, type ModelConfigInput } from "./model-config.js";

/** One chat message, as sent to the model and as kept in every step of an episode. */
export interface ChatMessage {
  readonly role: "system" | "user" | "assistant";
  readonly content: string;
}

/** Token counts the server reported (zeros when it reported none). */
export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
}

/** One answered call: the text, its tokens, how long it took (all attempts) and how many attempts it took. */
export interface ModelReply {
  readonly content: string;
  readonly usage: TokenUsage;
  readonly latencyMs: number;
  readonly attempts: number;
  readonly finishReason: string | null;
}

/** What a run records about its model: everything needed to reproduce it, and never the key. */
export interface ModelInfo {
  readonly model: string;
  readonly baseUrl: string;
  readonly provider: "openai" | "azure";
  readonly temperature: number;
  /** null: no `max_tokens` was sent. */
  readonly maxTokens: number | null;
  /** null: no seed was sent. */
  readonly seed: number | null;
  readonly stop: readonly string[] | undefined;
}

/** A chat model behind an OpenAI-compatible API. */
export interface ModelClient {
  readonly info: ModelInfo;
  complete(messages: readonly ChatMessage[], options?: { readonly signal?: AbortSignal }): Promise<ModelReply>;
}

const DEFAULT_BASE_URL = "https://api.openai.com/v1";
const RETRYABLE_STATUSES = new Set([408, 409, 429]);

/** Call options of `createModelClient`: where secrets come from, kept out of the (recordable) config. */
export interface CreateModelClientOptions {
  /** Variables to read the key and base URL from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** The API key itself, for callers that already hold one (synthesis takes `--api-key`); wins over `env`. */
  readonly apiKey?: string;
}

// Build a client from options; the key is read here and kept only inside the SDK client.
export function createModelClient(config: ModelConfigInput, options: CreateModelClientOptions = {}): ModelClient {
  const parsed = modelConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: `model.${issue.path.join(".")}`,
      message: issue.message,
    }));
    throw new ConfigError(`Invalid model options: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
  }
  const resolved = parsed.data;
  const env = options.env ?? process.env;
  const baseUrl = resolveBaseUrl(resolved, env);
  const sdk = createSdkClient(resolved, baseUrl, options.apiKey || resolveApiKey(resolved, baseUrl, env), env);
  const info: ModelInfo = {
    model: resolved.model,
    baseUrl: redactUrl(baseUrl),
    provider: resolved.provider,
    temperature: resolved.temperature,
    maxTokens: resolved.maxTokens,
    seed: resolved.seed,
    stop: resolved.stop,
  };
  return {
    info,
    complete: (messages, callOptions) => completeWithRetries(sdk, resolved, info, messages, callOptions?.signal),
  };
}

// A base URL may carry `user:password@`; results keep the host only.
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = "";
    parsed.password = "";
    return parsed.toString().replace(/\/+$/, "");
  } catch {
    return url;
  }
}

function resolveBaseUrl(config: ModelConfig, env: NodeJS.ProcessEnv): string {
  if (config.provider === "azure")
    return config.azure?.endpoint ?? env["AZURE_OPENAI_ENDPOINT"] ?? config.baseUrl ?? "";
  return (config.baseUrl ?? env["AGENTFT_BASE_URL"] ?? env["OPENAI_BASE_URL"] ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
}

function resolveApiKey(config: ModelConfig, baseUrl: string, env: NodeJS.ProcessEnv): string {
  if (config.apiKeyEnv !== undefined) {
    const key = env[config.apiKeyEnv];
    if (!key) {
      throw new ConfigError(
        `The API key variable \`${config.apiKeyEnv}\` (from \`apiKeyEnv\`) is not set; export it before running.`,
        [{ path: "model.apiKeyEnv", message: "variable not set" }],
      );
    }
    return key;
  }
  const fallback = config.provider === "azure" ? env["AZURE_OPENAI_API_KEY"] : env["OPENAI_API_KEY"];
  const key = env["AGENTFT_API_KEY"] || fallback;
  if (key) return key;
  // vLLM, Ollama and llama.cpp accept any bearer token; only hosted APIs need a real one.
  if (config.provider === "azure" || baseUrl === DEFAULT_BASE_URL) {
    const names =
      config.provider === "azure" ? "AGENTFT_API_KEY or AZURE_OPENAI_API_KEY" : "AGENTFT_API_KEY or OPENAI_API_KEY";
    throw new ConfigError(
      `No API key for ${baseUrl || "Azure OpenAI"}: set ${names}, or name another variable with \`apiKeyEnv\`.`,
      [{ path: "model.apiKeyEnv", message: "no API key in the environment" }],
    );
  }
  return "not-needed";
}

function createSdkClient(config: ModelConfig, baseUrl: string, apiKey: string, env: NodeJS.ProcessEnv): OpenAI {
  // Retries are ours (counted, logged per call), so the SDK's own are off.
  const common = { apiKey, timeout: config.timeoutMs, maxRetries: 0 };
  if (config.provider === "azure") {
    if (!baseUrl) {
      throw new ConfigError("Azure OpenAI needs an endpoint: set `azure.endpoint` or AZURE_OPENAI_ENDPOINT.", [
        { path: "model.azure.endpoint", message: "missing" },
      ]);
    }
    const apiVersion = config.azure?.apiVersion ?? env["OPENAI_API_VERSION"];
    if (!apiVersion) {
      throw new ConfigError(
        "Azure OpenAI needs an api-version: set `azure.apiVersion` or OPENAI_API_VERSION (e.g. 2024-10-21).",
        [{ path: "model.azure.apiVersion", message: "missing" }],
      );
    }
    return new AzureOpenAI({
      ...common,
      endpoint: baseUrl,
      apiVersion,
      deployment: config.azure?.deployment ?? config.model,
    });
  }
  return new OpenAI({ ...common, baseURL: baseUrl });
}

async function completeWithRetries(
  sdk: OpenAI,
  config: ModelConfig,
  info: ModelInfo,
  messages: readonly ChatMessage[],
  signal: AbortSignal | undefined,
): Promise<ModelReply> {
  const started = performance.now();
  const body = {
    model: config.model,
    messages: messages.map((m) => ({ role: m.role, content: m.content })),
    temperature: config.temperature,
    ...(config.maxTokens === null ? {} : { max_tokens: config.maxTokens }),
    ...(config.seed === null ? {} : { seed: config.seed }),
    ...(config.stop === undefined ? {} : { stop: [...config.stop] }),
    ...(config.responseFormat === undefined ? {} : { response_format: { type: config.responseFormat } }),
  };
  for (let attempt = 1; ; attempt++) {
    // The SDK leaves a listener on the signal it is given; a per-attempt signal keeps a run's long-lived one clean.
    const attemptController = new AbortController();
    const forwardAbort = (): void => attemptController.abort(signal?.reason);
    signal?.addEventListener("abort", forwardAbort, { once: true });
    if (signal?.aborted) forwardAbort();
    try {
      const response = await sdk.chat.completions.create(body, {
        signal: attemptController.signal,
        timeout: config.timeoutMs,
        maxRetries: 0,
      });
      const choice = response.choices[0];
      return {
        content: choice?.message.content ?? "",
        usage: {
          promptTokens: response.usage?.prompt_tokens ?? 0,
          completionTokens: response.usage?.completion_tokens ?? 0,
          totalTokens: response.usage?.total_tokens ?? 0,
        },
        latencyMs: performance.now() - started,
        attempts: attempt,
        finishReason: choice?.finish_reason ?? null,
      };
    } catch (error) {
      if (error instanceof APIUserAbortError || signal?.aborted) throw signal?.reason ?? error;
      const status = error instanceof APIError ? error.status : undefined;
      if (!isRetryable(error) || attempt > config.maxRetries) throw toModelCallError(error, info, attempt, status);
      await sleep(retryDelayMs(error, attempt, config), signal);
    } finally {
      signal?.removeEventListener("abort", forwardAbort);
    }
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof APIConnectionError) return true;
  if (!(error instanceof APIError) || error.status === undefined) return false;
  return RETRYABLE_STATUSES.has(error.status) || error.status >= 500;
}

function retryDelayMs(error: unknown, attempt: number, config: ModelConfig): number {
  const headers = error instanceof APIError ? error.headers : undefined;
  const afterMs = Number(headers?.get("retry-after-ms"));
  if (Number.isFinite(afterMs) && afterMs >= 0 && headers?.get("retry-after-ms")) return Math.min(afterMs, 60_000);
  const afterS = Number(headers?.get("retry-after"));
  if (Number.isFinite(afterS) && afterS >= 0 && headers?.get("retry-after")) return Math.min(afterS * 1000, 60_000);
  const exponential = Math.min(config.retryBaseDelayMs * 2 ** (attempt - 1), config.retryMaxDelayMs);
  return exponential * (0.75 + Math.random() * 0.25);
}

function toModelCallError(
  error: unknown,
  info: ModelInfo,
  attempts: number,
  status: number | undefined,
): ModelCallError {
  const what = status === undefined ? describeNoResponse(error) : `HTTP ${status}`;
  const detail = error instanceof Error ? error.message : String(error);
  const message =
    `Model call to \`${info.model}\` at ${info.baseUrl} failed after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${what}: ${detail}\n` +
    hintFor(status, info);
  return new ModelCallError(message, { status, baseUrl: info.baseUrl, model: info.model, attempts }, { cause: error });
}

function describeNoResponse(error: unknown): string {
  return error instanceof Error && error.name === "APIConnectionTimeoutError" ? "timed out" : "no response";
}

function hintFor(status: number | undefined, info: ModelInfo): string {
  if (status === undefined)
    return `Fix: check that the server is running and reachable at ${info.baseUrl} (for vLLM: \`vllm serve\` prints the port).`;
  if (status === 401 || status === 403)
    return "Fix: set a valid key in AGENTFT_API_KEY or OPENAI_API_KEY (or AZURE_OPENAI_API_KEY for Azure).";
  if (status === 404)
    return `Fix: check that \`${info.model}\` is a model the server serves (GET ${info.baseUrl}/models lists them).`;
  if (status === 400)
    return "Fix: the server rejected the request; check max tokens against the model's context length.";
  return "Fix: the server kept failing; check its log, or raise `maxRetries`.";
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
