import { afterAll, describe, expect, it } from "vitest";
import { closeDefaultReplPools, getTask, openTaskWorld, solveTask, UnknownTaskError } from "../../lib/world/index.js";

afterAll(() => closeDefaultReplPools());

const TASK = "e120e44_1";

describe("openTaskWorld", () => {
  it("describes the task as AppWorld's /initialize does, with the supervisor the apps know", async () => {
    const world = await openTaskWorld(TASK);
    try {
      const task = getTask(TASK);
      expect(Object.keys(world.info)).toEqual(["task_id", "instruction", "supervisor", "datetime"]);
      expect(world.info.task_id).toBe(TASK);
      expect(world.info.instruction).toBe(task.instruction);
      expect(world.info.datetime).toBe(task.datetime);
      const profile = await world.execute(
        'p = apis.supervisor.show_profile()\nprint(json.dumps([p["first_name"], p["last_name"], p["email"], p["phone_number"]]))',
      );
      const s = world.info.supervisor;
      expect(JSON.parse(profile)).toEqual([s.first_name, s.last_name, s.email, s.phone_number]);
      expect(await world.execute('print(apis.supervisor.show_active_task()["instruction"])')).toBe(
        `${task.instruction}\n`,
      );
    } finally {
      await world.close();
    }
  });

  it("keeps variables between executions and reports completion", async () => {
    const world = await openTaskWorld(TASK);
    try {
      expect(await world.execute("x = 41")).toBe("Execution successful.");
      expect(await world.execute("print(x + 1)")).toBe("42\n");
      expect(world.taskCompleted()).toBe(false);
      await world.execute("apis.supervisor.complete_task()");
      expect(world.taskCompleted()).toBe(true);
      expect(world.state.supervisor.task.status).toBe("success");
    } finally {
      await world.close();
    }
  });

  it("restores a saved state in place, so the apps see it again", async () => {
    const world = await openTaskWorld("e120e44_2");
    try {
      await world.execute(
        'profile = apis.supervisor.show_profile()\npw = {p["account_name"]: p["password"] for p in apis.supervisor.show_account_passwords()}\ntoken = apis.venmo.login(username=profile["email"], password=pw["venmo"])["access_token"]',
      );
      const balance = async () =>
        Number(await world.execute('print(apis.venmo.show_venmo_balance(access_token=token)["venmo_balance"])'));
      const before = await balance();
      const transactions = world.state.venmo.transactions.length;
      world.saveState("before-payment");
      const someone = world.state.people.find((p) => p.id !== world.state.supervisor.personId) as { email: string };
      await world.execute(
        `apis.venmo.create_transaction(receiver_email="${someone.email}", amount=5, access_token=token)`,
      );
      expect(await balance()).toBeCloseTo(before - 5, 2);
      world.loadState("before-payment");
      expect(world.state.venmo.transactions).toHaveLength(transactions);
      expect(await balance()).toBeCloseTo(before, 2);
      expect(() => world.loadState("missing")).toThrow(
        'No saved state `missing` for task e120e44_2; saved states: `before-payment`. Call saveState("missing") first.',
      );
    } finally {
      await world.close();
    }
  });

  it("refuses executions past maxInteractions with AppWorld's message", async () => {
    const world = await openTaskWorld(TASK, { maxInteractions: 2 });
    try {
      await world.execute("a = 1");
      await world.execute("b = 2");
      const output = await world.execute("print(a + b)");
      expect(output.startsWith("Execution failed. Traceback:")).toBe(true);
      expect(output).toContain("Exception: Maximum number of executions (2) reached.");
    } finally {
      await world.close();
    }
  });

  it("rejects an unknown task id before starting anything", async () => {
    await expect(openTaskWorld("abcdef0_4")).rejects.toThrow(UnknownTaskError);
  });

  it("evaluates the live state against the start state", async () => {
    const world = await openTaskWorld(TASK);
    try {
      expect(world.evaluate().success).toBe(false);
      for (const step of world.task.goldSteps) await world.execute(step.action);
      expect(world.evaluate()).toMatchObject({ success: true, num_tests: world.task.tests.length, failures: [] });
    } finally {
      await world.close();
    }
  });
});

describe("solveTask", () => {
  it("returns the report and one output per gold step", async () => {
    const result = await solveTask("e120e44_3", { policy: "gold" });
    expect(result.report.success).toBe(true);
    expect(result.outputs).toHaveLength(getTask("e120e44_3").goldSteps.length);
    expect(result.outputs.at(-1)).toBe("Execution successful.");
  });

  it("fails the task under the no-op policy, which executes nothing", async () => {
    const result = await solveTask("e120e44_3", { policy: "noop" });
    expect(result.outputs).toEqual([]);
    expect(result.report.success).toBe(false);
    expect(result.report.failures.every((f) => f.label === "no_op_fail")).toBe(true);
  });
});
