// One chat interface over the `openai` SDK for every OpenAI-compatible endpoint, with our own retry loop
// and usage/cost totals. Agents, synthesis, GRPO and reports all call models through it.
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AzureOpenAI,
} from "openai";
import { configErrorFromZod } from "../errors.js";
import { modelConfigSchema, type ModelConfig, type ModelConfigInput } from "./config.js";
import { ModelCallError } from "./errors.js";
import { resolveEndpoint, type Provider, type ResolvedEndpoint } from "./providers.js";
import { createUsageMeter, listPriceOf, type TokenUsage, type UsageMeter, type UsageTotals } from "./usage.js";

/** One chat message, as sent to the model and as kept in every step of an episode. */
export interface ChatMessage {
  readonly role: "system" | "user" | "assistant";
  readonly content: string;
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
  readonly provider: Provider;
  readonly temperature: number;
  /** null: no `max_tokens` was sent. */
  readonly maxTokens: number | null;
  /** null: no seed was sent. */
  readonly seed: number | null;
  readonly stop: readonly string[] | undefined;
}

/**
 * Per-call options: an abort signal, and sampling that differs from the config for this call only
 * (synthesis asks for a JSON object with no token cap and no seed).
 */
export interface CompleteOptions {
  readonly signal?: AbortSignal;
  readonly temperature?: number;
  /** null: send no `max_tokens`. */
  readonly maxTokens?: number | null;
  /** null: send no seed. */
  readonly seed?: number | null;
  readonly responseFormat?: "text" | "json_object";
}

/** A chat model behind an OpenAI-compatible API. */
export interface ModelClient {
  readonly info: ModelInfo;
  complete(messages: readonly ChatMessage[], options?: CompleteOptions): Promise<ModelReply>;
  /** What this client has spent so far: answered requests, retries, tokens and their cost. */
  usage(): UsageTotals;
}

const RETRYABLE_STATUSES = new Set([408, 409, 429]);

/** Call options of `createModelClient`: where secrets come from, kept out of the (recordable) config. */
export interface CreateModelClientOptions {
  /** Variables to read the key and base URL from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** The API key itself, for callers that already hold one (synthesis takes `--api-key`); wins over `env`. */
  readonly apiKey?: string | undefined;
}

// Build a client from options; the key is read here and kept only inside the SDK client.
export function createModelClient(config: ModelConfigInput, options: CreateModelClientOptions = {}): ModelClient {
  const parsed = modelConfigSchema.safeParse(config);
  if (!parsed.success)
    throw configErrorFromZod(parsed.error, { subject: "model options", input: config, pathPrefix: "model" });
  const resolved = parsed.data;
  const endpoint = resolveEndpoint(resolved, { apiKey: options.apiKey, env: options.env ?? process.env });
  const sdk = createSdkClient(resolved, endpoint);
  const info: ModelInfo = {
    model: resolved.model,
    baseUrl: redactUrl(endpoint.baseUrl),
    provider: resolved.provider,
    temperature: resolved.temperature,
    maxTokens: resolved.maxTokens,
    seed: resolved.seed,
    stop: resolved.stop,
  };
  const meter = createUsageMeter(
    resolved.pricing ?? listPriceOf(resolved.model) ?? { inputUsdPerMTok: 0, outputUsdPerMTok: 0 },
  );
  return {
    info,
    complete: (messages, callOptions = {}) => completeWithRetries(sdk, resolved, info, meter, messages, callOptions),
    usage: () => meter.totals(),
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

function createSdkClient(config: ModelConfig, endpoint: ResolvedEndpoint): OpenAI {
  // Retries are ours (counted, logged per call), so the SDK's own are off.
  const common = { apiKey: endpoint.apiKey, timeout: config.timeoutMs, maxRetries: 0 };
  if (config.provider === "azure") {
    return new AzureOpenAI({
      ...common,
      endpoint: endpoint.baseUrl,
      apiVersion: endpoint.apiVersion as string,
      deployment: config.azure?.deployment ?? config.model,
    });
  }
  return new OpenAI({ ...common, baseURL: endpoint.baseUrl });
}

async function completeWithRetries(
  sdk: OpenAI,
  config: ModelConfig,
  info: ModelInfo,
  meter: UsageMeter,
  messages: readonly ChatMessage[],
  options: CompleteOptions,
): Promise<ModelReply> {
  const { signal } = options;
  const started = performance.now();
  const maxTokens = options.maxTokens === undefined ? config.maxTokens : options.maxTokens;
  const seed = options.seed === undefined ? config.seed : options.seed;
  const responseFormat = options.responseFormat ?? config.responseFormat;
  const body = {
    model: config.model,
    messages: messages.map((m) => ({ role: m.role, content: m.content })),
    temperature: options.temperature ?? config.temperature,
    ...(maxTokens === null ? {} : { max_tokens: maxTokens }),
    ...(seed === null ? {} : { seed }),
    ...(config.stop === undefined ? {} : { stop: [...config.stop] }),
    ...(responseFormat === undefined ? {} : { response_format: { type: responseFormat } }),
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
      const usage: TokenUsage = {
        promptTokens: response.usage?.prompt_tokens ?? 0,
        completionTokens: response.usage?.completion_tokens ?? 0,
        totalTokens: response.usage?.total_tokens ?? 0,
      };
      meter.record(usage, attempt - 1);
      return {
        content: choice?.message.content ?? "",
        usage,
        latencyMs: performance.now() - started,
        attempts: attempt,
        finishReason: choice?.finish_reason ?? null,
      };
    } catch (error) {
      if (error instanceof APIUserAbortError || signal?.aborted) throw signal?.reason ?? error;
      const status = error instanceof APIError ? error.status : undefined;
      if (!isRetryable(error) || attempt > config.maxRetries) {
        meter.recordRetries(attempt - 1);
        throw toModelCallError(error, info, attempt, status);
      }
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
  return error instanceof APIConnectionTimeoutError ? "timed out" : "no response";
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
