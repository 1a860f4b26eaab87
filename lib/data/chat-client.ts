// A JSON-answering chat client for synthesis: OpenAI, Azure OpenAI or any OpenAI-compatible server (vLLM).
// Requests, retries and backoff are the model client's (`createModelClient`); on top of it this keeps
// what only synthesis needs: an on-disk response cache keyed by the request's hash, validation of answers
// against a zod schema with a re-ask, token and cost totals, and SynthesisError messages.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ConfigError } from "../errors.js";
import { ModelCallError, SynthesisError } from "./errors.js";
import { writeFileAtomic } from "./io.js";
import { createModelClient } from "./model-client.js";
import type { ModelConfigInput } from "./model-config.js";
import { SynthesisConfig, type SynthesisConfigInput, type SynthesisConfigResolved } from "./synthesis-config.js";
/** A message sent to the model. */
export interface SynthesisMessage {
  readonly role: "system" | "user" | "assistant";
  readonly content: string;
}

/** Running totals of one client. Cached answers count in `cacheHits` and cost nothing. */
export interface SynthesisUsage {
  readonly requests: number;
  readonly cacheHits: number;
  readonly retries: number;
  readonly invalidAnswers: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly costUsd: number;
}

/** A validated answer, or why none could be had. */
export type JsonAnswer<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string; readonly raw: string };

/** What `createSynthesisClient` returns. */
export interface SynthesisClient {
  readonly config: SynthesisConfigResolved;
  /** A snapshot of the totals so far. */
  usage(): SynthesisUsage;
  /** Ask for a JSON object and validate it; invalid answers are re-asked `maxInvalidRetries` times. Throws SynthesisError when the endpoint fails for good. */
  completeJson<S extends z.ZodType>(
    messages: readonly SynthesisMessage[],
    schema: S,
    options?: { readonly signal?: AbortSignal },
  ): Promise<JsonAnswer<z.output<S>>>;
}

interface CachedAnswer {
  readonly content: string;
  readonly usage: { readonly prompt_tokens: number; readonly completion_tokens: number };
}

// Validate the options and build the client; a missing key lists every way to give one.
export function createSynthesisClient(input: SynthesisConfigInput): SynthesisClient {
  const parsed = SynthesisConfig.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      `Invalid synthesis options:\n${z.prettifyError(parsed.error)}`,
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  const config = parsed.data;
  const apiKey =
    config.apiKey ?? (config.azure ? process.env.AZURE_OPENAI_API_KEY : undefined) ?? process.env.OPENAI_API_KEY;
  if (apiKey === undefined || apiKey === "") {
    throw new ConfigError(
      "No API key for synthesis: pass `apiKey` (CLI: --api-key), or set OPENAI_API_KEY (AZURE_OPENAI_API_KEY for Azure). A vLLM server accepts any non-empty key.",
      [{ path: "apiKey", message: "missing" }],
    );
  }
  // Only OPENAI_BASE_URL is honoured from the environment, as documented on `baseUrl`.
  const model = createModelClient(toModelConfig(config), {
    apiKey,
    env: { OPENAI_BASE_URL: process.env.OPENAI_BASE_URL },
  });
  const totals = { requests: 0, cacheHits: 0, retries: 0, invalidAnswers: 0, promptTokens: 0, completionTokens: 0 };
  const cost = (): number =>
    (totals.promptTokens * config.inputPricePerMTok + totals.completionTokens * config.outputPricePerMTok) / 1e6;

  async function complete(messages: readonly SynthesisMessage[], signal: AbortSignal | undefined): Promise<string> {
    // The hashed request keeps the shape caches were first written with, so existing caches still answer.
    const request = {
      model: config.model,
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
      temperature: config.temperature,
      response_format: { type: "json_object" as const },
    };
    const key = createHash("sha256").update(JSON.stringify(request)).digest("hex");
    const cacheFile =
      config.cacheDir === undefined ? undefined : path.join(config.cacheDir, key.slice(0, 2), `${key}.json`);
    if (cacheFile !== undefined && existsSync(cacheFile)) {
      totals.cacheHits += 1;
      return (JSON.parse(readFileSync(cacheFile, "utf8")) as CachedAnswer).content;
    }
    const answer = await sendRequest(messages, signal);
    totals.requests += 1;
    totals.promptTokens += answer.usage.prompt_tokens;
    totals.completionTokens += answer.usage.completion_tokens;
    if (cacheFile !== undefined) writeFileAtomic(cacheFile, JSON.stringify({ request, ...answer }));
    return answer.content;
  }

  async function sendRequest(
    messages: readonly SynthesisMessage[],
    signal: AbortSignal | undefined,
  ): Promise<CachedAnswer> {
    try {
      const reply = await model.complete(messages, signal === undefined ? {} : { signal });
      totals.retries += reply.attempts - 1;
      // The model client reports a missing `content` (a refusal, a cut-off) as "", which can never be a JSON object.
      if (reply.content === "")
        throw new SynthesisError(
          `The model \`${config.model}\` answered without message content (finish_reason \`${reply.finishReason ?? "none"}\`).`,
        );
      return {
        content: reply.content,
        usage: { prompt_tokens: reply.usage.promptTokens, completion_tokens: reply.usage.completionTokens },
      };
    } catch (error) {
      if (!(error instanceof ModelCallError)) throw error;
      totals.retries += error.attempts - 1;
      throw toSynthesisError(error, config);
    }
  }

  return {
    config,
    usage: () => ({ ...totals, costUsd: cost() }),
    async completeJson(messages, schema, options = {}) {
      let conversation = [...messages];
      let last: { error: string; raw: string } = { error: "", raw: "" };
      for (let round = 0; round <= config.maxInvalidRetries; round += 1) {
        const raw = await complete(conversation, options.signal);
        const checked = validateJson(raw, schema);
        if (checked.ok) return checked;
        totals.invalidAnswers += 1;
        last = checked;
        conversation = [
          ...conversation,
          { role: "assistant", content: raw },
          {
            role: "user",
            content: `That answer is not valid: ${checked.error}. Answer again with only the corrected JSON object.`,
          },
        ];
      }
      return { ok: false, ...last };
    },
  };
}

