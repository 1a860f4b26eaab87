import { afterAll, describe, expect, it } from "vitest";
import { startEnvServer } from "../../lib/env/index.js";
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
    {
      name: "ending the task before paying (noop's complete_task)",
      completion: reply("apis.supervisor.complete_task()"),
      history: beforePayment,
      reward: -1,
      kind: "executed",
    },
  ])("scores $name as $reward", async ({ completion, history, reward, kind }) => {
    const result = await rewarder.reward({ completions: [completion], taskIds: [task.id], histories: [history] });
    expect(result.outcomes[0]?.kind).toBe(kind);
    expect(result.rewards).toEqual([reward]);
  });
});

// Someone with a Venmo account who is neither the supervisor nor the task's payee. VenmoAccount is keyed by
// `userId` (the person's id); it has no `personId` field.
function wrongPayee(): { readonly email: string } {
  const state = task.buildState();
  const person = state.people.find(
    (p) =>
      p.id !== state.supervisor.personId &&
      `${p.firstName} ${p.lastName}` !== "Sarah Rogers" &&
      state.venmo.accounts.some((a) => a.userId === p.id),
  );
  if (!person) throw new Error(`task ${task.id} has nobody else with a Venmo account`);
  return person;
}

const payTo = (email: string) =>
  `print(apis.venmo.create_transaction(receiver_email="${email}", amount=173, private=False, access_token=venmo_access_token))`;
const showBalance = 'print(apis.venmo.show_venmo_balance(access_token=venmo_access_token)["venmo_balance"])';
const rows = (completions: string[], history: readonly string[] = beforePayment) => ({
  completions,
  taskIds: completions.map(() => task.id),
  histories: completions.map(() => history),
});

