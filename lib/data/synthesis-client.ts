// What synthesis needs on top of the one model client (`createModelClient`): answers as JSON objects
// validated against a zod schema with a re-ask, an on-disk response cache keyed by the request's hash
// (a rerun costs nothing), and totals that count cache hits and invalid answers beside the model's usage.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { configErrorFromZod, configIssuesFromZod } from "../errors.js";
import type { ChatMessage, ModelClient, ModelInfo } from "../model/index.js";
import { SynthesisError } from "./errors.js";
import { writeFileAtomic } from "./io.js";

/**
 * Options of synthesis runs that are not model settings (those are the model client's `modelConfigSchema`:
 * endpoint, sampling, retries, prices). Synthesis asks every request for a JSON object with no token cap
 * and no seed, whatever the model config says.
 */
export const synthesisOptionsSchema = z.object({
  /** Requests in flight at once. @default 4 */
  concurrency: z.number().int().positive().max(256).default(4).describe("requests in flight at once"),
  /** Answers that are not valid JSON for the schema are asked again this many times, with the error quoted. @default 1 */
  maxInvalidRetries: z.number().int().min(0).max(5).default(1).describe("re-asks after an invalid JSON answer"),
  /** Folder of the response cache (one file per request hash); a rerun reads it and costs nothing. Off when unset. */
  cacheDir: z.string().optional().describe("response cache folder (rerun costs nothing)"),
});

export type SynthesisOptionsInput = z.input<typeof synthesisOptionsSchema>;
export type SynthesisOptions = z.output<typeof synthesisOptionsSchema>;

/** Running totals of one synthesis client. Cached answers count in `cacheHits` and cost nothing. */
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
  /** The model asked (what results record). */
  readonly model: ModelInfo;
  readonly options: SynthesisOptions;
  /** A snapshot of the totals so far. */
  usage(): SynthesisUsage;
  /** Ask for a JSON object and validate it; invalid answers are re-asked `maxInvalidRetries` times. Throws ModelCallError when the endpoint fails for good. */
  completeJson<S extends z.ZodType>(
    messages: readonly ChatMessage[],
    schema: S,
    options?: { readonly signal?: AbortSignal },
  ): Promise<JsonAnswer<z.output<S>>>;
}

interface CachedAnswer {
  readonly content: string;
  readonly usage: { readonly prompt_tokens: number; readonly completion_tokens: number };
}

// Wrap a model client for synthesis.
export function createSynthesisClient(model: ModelClient, input: SynthesisOptionsInput = {}): SynthesisClient {
  const parsed = synthesisOptionsSchema.safeParse(input);
  if (!parsed.success) throw configErrorFromZod(parsed.error, { subject: "synthesis options", input });
  const options = parsed.data;
  const totals = { cacheHits: 0, invalidAnswers: 0 };

  async function complete(messages: readonly ChatMessage[], signal: AbortSignal | undefined): Promise<string> {
    // The hashed request keeps the shape caches were first written with, so existing caches still answer.
    const request = {
      model: model.info.model,
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
      temperature: model.info.temperature,
      response_format: { type: "json_object" as const },
    };
    const key = createHash("sha256").update(JSON.stringify(request)).digest("hex");
    const cacheFile =
      options.cacheDir === undefined ? undefined : path.join(options.cacheDir, key.slice(0, 2), `${key}.json`);
    if (cacheFile !== undefined && existsSync(cacheFile)) {
      totals.cacheHits += 1;
      return (JSON.parse(readFileSync(cacheFile, "utf8")) as CachedAnswer).content;
    }
    const reply = await model.complete(messages, {
      responseFormat: "json_object",
      maxTokens: null,
      seed: null,
      ...(signal === undefined ? {} : { signal }),
    });
    // The model client reports a missing `content` (a refusal, a cut-off) as "", which can never be a JSON object.
    if (reply.content === "")
      throw new SynthesisError(
        `The model \`${model.info.model}\` answered without message content (finish_reason \`${reply.finishReason ?? "none"}\`).`,
      );
    const answer: CachedAnswer = {
      content: reply.content,
      usage: { prompt_tokens: reply.usage.promptTokens, completion_tokens: reply.usage.completionTokens },
    };
    if (cacheFile !== undefined) writeFileAtomic(cacheFile, JSON.stringify({ request, ...answer }));
    return answer.content;
  }

  return {
    model: model.info,
    options,
    usage: () => {
      const spent = model.usage();
      return {
        requests: spent.requests,
        cacheHits: totals.cacheHits,
        retries: spent.retries,
        invalidAnswers: totals.invalidAnswers,
        promptTokens: spent.promptTokens,
        completionTokens: spent.completionTokens,
        costUsd: spent.costUsd,
      };
    },
    async completeJson(messages, schema, callOptions = {}) {
      let conversation = [...messages];
      let last: { error: string; raw: string } = { error: "", raw: "" };
      for (let round = 0; round <= options.maxInvalidRetries; round += 1) {
        const raw = await complete(conversation, callOptions.signal);
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
    // Every field at once, each with what was received and the fix, so one re-ask can correct them all; the
    // last period goes, as the re-ask puts its own after the error.
    const issues = configIssuesFromZod(parsed.error, { input: value });
    const error = issues.map((issue) => `\`${issue.path}\`: ${issue.message}`).join(" ");
    return { ok: false, error: error.replace(/\.$/, ""), raw };
  }
  return { ok: true, value: parsed.data };
}
