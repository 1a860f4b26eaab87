import { afterAll, describe, expect, it } from "vitest";
import { createStepRewarder } from "../../lib/grpo/index.js";
import { getTask } from "../../lib/world/index.js";

// A send-money task of the embedded world: the prompt is the state before its payment step (gold steps 0-5 done).
const task = getTask("1bd07b0_1");
const gold = task.goldSteps.map((s) => s.action);
const beforePayment = gold.slice(0, 6);
const beforeCompletion = gold.slice(0, 7);
const reply = (action: string, thought = "next step") => JSON.stringify({ thought, action });
const rewarder = createStepRewarder({ reward: {} });
afterAll(() => rewarder.dispose());

describe("step reward", () => {
  it.each([
    {
      name: "a valid action (the gold payment)",
      completion: reply(gold[6] as string),
      history: beforePayment,
      reward: 1,
      kind: "executed",
    },
    {
      name: "malformed JSON",
      completion: '{"thought": "pay", "action": ',
      history: beforePayment,
      reward: -1,
      kind: "unparseable",
    },
    {
      name: "text around the JSON",
      completion: `Sure. ${reply(gold[6] as string)} That pays her.`,
      history: beforePayment,
      reward: 1,
      kind: "executed",
    },
    {
      name: "an action that raises",
      completion: reply("print(1 / 0)"),
      history: beforePayment,
      reward: -1,
      kind: "failed",
    },
    {
      name: "an action that completes the task",
      completion: reply(gold[7] as string),
      history: beforeCompletion,
      reward: 2,
      kind: "executed",
    },
  ])("scores $name as $reward", async ({ completion, history, reward, kind }) => {
    const result = await rewarder.reward({ completions: [completion], taskIds: [task.id], histories: [history] });
    expect(result.outcomes[0]?.kind).toBe(kind);
    expect(result.rewards).toEqual([reward]);
  });
});
