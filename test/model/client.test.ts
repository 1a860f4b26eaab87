import { getEventListeners } from "node:events";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { createModelClient } from "../../lib/model/client.js";
import { ModelCallError } from "../../lib/model/errors.js";
import { z } from "zod";
import { ConfigError } from "../../lib/errors.js";
import { startScriptedOpenAiServer, type ScriptedOpenAiServer, type ScriptedReply } from "../helpers/openai-server.js";

const SECRET = "sk-test-secret-never-written-0123456789";
let server: ScriptedOpenAiServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(script: ScriptedReply[]): Promise<ScriptedOpenAiServer> {
  server = await startScriptedOpenAiServer(script);
  return server;
}

const fast = { retryBaseDelayMs: 1, retryMaxDelayMs: 5 };

describe("model client", () => {
  it("sends the sampling options and returns content, token usage, latency and attempts", async () => {
    const { baseUrl, requests } = await start([
      { content: "hello", usage: { prompt_tokens: 12, completion_tokens: 3 } },
    ]);
    const client = createModelClient(
      { model: "qwen-14b", baseUrl, temperature: 0.5, maxTokens: 64, seed: 7, stop: ["\nUSER:"] },
      { env: {} },
    );
    const reply = await client.complete([{ role: "user", content: "hi" }]);
    expect(reply.content).toBe("hello");
    expect(reply.usage).toEqual({ promptTokens: 12, completionTokens: 3, totalTokens: 15 });
    expect(reply.attempts).toBe(1);
    expect(reply.latencyMs).toBeGreaterThan(0);
    expect(requests[0]?.body).toMatchObject({
      model: "qwen-14b",
      temperature: 0.5,
      max_tokens: 64,
      seed: 7,
      stop: ["\nUSER:"],
    });
    expect(requests[0]?.body.messages).toEqual([{ role: "user", content: "hi" }]);
  });

  it("uses AppWorld's sampling defaults: temperature 0, 400 tokens, seed 123", async () => {
    const { baseUrl, requests } = await start([{ content: "ok" }]);
    await createModelClient({ model: "m", baseUrl }, { env: {} }).complete([{ role: "user", content: "x" }]);
    expect(requests[0]?.body).toMatchObject({ temperature: 0, max_tokens: 400, seed: 123 });
  });

  it("asks for a JSON object and sends no max_tokens or seed when they are null", async () => {
    const { baseUrl, requests } = await start([{ content: "{}" }]);
    const client = createModelClient(
      { model: "m", baseUrl, responseFormat: "json_object", maxTokens: null, seed: null },
      { env: {} },
    );
    await client.complete([{ role: "user", content: "x" }]);
    expect(requests[0]?.body.response_format).toEqual({ type: "json_object" });
    expect(requests[0]?.body).not.toHaveProperty("max_tokens");
    expect(requests[0]?.body).not.toHaveProperty("seed");
    expect(client.info).toMatchObject({ maxTokens: null, seed: null });
  });

  it("sends an API key given as a call option before the environment's, and never exposes it in info", async () => {
    const { baseUrl, requests } = await start([{ content: "ok" }]);
    const client = createModelClient({ model: "m", baseUrl }, { apiKey: SECRET, env: { AGENTFT_API_KEY: "other" } });
    await client.complete([{ role: "user", content: "x" }]);
    expect(requests[0]?.headers["authorization"]).toBe(`Bearer ${SECRET}`);
    expect(JSON.stringify(client.info)).not.toContain(SECRET);
  });

  it("retries 429 and 5xx answers with backoff and counts the attempts", async () => {
    const { baseUrl, requests } = await start([
      { status: 429 },
      { status: 500 },
      { status: 503 },
      { content: "finally" },
    ]);
    const reply = await createModelClient({ model: "m", baseUrl, ...fast }, { env: {} }).complete([
      { role: "user", content: "x" },
    ]);
    expect(reply).toMatchObject({ content: "finally", attempts: 4 });
    expect(requests).toHaveLength(4);
  });

  it("retries an attempt that times out", async () => {
    const { baseUrl } = await start([{ hang: true }, { content: "second" }]);
    const reply = await createModelClient({ model: "m", baseUrl, timeoutMs: 300, ...fast }, { env: {} }).complete([
      { role: "user", content: "x" },
    ]);
    expect(reply).toMatchObject({ content: "second", attempts: 2 });
  });

  it("gives up after maxRetries with an error naming the model, URL, status and fix", async () => {
    const { baseUrl } = await start([{ status: 503 }, { status: 503 }, { status: 503 }]);
    const client = createModelClient({ model: "m", baseUrl, maxRetries: 2, ...fast }, { env: {} });
    const error = await client.complete([{ role: "user", content: "x" }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    expect((error as ModelCallError).attempts).toBe(3);
    expect((error as ModelCallError).status).toBe(503);
    expect((error as Error).message).toBe(
      `Model call to \`m\` at ${baseUrl} failed after 3 attempts: HTTP 503: 503 scripted HTTP 503\n` +
        "Fix: the server kept failing; check its log, or raise `maxRetries`.",
    );
  });

  it("fails at once on a 404 and says how to list the served models", async () => {
    const { baseUrl, requests } = await start([{ status: 404 }, { content: "never" }]);
    const error = await createModelClient({ model: "nope", baseUrl, ...fast }, { env: {} })
      .complete([{ role: "user", content: "x" }])
      .catch((e: unknown) => e as ModelCallError);
    expect(requests).toHaveLength(1);
    expect((error as Error).message).toBe(
      `Model call to \`nope\` at ${baseUrl} failed after 1 attempt: HTTP 404: 404 scripted HTTP 404\n` +
        `Fix: check that \`nope\` is a model the server serves (GET ${baseUrl}/models lists them).`,
    );
  });

  it("says the server is unreachable when nothing listens", async () => {
    const client = createModelClient(
      { model: "m", baseUrl: "http://127.0.0.1:9/v1", maxRetries: 1, ...fast },
      { env: {} },
    );
    const error = await client.complete([{ role: "user", content: "x" }]).catch((e: unknown) => e as ModelCallError);
    expect(error).toBeInstanceOf(ModelCallError);
    expect((error as ModelCallError).attempts).toBe(2);
    expect((error as Error).message).toMatch(
      /^Model call to `m` at http:\/\/127\.0\.0\.1:9\/v1 failed after 2 attempts: no response: /,
    );
  });

  it("stops waiting when the signal aborts", async () => {
    const { baseUrl } = await start([{ hang: true }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stopped by test")), 100);
    const error = await createModelClient({ model: "m", baseUrl }, { env: {} })
      .complete([{ role: "user", content: "x" }], { signal: controller.signal })
      .catch((e: unknown) => e as Error);
    expect((error as Error).message).toBe("stopped by test");
  });

  it("leaves no listener on the caller's signal, which a run keeps for thousands of calls", async () => {
    const { baseUrl } = await start(Array.from({ length: 12 }, () => ({ content: "ok" })));
    const client = createModelClient({ model: "m", baseUrl }, { env: {} });
    const controller = new AbortController();
    for (let i = 0; i < 12; i++) await client.complete([{ role: "user", content: "x" }], { signal: controller.signal });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it.each([
    ["AGENTFT_API_KEY", { AGENTFT_API_KEY: SECRET, OPENAI_API_KEY: "other" }],
    ["OPENAI_API_KEY", { OPENAI_API_KEY: SECRET }],
    ["apiKeyEnv", { MY_KEY: SECRET }],
  ])(
    "reads the key from the environment (%s), sends it as a bearer token and never exposes it in info",
    async (name, env) => {
      const { baseUrl, requests } = await start([{ content: "ok" }]);
      const client = createModelClient(
        { model: "m", baseUrl, ...(name === "apiKeyEnv" ? { apiKeyEnv: "MY_KEY" } : {}) },
        { env },
      );
      await client.complete([{ role: "user", content: "x" }]);
      expect(requests[0]?.headers["authorization"]).toBe(`Bearer ${SECRET}`);
      expect(JSON.stringify(client.info)).not.toContain(SECRET);
      expect(JSON.stringify(client)).not.toContain(SECRET);
      // What a notebook cell shows when it displays the client.
      expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(SECRET);
    },
  );

  it("rejects a missing key for OpenAI's own API, naming every way to set one", () => {
    expect(() => createModelClient({ model: "gpt-4o" }, { env: {} })).toThrow(
      "No API key for https://api.openai.com/v1: set AGENTFT_API_KEY or OPENAI_API_KEY, pass the key to `createModelClient` (CLI: --api-key where offered), or name another variable with `apiKeyEnv`.",
    );
    expect(() => createModelClient({ model: "gpt-4o", apiKeyEnv: "NOT_SET" }, { env: {} })).toThrow(
      "The API key variable `NOT_SET` (from `model.apiKeyEnv`) is not set; export it before running.",
    );
  });

  it("takes the base URL from AGENTFT_BASE_URL or OPENAI_BASE_URL when none is given", () => {
    expect(createModelClient({ model: "m" }, { env: { AGENTFT_BASE_URL: "http://a:1/v1/" } }).info.baseUrl).toBe(
      "http://a:1/v1",
    );
    expect(createModelClient({ model: "m" }, { env: { OPENAI_BASE_URL: "http://b:2/v1" } }).info.baseUrl).toBe(
      "http://b:2/v1",
    );
  });

  it("configures Azure OpenAI from its variables and rejects a missing endpoint", () => {
    const env = { AZURE_OPENAI_API_KEY: SECRET, AZURE_OPENAI_ENDPOINT: "https://res.openai.azure.com/" };
    expect(() => createModelClient({ model: "gpt-4o", provider: "azure" }, { env: {} })).toThrow(
      "Azure OpenAI needs an endpoint: set `model.azure.endpoint` or AZURE_OPENAI_ENDPOINT.",
    );
    const client = createModelClient(
      { model: "gpt-4o", provider: "azure" },
      { env: { ...env, OPENAI_API_VERSION: "2024-10-21" } },
    );
    expect(client.info).toMatchObject({ provider: "azure", baseUrl: "https://res.openai.azure.com/" });
    expect(JSON.stringify(client.info)).not.toContain(SECRET);
  });

  it("rejects bad options naming the field by its full path, the value received and the fix", () => {
    const input = { model: "m", temperature: 5, baseUrl: "http://x/v1", provider: "vlm" } as never;
    const error = (() => {
      try {
        createModelClient(input, { env: {} });
      } catch (caught) {
        return caught as ConfigError;
      }
      throw new Error("no error");
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(
      "Invalid model options:\n" +
        '✖ `model.provider`: Invalid option: expected one of "openai"|"azure"|"vllm"|"ollama"|"llamacpp"; got `vlm` (string). Fix: use one of `openai`, `azure`, `vllm`, `ollama`, `llamacpp`.\n' +
        "✖ `model.temperature`: Too big: expected number to be <=2; got `5` (number). Fix: use at most 2 for `model.temperature`.",
    );
    expect(error.issues.map((i) => i.path)).toEqual(["model.provider", "model.temperature"]);
    expect(error.cause).toBeInstanceOf(z.ZodError);
  });

  it.each([
    ["vllm", "http://localhost:8000/v1"],
    ["ollama", "http://localhost:11434/v1"],
    ["llamacpp", "http://localhost:8080/v1"],
    ["openai", "https://api.openai.com/v1"],
  ] as const)("the %s preset defaults to %s", (provider, baseUrl) => {
    const client = createModelClient({ model: "m", provider }, { env: { OPENAI_API_KEY: "k" } });
    expect(client.info).toMatchObject({ provider, baseUrl });
  });

  it("local presets need no key; vLLM sends VLLM_API_KEY when set", async () => {
    const server = await start([{ content: "a" }, { content: "b" }]);
    await createModelClient({ model: "m", provider: "ollama", baseUrl: server.baseUrl }, { env: {} }).complete([
      { role: "user", content: "x" },
    ]);
    await createModelClient(
      { model: "m", provider: "vllm", baseUrl: server.baseUrl },
      { env: { VLLM_API_KEY: "vk" } },
    ).complete([{ role: "user", content: "x" }]);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer not-needed", "Bearer vk"]);
  });

  it("counts requests, retries, tokens and cost at the configured or list price", async () => {
    const server = await start([
      { status: 503 },
      { content: "a", usage: { prompt_tokens: 1000, completion_tokens: 100 } },
      { content: "b", usage: { prompt_tokens: 1000, completion_tokens: 100 } },
    ]);
    const listed = createModelClient({ model: "gpt-4o", baseUrl: server.baseUrl, ...fast }, { env: {} });
    await listed.complete([{ role: "user", content: "x" }]);
    expect(listed.usage()).toEqual({
      requests: 1,
      retries: 1,
      promptTokens: 1000,
      completionTokens: 100,
      totalTokens: 1100,
      costUsd: 0.0035,
    });
    const priced = createModelClient(
      { model: "local", baseUrl: server.baseUrl, pricing: { inputUsdPerMTok: 1, outputUsdPerMTok: 2 } },
      { env: {} },
    );
    await priced.complete([{ role: "user", content: "x" }]);
    expect(priced.usage().costUsd).toBeCloseTo(0.0012, 10);
  });

  it("lets one call override the sampling (synthesis: JSON, no token cap, no seed)", async () => {
    const server = await start([{ content: "{}" }]);
    await createModelClient({ model: "m", baseUrl: server.baseUrl }, { env: {} }).complete(
      [{ role: "user", content: "x" }],
      { responseFormat: "json_object", maxTokens: null, seed: null, temperature: 0.5 },
    );
    expect(server.requests[0]!.body).toEqual({
      model: "m",
      messages: [{ role: "user", content: "x" }],
      temperature: 0.5,
      response_format: { type: "json_object" },
    });
  });
});