// Synthesis requests carry no token cap (answers are long JSON), no seed and a JSON response format.
function toModelConfig(config: SynthesisConfigResolved): ModelConfigInput {
  return {
    model: config.model,
    ...(config.azure
      ? {
          provider: "azure" as const,
          azure: { endpoint: config.azure.endpoint, apiVersion: config.azure.apiVersion, deployment: config.model },
        }
      : config.baseUrl === undefined
        ? {}
        : { baseUrl: config.baseUrl }),
    temperature: config.temperature,
    maxTokens: null,
    seed: null,
    responseFormat: "json_object",
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    retryBaseDelayMs: config.initialBackoffMs,
    // Synthesis backoff was never capped below the 60 s a `retry-after` header may ask for.
    retryMaxDelayMs: 60_000,
  };
}

// Parse a model's answer as JSON (a fenced block or text around the object is tolerated) and check the schema.
export function validateJson<S extends z.ZodType>(raw: string, schema: S): JsonAnswer<z.output<S>> {
  const start = raw.indexOf("{");
  const end = raw.lastIndexOf("}");
  if (start < 0 || end < start) return { ok: false, error: "no JSON object in the answer", raw };
  let value: unknown;
  try {
    value = JSON.parse(raw.slice(start, end + 1));
  } catch (error) {
    return { ok: false, error: `malformed JSON (${(error as Error).message})`, raw };
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: `${issue.path.join(".") || "(root)"}: ${issue.message}`, raw };
  }
  return { ok: true, value: parsed.data };
}

// Keep the synthesis wording (endpoint as configured, `attempt(s)`, a hint per status) over the model client's error.
function toSynthesisError(error: ModelCallError, config: SynthesisConfigResolved): SynthesisError {
  const where = config.azure ? config.azure.endpoint : (config.baseUrl ?? "the OpenAI API");
  const detail = trimPeriod(error.cause instanceof Error ? error.cause.message : error.message);
  if (error.status !== undefined) {
    const hint =
      error.status === 401
        ? " Check the API key."
        : error.status === 404
          ? " Check the model name and the base URL (it must end in /v1)."
          : error.status === 429
            ? " Lower `concurrency` or wait for the rate limit."
            : "";
    return new SynthesisError(
      `The chat request to ${where} (model \`${config.model}\`) failed with HTTP ${error.status} after ${error.attempts} attempt(s): ${detail}.${hint}`,
      { cause: error },
    );
  }
  return new SynthesisError(
    `The chat request to ${where} (model \`${config.model}\`) failed after ${error.attempts} attempt(s): ${detail}. Check that the server is reachable.`,
    { cause: error },
  );
}

const trimPeriod = (text: string): string => text.replace(/\.+$/, "");
