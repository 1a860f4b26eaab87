import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { renderStepCompletion, renderStepPrompt } from "../../lib/data/index.js";
import { EnvironmentClient } from "../../lib/env/index.js";
import { runEpisode } from "../../lib/agent/loop.js";
import { createModelClient } from "../../lib/model/client.js";
import { buildCodeReactMessages } from "../../lib/agent/prompt.js";
import { getTask, listTaskIds } from "../../lib/world/index.js";
import { startScriptedOpenAiServer, type ScriptedOpenAiServer, type ScriptedReply } from "../helpers/openai-server.js";

const taskId = listTaskIds("dev")[0] as string;
const task = getTask(taskId);
const gold = task.goldSteps;
const usage = { prompt_tokens: 100, completion_tokens: 20 };
const jsonReplies = (): ScriptedReply[] => gold.map((step) => ({ content: renderStepCompletion(step), usage }));
const codeReplies = (): ScriptedReply[] =>
  gold.map((step) => ({ content: `${step.thought}\n\n\`\`\`python\n${step.action}\n\`\`\`\n`, usage }));

let env: EnvironmentClient;
let server: ScriptedOpenAiServer | undefined;
let experiment = 0;
const nextExperiment = (): string => `loop-test-${++experiment}`;

beforeAll(() => {
  env = EnvironmentClient.embedded();
});
afterAll(async () => {
  await env.dispose();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function modelFor(script: ScriptedReply[]) {
  server = await startScriptedOpenAiServer(script);
  return createModelClient({ model: "scripted", baseUrl: server.baseUrl, retryBaseDelayMs: 1 }, { env: {} });
}

async function evaluate(experimentName: string) {
  const report = await env.evaluate(taskId, { experimentName });
  await env.close(taskId, { experimentName });
  return report;
}

describe("runEpisode with json-react", () => {
  it("solves a task from correct replies, building each prompt with the seed's v2 template", async () => {
    const model = await modelFor(jsonReplies());
    const experimentName = nextExperiment();
    const episode = await runEpisode(env, taskId, { agent: "json-react", model, experimentName, template: "v2" });
    expect(episode).toMatchObject({
      completed: true,
      stopReason: "completed",
      formatErrors: 0,
      policy: "scripted",
      agent: "json-react",
      error: null,
    });
    expect(episode.steps).toHaveLength(gold.length);
    expect(episode.usage).toEqual({
      promptTokens: 100 * gold.length,
      completionTokens: 20 * gold.length,
      totalTokens: 120 * gold.length,
    });
    expect(episode.steps.map((s) => s.action)).toEqual(gold.map((s) => s.action));
    const requests = server?.requests ?? [];
    expect(requests[0]?.body.messages).toEqual([
      { role: "user", content: renderStepPrompt("v2", task.instruction, []) },
    ]);
    const firstObservation = episode.steps[0]?.observation as string;
    expect(requests[1]?.body.messages).toEqual([
      {
        role: "user",
        content: renderStepPrompt("v2", task.instruction, [{ ...gold[0]!, observation: firstObservation }]),
      },
    ]);
    expect(episode.steps[1]?.promptMessages).toEqual(requests[1]?.body.messages);
    expect((await evaluate(experimentName)).success).toBe(true);
  });

  it("uses the v1 template by default (the data builders' default)", async () => {
    const model = await modelFor(jsonReplies());
    const experimentName = nextExperiment();
    const episode = await runEpisode(env, taskId, { agent: "json-react", model, experimentName, maxInteractions: 2 });
    expect(server?.requests[0]?.body.messages).toEqual([
      { role: "user", content: renderStepPrompt("v1", task.instruction, []) },
    ]);
    expect(server?.requests[1]?.body.messages).toEqual([
      {
        role: "user",
        content: renderStepPrompt("v1", task.instruction, [
          { ...gold[0]!, observation: episode.steps[0]?.observation as string },
        ]),
      },
    ]);
    await evaluate(experimentName);
  });

  it("counts malformed replies as format errors, feeds the error back, and goes on", async () => {
    const replies = jsonReplies();
    const script: ScriptedReply[] = [
      { content: "I think I should pay now.", usage },
      replies[0]!,
      { content: "{'thought': 'oops', 'act': 1}", usage },
      ...replies.slice(1),
    ];
    const model = await modelFor(script);
    const experimentName = nextExperiment();
    const episode = await runEpisode(env, taskId, { agent: "json-react", model, experimentName });
    expect(episode.formatErrors).toBe(2);
    expect(episode.steps).toHaveLength(gold.length + 2);
    expect(episode.steps[0]).toMatchObject({ action: null, formatError: "no `{...}` object in the reply", envMs: 0 });
    expect(episode.steps[0]?.observation).toBe(
      'Could not read {"thought", "action"} from the reply: no `{...}` object in the reply.',
    );
    expect(episode.steps[2]?.formatError).toBe('the object has no string "action"');
    // The error is the observation the model sees next (v1 shows the latest observation; v2 the whole history).
    expect(server?.requests[1]?.body.messages?.[0]?.content).toContain(
      'Could not read {"thought", "action"} from the reply',
    );
    expect(episode.completed).toBe(true);
    expect((await evaluate(experimentName)).success).toBe(true);
  });

  it("keeps going after code that raises, with the traceback as the observation", async () => {
    const model = await modelFor([
      { content: renderStepCompletion({ thought: "try", action: "raise ValueError('boom')" }), usage },
      { content: renderStepCompletion({ thought: "give up", action: "apis.supervisor.complete_task()" }), usage },
    ]);
    const experimentName = nextExperiment();
    const episode = await runEpisode(env, taskId, { agent: "json-react", model, experimentName });
    expect(episode.steps[0]?.observation).toMatch(/^Execution failed\. Traceback:\n[\s\S]*ValueError: boom/);
    expect(episode).toMatchObject({ completed: true, stopReason: "completed", formatErrors: 0 });
    const report = await evaluate(experimentName);
    expect(report.success).toBe(false);
    expect(report.failures.every((f) => f.label === "no_op_fail")).toBe(true);
  });

  it("stops at maxInteractions when the model never completes the task", async () => {
    const model = await modelFor(
      Array.from({ length: 5 }, () => ({
        content: renderStepCompletion({ thought: "look", action: "print(1)" }),
        usage,
      })),
    );
    const experimentName = nextExperiment();
    const episode = await runEpisode(env, taskId, { agent: "json-react", model, experimentName, maxInteractions: 3 });
    expect(episode).toMatchObject({ completed: false, stopReason: "max_interactions" });
    expect(episode.steps.map((s) => s.observation)).toEqual(["1\n", "1\n", "1\n"]);
    expect(server?.requests).toHaveLength(3);
    expect((await evaluate(experimentName)).success).toBe(false);
  });

  it("stops before a call once the token budget is spent", async () => {
    const model = await modelFor(jsonReplies());
    const experimentName = nextExperiment();
    // 120 tokens a call: after two calls 240 >= 200, so no third call.
    const episode = await runEpisode(env, taskId, {
      agent: "json-react",
      model,
      experimentName,
      budget: { maxTokens: 200 },
    });
    expect(episode).toMatchObject({ stopReason: "budget", completed: false });
    expect(episode.steps).toHaveLength(2);
    await evaluate(experimentName);
  });

  it("stops on a cost budget, pricing the tokens", async () => {
    const model = await modelFor(jsonReplies());
    const experimentName = nextExperiment();
    const pricing = { inputUsdPerMTok: 2.5, outputUsdPerMTok: 10 };
    // One call costs (100 × 2.5 + 20 × 10) / 1e6 = 0.00045 USD; the budget allows three.
    const episode = await runEpisode(env, taskId, {
      agent: "json-react",
      model,
      experimentName,
      budget: { maxCostUsd: 0.0013, pricing },
    });
    expect(episode.steps).toHaveLength(3);
    expect(episode.costUsd).toBeCloseTo(0.00135, 10);
    await evaluate(experimentName);
  });

  it("rejects when the endpoint is down (not the task's fault), leaving the world to the caller", async () => {
    server = await startScriptedOpenAiServer([{ status: 503 }, { status: 503 }]);
    const model = createModelClient(
      { model: "scripted", baseUrl: server.baseUrl, maxRetries: 1, retryBaseDelayMs: 1 },
      { env: {} },
    );
    const experimentName = nextExperiment();
    await expect(runEpisode(env, taskId, { agent: "json-react", model, experimentName })).rejects.toThrow(
      `Model call to \`scripted\` at ${server.baseUrl} failed after 2 attempts: HTTP 503`,
    );
    await env.close(taskId, { experimentName });
  });

  it("ends the episode with model_error when the endpoint rejects a request (HTTP 400)", async () => {
    const model = await modelFor([{ content: renderStepCompletion(gold[0]!), usage }, { status: 400 }]);
    const experimentName = nextExperiment();
    const episode = await runEpisode(env, taskId, { agent: "json-react", model, experimentName });
    expect(episode).toMatchObject({ stopReason: "model_error", completed: false });
    expect(episode.steps).toHaveLength(1);
    expect(episode.error).toMatch(/^Model call to `scripted` at .* failed after 1 attempt: HTTP 400/);
    await evaluate(experimentName);
  });
});

describe("runEpisode with code-react", () => {
  it("sends the few-shot as chat messages, executes each reply's python block and feeds outputs back", async () => {
    const model = await modelFor(codeReplies());
    const experimentName = nextExperiment();
    const episode = await runEpisode(env, taskId, { agent: "code-react", model, experimentName });
    expect(episode).toMatchObject({ completed: true, stopReason: "completed", formatErrors: 0, agent: "code-react" });
    expect(episode.steps.map((s) => s.action)).toEqual(gold.map((s) => s.action));
    const info = await env.getTask(taskId);
    const first = buildCodeReactMessages(task.instruction, info.supervisor);
    const requests = server?.requests ?? [];
    expect(requests[0]?.body.messages).toEqual(first);
    expect(first.map((m) => m.role).slice(0, 3)).toEqual(["user", "assistant", "user"]);
    expect(first.at(-1)?.content).toContain(`Task: ${task.instruction}`);
    expect(requests[1]?.body.messages).toEqual([
      ...first,
      { role: "assistant", content: codeReplies()[0] && (codeReplies()[0] as { content: string }).content },
      { role: "user", content: `Output:\n\`\`\`\n${episode.steps[0]?.observation}\n\`\`\`` },
    ]);
    expect(episode.steps[1]?.promptMessages).toHaveLength(2);
    expect((await evaluate(experimentName)).success).toBe(true);
  });

  it("executes a reply without a code block as a whole", async () => {
    const model = await modelFor([{ content: "print(40 + 2)", usage }]);
    const experimentName = nextExperiment();
    const episode = await runEpisode(env, taskId, { agent: "code-react", model, experimentName, maxInteractions: 1 });
    expect(episode.steps[0]).toMatchObject({ action: "print(40 + 2)", observation: "42\n" });
    await evaluate(experimentName);
  });
});

describe("reference policies", () => {
  it.each(["json-react", "code-react"] as const)(
    "gold replays the gold steps through the %s loop and passes",
    async (agent) => {
      const experimentName = nextExperiment();
      const episode = await runEpisode(env, taskId, { agent, policy: "gold", goldSteps: gold, experimentName });
      expect(episode).toMatchObject({
        policy: "reference:gold",
        completed: true,
        stopReason: "completed",
        usage: { totalTokens: 0 },
      });
      expect(episode.steps).toHaveLength(gold.length);
      expect(episode.steps.every((s) => s.promptMessages.length === 0)).toBe(true);
      expect((await evaluate(experimentName)).success).toBe(true);
    },
  );

  it("noop completes at once, passes every no_op_pass test and fails the task", async () => {
    const experimentName = nextExperiment();
    const episode = await runEpisode(env, taskId, { agent: "json-react", policy: "noop", experimentName });
    expect(episode).toMatchObject({ policy: "reference:noop", completed: true, stopReason: "completed" });
    expect(episode.steps.map((s) => s.action)).toEqual(["apis.supervisor.complete_task()"]);
    const report = await evaluate(experimentName);
    expect(report.success).toBe(false);
    expect(report.failures.length).toBeGreaterThan(0);
    expect(report.failures.every((f) => f.label === "no_op_fail")).toBe(true);
  });

  it("rejects a run with both or neither of model and policy, and gold without steps", async () => {
    await expect(runEpisode(env, taskId, { agent: "json-react" })).rejects.toThrow(
      "runEpisode needs exactly one of `model` and `policy` (gold or noop); got neither.",
    );
    await expect(runEpisode(env, taskId, { agent: "json-react", policy: "gold" })).rejects.toThrow(
      "The `gold` reference policy needs the task's `goldSteps`.",
    );
  });
});
