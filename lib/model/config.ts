// The options of a model endpoint: one schema for vLLM, OpenAI, Azure OpenAI, Ollama and llama.cpp servers,
// used by the agents, synthesis, GRPO and reports alike.
import { z } from "zod";
import { PROVIDERS } from "./providers.js";

/**
 * How to reach and sample a chat model over an OpenAI-compatible API.
 *
 * Sampling defaults follow AppWorld's minimal ReAct notebook (temperature 0, max_tokens 400,
 * seed 123), not the OpenAI API's own defaults (temperature 1, no token cap, no seed).
 * The API key is never an option: it is read from the environment (see `apiKeyEnv`), or handed to
 * `createModelClient` as a call option, so that no config, result file or notebook output can hold it.
 * Synthesis asks each call for a JSON object with no token cap and no seed (call options of `complete`).
 */
export const modelConfigSchema = z.object({
  // -- endpoint
  /**
   * Model name as the server knows it: an OpenAI model (`gpt-4o-2024-05-13`), a vLLM served name
   * (a base model or a LoRA adapter's `--lora-modules` name), an Ollama tag (`qwen2.5:0.5b`).
   * For Azure this is the deployment name unless `azure.deployment` is set.
   */
  model: z.string().min(1).describe("model name as the server knows it (vLLM served name, OpenAI model, Ollama tag)"),
  /**
   * Base URL of the OpenAI-compatible API, ending in `/v1` for vLLM (`http://localhost:8000/v1`),
   * Ollama (`http://localhost:11434/v1`) and llama.cpp (`http://localhost:8080/v1`).
   * When unset: `AGENTFT_BASE_URL`, then (provider `openai`) `OPENAI_BASE_URL`, then the provider's
   * default (`https://api.openai.com/v1`, vLLM `http://localhost:8000/v1`, Ollama `http://localhost:11434/v1`,
   * llama.cpp `http://localhost:8080/v1`). Has no effect with `provider: "azure"` when `azure.endpoint` is set.
   */
  baseUrl: z.url().optional().describe("base URL of the OpenAI-compatible API, e.g. http://localhost:8000/v1"),
  /**
   * A preset of the server kind: `openai` (OpenAI, or any OpenAI-compatible server at `baseUrl`);
   * `azure` (Azure OpenAI: api-key header, `api-version` query, deployments); `vllm`, `ollama`,
   * `llamacpp` (local servers: their default port, no key needed; vLLM reads `VLLM_API_KEY` when set).
   * @default "openai"
   */
  provider: z
    .enum(PROVIDERS)
    .default("openai")
    .describe("server preset: openai (any OpenAI-compatible server), azure, vllm, ollama or llamacpp"),
  /**
   * Name of the environment variable that holds the API key. When unset: `AGENTFT_API_KEY`, then
   * `OPENAI_API_KEY` (provider `openai`), `AZURE_OPENAI_API_KEY` (provider `azure`) or `VLLM_API_KEY`
   * (provider `vllm`). Local servers (vLLM, Ollama, llama.cpp) need no key.
   */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .optional()
    .describe("environment variable holding the API key"),
  /** Azure OpenAI only; each field falls back to the SDK's variables (`AZURE_OPENAI_ENDPOINT`, `OPENAI_API_VERSION`). */
  azure: z
    .object({
      /** `https://<resource>.openai.azure.com/`. */
      endpoint: z.url().optional().describe("Azure resource endpoint"),
      /** e.g. `2024-10-21`; when unset `OPENAI_API_VERSION`, then `2024-10-21`. */
      apiVersion: z.string().optional().describe("Azure api-version (default OPENAI_API_VERSION, then 2024-10-21)"),
      /** Deployment name; defaults to `model`. */
      deployment: z.string().optional().describe("Azure deployment name (defaults to model)"),
    })
    .optional()
    .describe("Azure OpenAI settings"),
  // -- sampling
  /** @default 0 (AppWorld's notebook) */
  temperature: z.number().min(0).max(2).default(0).describe("sampling temperature"),
  /**
   * Cap on generated tokens per call, sent as `max_tokens`; `null` sends none, so the server's own
   * limit applies (synthesis asks for long JSON answers). @default 400 (AppWorld's notebook)
   */
  maxTokens: z
    .number()
    .int()
    .positive()
    .nullable()
    .default(400)
    .describe("max generated tokens per call (null: the server's limit)"),
  /**
   * Sampling seed sent to the server (vLLM and OpenAI honour it; some servers ignore it); `null`
   * sends none. @default 123
   */
  seed: z.number().int().nullable().default(123).describe("sampling seed (null: none sent)"),
  /** Stop sequences, at most 4 (OpenAI's limit). */
  stop: z.array(z.string().min(1)).max(4).optional().describe("stop sequences"),
  /**
   * `json_object` sends `response_format: {type: "json_object"}` (OpenAI, Azure and vLLM then answer
   * with one JSON object; the prompt must mention JSON). Unset sends no `response_format`.
   */
  responseFormat: z.enum(["text", "json_object"]).optional().describe("response_format type: text or json_object"),
  // -- transport
  /** Per-attempt time limit in milliseconds; a timed-out attempt is retried. @default 120000 */
  timeoutMs: z.number().int().positive().default(120_000).describe("per-attempt timeout (ms)"),
  /**
   * Retries after the first attempt, on HTTP 408/409/429/5xx, connection errors and time-outs.
   * Other statuses (400, 401, 404) fail at once. @default 4
   */
  maxRetries: z.number().int().min(0).default(4).describe("retries on 429/5xx/timeouts"),
  /** First backoff delay in ms, doubled each retry (with jitter), capped by `retryMaxDelayMs`; a `retry-after` header wins. @default 500 */
  retryBaseDelayMs: z.number().int().min(0).default(500).describe("first retry delay (ms)"),
  /** Longest backoff delay in ms (a `retry-after` header may ask for up to 60 s). @default 10000 */
  retryMaxDelayMs: z.number().int().min(0).default(10_000).describe("longest retry delay (ms)"),
  // -- cost
  /**
   * Prices for the cost totals, in USD per million tokens. When unset, the list price of a known hosted
   * model (`gpt-4o`: 2.5 in / 10 out), else 0 (a local server costs nothing per token).
   */
  pricing: z
    .object({
      inputUsdPerMTok: z.number().min(0).describe("USD per 1M prompt tokens"),
      outputUsdPerMTok: z.number().min(0).describe("USD per 1M completion tokens"),
    })
    .optional()
    .describe("USD per 1M prompt / completion tokens (default: the model's list price, else 0)"),
});

/** Options as written by a caller (defaults optional). */
export type ModelConfigInput = z.input<typeof modelConfigSchema>;
/** Options with every default applied. */
export type ModelConfig = z.output<typeof modelConfigSchema>;