describe("step reward: collateral, isolation, determinism, concurrency", () => {
  it("scores paying the wrong person as −1 and names the collateral tests it breaks", async () => {
    const result = await rewarder.reward(rows([reply(payTo(wrongPayee().email))]));
    const outcome = result.outcomes[0];
    expect(outcome?.kind).toBe("executed");
    if (outcome?.kind !== "executed") return;
    expect(outcome.output).toContain("Sent money.");
    expect(outcome.success).toBe(false);
    expect([...outcome.collateral].sort()).toEqual([
      "assert no other or duplicate payments were made (exactly the 1 expected payment)",
      "assert the Venmo balances of everyone not involved in the task are unchanged",
    ]);
    // +1 executed, −1 per collateral test broken.
    expect(result.rewards).toEqual([-1]);
  });

  it("gives every completion of a group its own world: payments are not seen by the others", async () => {
    const before = await rewarder.reward(rows([reply(showBalance)]));
    const balance = before.outcomes[0]?.kind === "executed" ? before.outcomes[0].output.trim() : "";
    expect(Number(balance)).toBeGreaterThanOrEqual(173);
    const pay = reply(gold[6] as string);
    // Four payments at once: in a shared world the later ones would be duplicates (collateral) or overdraw.
    const group = await rewarder.reward(rows([pay, pay, reply(showBalance), pay, pay]));
    expect(group.rewards).toEqual([1, 1, 1, 1, 1]);
    expect(group.outcomes[2]?.kind === "executed" && group.outcomes[2].output.trim()).toBe(balance);
    // A later batch of the same prompt restores the copies: the balance is the prompt's again.
    const after = await rewarder.reward(rows([reply(showBalance), reply(showBalance)]));
    expect(after.outcomes.map((o) => (o.kind === "executed" ? o.output.trim() : o.kind))).toEqual([balance, balance]);
  });

  it("does not leak one completion's Python variables into another's world", async () => {
    const hijack = reply(`recipient = {"email": "${wrongPayee().email}"}`);
    const first = await rewarder.reward(rows([hijack, hijack]));
    expect(first.rewards).toEqual([1, 1]);
    // The copies that ran the assignment are rebuilt before reuse: `recipient` is Sarah again in every one.
    const second = await rewarder.reward(rows([reply(gold[6] as string), reply(gold[6] as string)]));
    expect(second.rewards).toEqual([1, 1]);
    expect(second.outcomes.every((o) => o.kind === "executed" && o.collateral.length === 0)).toBe(true);
  });

  it("gives the same rewards and outputs for the same inputs, twice and on a fresh rewarder", async () => {
    const batch = rows([
      reply(gold[6] as string),
      reply(payTo(wrongPayee().email)),
      reply("print(1 / 0)"),
      "no json here",
      reply(showBalance),
    ]);
    const summary = (r: Awaited<ReturnType<typeof rewarder.reward>>) =>
      r.outcomes.map((o, i) => ({ reward: r.rewards[i], kind: o.kind, output: "output" in o ? o.output : o.error }));
    const once = summary(await rewarder.reward(batch));
    const twice = summary(await rewarder.reward(batch));
    const fresh = createStepRewarder({ reward: {} });
    try {
      const other = summary(await fresh.reward(batch));
      expect(once.map((o) => o.reward)).toEqual([1, -1, -1, -1, 1]);
      expect(twice).toEqual(once);
      expect(other).toEqual(once);
    } finally {
      await fresh.dispose();
    }
  });

  it("gives the same rewards when the worlds live on an environment server", async () => {
    const batch = rows([reply(gold[6] as string), reply(payTo(wrongPayee().email)), reply("print(1 / 0)")]);
    const server = await startEnvServer({ port: 0 });
    const remote = createStepRewarder({ env: server.url, reward: {} });
    try {
      const [local, overHttp] = [await rewarder.reward(batch), await remote.reward(batch)];
      expect(overHttp.rewards).toEqual([1, -1, -1]);
      expect(overHttp.outcomes).toEqual(local.outcomes);
      expect(server.handler.openWorlds).toBe(3);
    } finally {
      await remote.dispose();
    }
    expect(server.handler.openWorlds).toBe(0);
    await server.close();
  });

  it("scores two batches sent at once as it scores each alone", async () => {
    const a = rows([reply(gold[6] as string), reply(payTo(wrongPayee().email)), reply(showBalance)]);
    const b = rows([reply(gold[7] as string), reply("print(1 / 0)"), reply(gold[7] as string)], beforeCompletion);
    const local = createStepRewarder({ reward: {} });
    try {
      const [ra, rb] = await Promise.all([local.reward(a), local.reward(b)]);
      expect(ra.rewards).toEqual([1, -1, 1]);
      expect(rb.rewards).toEqual([2, -1, 2]);
      // Both prompts' copies stay open for reuse; none was shared between concurrent completions.
      expect(local.stats.openWorlds).toBe(6);
      const [again] = await Promise.all([local.reward(a), local.reward(b)]);
      expect(again.rewards).toEqual(ra.rewards);
    } finally {
      await local.dispose();
    }
    expect(local.stats.openWorlds).toBe(0);
  });
});

describe("world copies reused across batches", () => {
  it.each([true, false])(
    "never shows a later batch a name an earlier completion bound (rebuildEarly %s)",
    async (rebuildEarly) => {
      const own = createStepRewarder({ rebuildEarly });
      try {
        const bind = await own.reward(rows([reply("leaked_total = 173")]));
        expect(bind.rewards).toEqual([1]);
        const read = await own.reward(rows([reply("print(leaked_total)")]));
        expect(read.outcomes[0]?.kind).toBe("failed");
        expect(read.rewards).toEqual([-1]);
        // One build and one rebuild (a new REPL, the history replayed) of the same copy: still one world.
        expect(own.stats.replays).toBe(2);
        expect(own.stats.openWorlds).toBe(1);
      } finally {
        await own.dispose();
      }
      expect(own.stats.openWorlds).toBe(0);
    },
  );
});
