import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createSynthesisClient, type SynthesisOptionsInput, validateJson } from "../../lib/data/synthesis-client.js";
import { createModelClient } from "../../lib/model/client.js";
import type { ModelConfigInput } from "../../lib/model/config.js";
import { startScriptedOpenAiServer, type ScriptedOpenAiServer } from "../helpers/openai-server.js";

const Answer = z.object({ n: z.number() });
const ask = [{ role: "user" as const, content: "give n" }];
const servers: ScriptedOpenAiServer[] = [];
const dirs: string[] = [];

async function serve(...args: Parameters<typeof startScriptedOpenAiServer>): Promise<ScriptedOpenAiServer> {
  const server = await startScriptedOpenAiServer(...args);
  servers.push(server);
  return server;
}

// A synthesis client over the one model client, pointed at the scripted server.
function synthesis(
  baseUrl: string,
  model: Partial<ModelConfigInput> = {},
  options: SynthesisOptionsInput = {},
  apiKey = "k",
): ReturnType<typeof createSynthesisClient> {
  return createSynthesisClient(
    createModelClient({ model: "gpt-4o", baseUrl, retryBaseDelayMs: 5, ...model }, { apiKey, env: {} }),
    options,
  );
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("scripted OpenAI-compatible server", () => {
  it("answers the openai SDK with chat.completion objects and records the requests", async () => {
    const server = await serve([{ content: "hello", usage: { prompt_tokens: 7, completion_tokens: 2 } }]);
    const sdk = new OpenAI({ baseURL: server.baseUrl, apiKey: "k-test", maxRetries: 0 });
    const reply = await sdk.chat.completions.create({ model: "m1", messages: [{ role: "user", content: "hi" }] });
    expect(reply.object).toBe("chat.completion");
    expect(reply.model).toBe("m1");
    expect(reply.choices[0]!.message).toEqual({ role: "assistant", content: "hello" });
    expect(reply.usage).toEqual({ prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 });
    expect(server.requests[0]!.body.messages).toEqual([{ role: "user", content: "hi" }]);
    expect(server.requests[0]!.headers.authorization).toBe("Bearer k-test");
    expect((await sdk.models.list()).data[0]!.id).toBe("scripted-model");
  });
});

describe("synthesis client", () => {
  it("retries 429 and 500 answers with backoff and counts the retries", async () => {
    const server = await serve([
      { status: 429 },
      { status: 500 },
      { content: '{"n": 3}', usage: { prompt_tokens: 1000, completion_tokens: 100 } },
    ]);
    const client = synthesis(server.baseUrl);
    expect(await client.completeJson(ask, Answer)).toEqual({ ok: true, value: { n: 3 } });
    expect(server.requests).toHaveLength(3);
    expect(client.usage()).toEqual({
      requests: 1,
      cacheHits: 0,
      retries: 2,
      invalidAnswers: 0,
      promptTokens: 1000,
      completionTokens: 100,
      costUsd: 0.0035,
    });
  });

  it("sends a JSON response format with the given key, no token cap and no seed", async () => {
    const server = await serve([{ content: '{"n": 1}' }]);
    const client = synthesis(server.baseUrl, { model: "m", temperature: 0.3 }, {}, "k-synth");
    await client.completeJson(ask, Answer);
    expect(server.requests[0]!.body).toEqual({
      model: "m",
      messages: ask,
      temperature: 0.3,
      response_format: { type: "json_object" },
    });
    expect(server.requests[0]!.headers.authorization).toBe("Bearer k-synth");
  });

  it("fails at once on a 400 with the status, the model and a message", async () => {
    const server = await serve([
      { status: 400, body: { error: { message: "bad model", type: "invalid_request_error" } } },
    ]);
    const client = synthesis(server.baseUrl, { model: "m" });
    await expect(client.completeJson(ask, Answer)).rejects.toThrow(
      `Model call to \`m\` at ${server.baseUrl} failed after 1 attempt: HTTP 400: 400 bad model\n`,
    );
  });

  it("re-asks once after malformed JSON, quoting the error", async () => {
    const server = await serve([{ content: '{"n": 3' }, { content: '{"n": 4}' }]);
    const client = synthesis(server.baseUrl);
    expect(await client.completeJson(ask, Answer)).toEqual({ ok: true, value: { n: 4 } });
    const second = server.requests[1]!.body.messages!;
    expect(second.at(-1)!.content).toMatch(/^That answer is not valid: no JSON object in the answer\./);
    expect(client.usage().invalidAnswers).toBe(1);
  });

  it("reports an answer that never matches the schema instead of throwing", async () => {
    const server = await serve([{ content: '{"n": "x"}' }, { content: '{"m": 1}' }]);
    const client = synthesis(server.baseUrl);
    const answer = await client.completeJson(ask, Answer);
    expect(answer).toEqual({
      ok: false,
      error: "`n`: Invalid input: expected number, received undefined; it is missing. Fix: give `n` a number",
      raw: '{"m": 1}',
    });
    expect(server.requests[1]!.body.messages!.at(-1)!.content).toBe(
      "That answer is not valid: `n`: Invalid input: expected number, received string; got `x` (string). Fix: give `n` a number. Answer again with only the corrected JSON object.",
    );
  });

  it("tells the model every bad field of an answer at once, by its full path", () => {
    const Shape = z.object({ n: z.number(), steps: z.array(z.object({ action: z.string() })) });
    expect(validateJson('{"n": "x", "steps": [{"action": "a"}, {"action": 2}]}', Shape)).toEqual({
      ok: false,
      error:
        "`n`: Invalid input: expected number, received string; got `x` (string). Fix: give `n` a number. " +
        "`steps[1].action`: Invalid input: expected string, received number; got `2` (number). Fix: give `steps[1].action` a string",
      raw: '{"n": "x", "steps": [{"action": "a"}, {"action": 2}]}',
    });
  });

  it("gives up on a hanging server after the timeout and the retries", async () => {
    const server = await serve(() => ({ hang: true }));
    const client = synthesis(server.baseUrl, { timeoutMs: 200, maxRetries: 1, retryBaseDelayMs: 1 });
    await expect(client.completeJson(ask, Answer)).rejects.toThrow(/failed after 2 attempts: timed out: /);
    expect(server.requests).toHaveLength(2);
  });

  it("answers a rerun from the disk cache without any request", async () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), "synth-cache-"));
    dirs.push(cacheDir);
    const server = await serve([{ content: '{"n": 1}' }]);
    const first = synthesis(server.baseUrl, {}, { cacheDir });
    await first.completeJson(ask, Answer);
    const second = synthesis(server.baseUrl, {}, { cacheDir });
    expect(await second.completeJson(ask, Answer)).toEqual({ ok: true, value: { n: 1 } });
    expect(server.requests).toHaveLength(1);
    expect(second.usage()).toMatchObject({ requests: 0, cacheHits: 1, costUsd: 0 });
    expect(readdirSync(cacheDir)).toHaveLength(1);
  });
});
