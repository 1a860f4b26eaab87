import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSynthesisClient, type SynthesisOptionsInput } from "../../lib/data/synthesis-client.js";
import { createModelClient } from "../../lib/model/client.js";
import type { Trajectory } from "../../lib/data/schema.js";
import { paraphraseQueries, synthesizeTrajectories } from "../../lib/data/synthesize.js";
import { goldRunsOf, recordTrajectories } from "../../lib/data/trajectories.js";
import { EnvironmentClient } from "../../lib/env/index.js";
import {
  startScriptedOpenAiServer,
  type ChatRequest,
  type ScriptedOpenAiServer,
  type ScriptedReply,
} from "../helpers/openai-server.js";

const dir = mkdtempSync(path.join(tmpdir(), "synth-"));
const env = EnvironmentClient.embedded();
let example: Trajectory;
const servers: ScriptedOpenAiServer[] = [];

// A synthesis client over the one model client, pointed at the scripted server.
function synthesis(baseUrl: string, options: SynthesisOptionsInput = {}): ReturnType<typeof createSynthesisClient> {
  return createSynthesisClient(
    createModelClient({ model: "gpt-4o", baseUrl, retryBaseDelayMs: 1 }, { apiKey: "k", env: {} }),
    options,
  );
}
beforeAll(async () => {
  example = (await recordTrajectories(env, goldRunsOf("train", { limit: 1 }))).trajectories[0]!;
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await env.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(script: (request: ChatRequest, index: number) => ScriptedReply): Promise<ScriptedOpenAiServer> {
  const server = await startScriptedOpenAiServer(script);
  servers.push(server);
  return server;
}

const lastUser = (request: ChatRequest): string =>
  String(request.body.messages!.filter((m) => m.role === "user").at(-1)!.content);

describe("paraphrasing", () => {
  it("keeps paraphrases that keep every number, drops repeats and lost facts, and retries a 429", async () => {
    const query = "Send $91 privately on Venmo to the person with this phone number 2192158297.";
    const server = await serve((_request, index) =>
      index === 0
        ? { status: 429 }
        : {
            content: JSON.stringify({
              paraphrases: [
                { text: "Yo, shoot $91 on Venmo, private like, to whoever's got 2192158297.", style: "Boston dialect" },
                { text: "Kindly remit $91 privately via Venmo to the holder of 2192158297.", style: "formal" },
                { text: "Send some money to that number.", style: "terse" },
                { text: query, style: "plain" },
              ],
            }),
            usage: { prompt_tokens: 200, completion_tokens: 80 },
          },
    );
    const client = synthesis(server.baseUrl);
    const result = await paraphraseQueries(client, [query], { countPerQuery: 4 });
    expect(result.paraphrases.map((p) => p.style)).toEqual(["Boston dialect", "formal"]);
    expect(result.dropped).toBe(2);
    expect(result.usage).toMatchObject({ requests: 1, retries: 1, promptTokens: 200, completionTokens: 80 });
    expect(lastUser(server.requests[1]!)).toContain("Rewrite this request in 4 different ways");
  });
});

describe("trajectory synthesis verified by execution", () => {
  it("keeps only proposals whose actions run and whose task tests pass, with the world's outputs", async () => {
    const gold = example.steps.map(({ thought, action }) => ({ thought, action }));
    const server = await serve((request) => {
      const text = lastUser(request);
      if (text.includes("VARIANT-GOOD")) return { content: JSON.stringify({ steps: gold }) };
      if (text.includes("VARIANT-LAZY"))
        return {
          content: JSON.stringify({ steps: [{ thought: "Done already.", action: "apis.supervisor.complete_task()" }] }),
        };
      if (text.includes("VARIANT-SYNTAX"))
        return {
          content: JSON.stringify({ steps: [{ thought: "Oops", action: "print(apis.venmo.show_account(" }, ...gold] }),
        };
      return { content: '{"steps": [{"thought": "unterminated}' };
    });
    const client = synthesis(server.baseUrl, { concurrency: 2 });
    const journalFile = path.join(dir, "journal.jsonl");
    const requests = ["VARIANT-GOOD", "VARIANT-LAZY", "VARIANT-SYNTAX", "VARIANT-BROKEN"].map((tag) => ({
      taskId: example.task_id,
      instruction: `${example.instruction} (${tag})`,
      example,
    }));
    const result = await synthesizeTrajectories(client, env, requests, { journalFile });
    expect(result.kept).toHaveLength(1);
    const kept = result.kept[0]!;
    expect(kept).toMatchObject({
      source: "synthesized",
      instruction: requests[0]!.instruction,
      evaluation: { success: true },
    });
    expect(kept.steps.map((s) => s.observation)).toEqual(example.steps.map((s) => s.observation));
    expect(result.rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^\d+ of \d+ task tests failed: /),
      expect.stringMatching(/^step 1 failed to run: /),
      expect.stringMatching(/^invalid answer: malformed JSON/),
    ]);
    expect(result.rejectionRate).toBe(0.75);
    expect(result.usage.invalidAnswers).toBe(2);

    // A rerun reads the journal: nothing is asked or executed again.
    const asked = server.requests.length;
    const again = await synthesizeTrajectories(synthesis(server.baseUrl), env, requests, { journalFile });
    expect(server.requests).toHaveLength(asked);
    expect(again.kept).toEqual(result.kept);
    expect(again.rejectionRate).toBe(0.75);
  }, 120_000);

  it("sends the solved example with its real outputs to the model", async () => {
    const server = await serve(() => ({
      content: '{"steps": [{"thought": "t", "action": "apis.supervisor.complete_task()"}]}',
    }));
    const client = synthesis(server.baseUrl);
    await synthesizeTrajectories(client, env, [{ taskId: example.task_id, instruction: "Please do it", example }]);
    const prompt = lastUser(server.requests[0]!);
    expect(prompt).toContain(`Request: ${example.instruction}`);
    expect(prompt).toContain(example.steps[0]!.observation!.slice(0, 200));
    expect(prompt).toContain('"""Please do it"""');
  }, 60_000);
});
