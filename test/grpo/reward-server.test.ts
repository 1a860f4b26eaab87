// The reward service over real HTTP, as the generated rewards.py calls it: POST /reward with TRL's columns.
import { execa } from "execa";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRewardServer, type RewardServer } from "../../lib/grpo/index.js";
import { getTask } from "../../lib/world/index.js";
import { missing, repoRoot } from "../helpers/prerequisites.js";

const task = getTask("1bd07b0_1");
const gold = task.goldSteps.map((s) => s.action);
const reply = (action: string) => JSON.stringify({ thought: "next step", action });

let server: RewardServer;
beforeAll(async () => {
  server = await startRewardServer({ port: 0 });
});
afterAll(() => server?.close());

async function post(body: unknown, raw?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${server.url}/reward`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: raw ?? JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe("reward service", () => {
  it("listens on a free port and reports health", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "healthy" });
  });

  it("answers one reward per completion for a batch in TRL's column form", async () => {
    const history = JSON.stringify(gold.slice(0, 6)); // the data set's history column is JSON text
    const completions = [
      reply(gold[6] as string),
      "not json",
      reply("print(1 / 0)"),
      // A conversational completion, as TRL passes chat data sets.
      [{ role: "assistant", content: reply(gold[6] as string) }],
    ];
    const { status, json } = await post({
      prompts: completions.map(() => [{ role: "user", content: task.instruction }]),
      completions,
      task_id: completions.map(() => task.id),
      history: completions.map(() => history),
    });
    expect(status).toBe(200);
    expect(json.rewards).toEqual([1, -1, -1, 1]);
    expect(json.outcomes).toEqual(["executed", "unparseable", "failed", "executed"]);
  });

  it.each([
    { name: "a missing task_id", body: { completions: ["x"], history: [[]] }, status: 422, field: "task_id" },
    {
      name: "completions that are not a list",
      body: { completions: "x", task_id: [task.id], history: [[]] },
      status: 422,
      field: "completions",
    },
    {
      name: "a history column shorter than the completions",
      body: { completions: ["a", "b"], task_id: [task.id, task.id], history: [[]] },
      status: 422,
      field: "history",
    },
    {
      name: "a history that is not a list of actions",
      body: { completions: [reply("print(1)")], task_id: [task.id], history: ["{not json"] },
      status: 422,
      field: "history[0]",
    },
    { name: "a body that is not JSON", raw: "{completions:", status: 400, field: "JSON" },
  ])("rejects $name with $status naming `$field`", async ({ body, raw, status, field }) => {
    const answer = await post(body, raw);
    expect(answer.status).toBe(status);
    expect(String(answer.json.detail)).toContain(field);
  });

  it("answers 404 for other routes and 405 for GET /reward", async () => {
    expect((await fetch(`${server.url}/rewards`, { method: "POST", body: "{}" })).status).toBe(404);
    expect((await fetch(`${server.url}/reward`)).status).toBe(405);
  });
});

// The generated step-mode reward module, imported with plain python3 as TRL would call it.
describe.skipIf(missing("debian-python3"))("rewards_step.py against the service", () => {
  it("returns one float per completion from POST /reward", async () => {
    const driver = `
import json, sys
sys.path.insert(0, sys.argv[1])
from rewards_step import REWARD_FUNCS, world_step_reward
assert REWARD_FUNCS == [world_step_reward]
args = json.loads(sys.stdin.read())
print(json.dumps(world_step_reward(**args)))
`;
    const completions = [reply(gold[7] as string), reply("print(1 / 0)"), "{}"];
    const run = await execa("/usr/bin/python3", ["-c", driver, path.join(repoRoot, "lib/grpo/python")], {
      input: JSON.stringify({
        prompts: completions.map(() => "p"),
        completions,
        task_id: completions.map(() => task.id),
        history: completions.map(() => JSON.stringify(gold.slice(0, 7))),
        extra_column: completions.map(() => 0),
      }),
      env: { AGENTFT_REWARD_URL: server.url, PYTHONDONTWRITEBYTECODE: "1" },
      reject: false,
    });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual([2, -1, -1]);
  });
});
