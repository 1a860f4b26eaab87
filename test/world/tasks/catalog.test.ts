import { describe, expect, it, vi } from "vitest";
import { getTask, listScenarios, listTaskIds, type SPLITS, UnknownTaskError } from "../../../lib/world/index.js";

describe("task catalog", () => {
  it.each([
    ["train", 90, 30],
    ["dev", 57, 19],
    ["test_normal", 168, 56],
    ["test_challenge", 417, 139],
  ] as const)("the %s split has AppWorld's %i tasks in %i scenarios", (split, tasks, scenarios) => {
    expect(listTaskIds(split)).toHaveLength(tasks);
    expect(listScenarios(split)).toHaveLength(scenarios);
  });

  it("gives every task an id of 7 hex digits and a variant 1-3, unique across splits", () => {
    const ids = listTaskIds();
    expect(ids).toHaveLength(732);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{7}_[1-3]$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keeps the ids of the plan stable (they derive from the catalog seed only)", () => {
    expect(listTaskIds("train").slice(0, 3)).toEqual(["e120e44_1", "e120e44_2", "e120e44_3"]);
    expect(listTaskIds("test_challenge").at(-1)).toBe("fadf848_3");
  });

  it("makes the three variants of a scenario share its id, template and difficulty but not their world", () => {
    for (const scenario of listScenarios("train").slice(0, 10)) {
      expect(scenario.taskIds).toEqual([1, 2, 3].map((n) => `${scenario.scenarioId}_${n}`));
      const tasks = scenario.taskIds.map((id) => getTask(id));
      for (const task of tasks) {
        expect(task.scenarioId).toBe(scenario.scenarioId);
        expect(task.intent).toBe(scenario.intent);
        expect(task.difficulty).toBe(scenario.difficulty);
      }
      const worlds = tasks.map((t) => `${t.buildState().supervisor.personId}|${t.instruction}|${t.datetime}`);
      expect(new Set(worlds).size).toBe(3);
    }
  });

  it("covers every intent family in test_normal and all three difficulties", () => {
    const scenarios = listScenarios("test_normal");
    expect(new Set(scenarios.map((s) => s.intent))).toEqual(
      new Set([
        "send_money",
        "request_money",
        "split_bill",
        "add_balance",
        "approve_requests",
        "deny_requests",
        "refund",
        "question",
      ]),
    );
    expect(new Set(scenarios.map((s) => s.difficulty))).toEqual(new Set([1, 2, 3]));
  });

  it("makes test_challenge harder than test_normal on average", () => {
    const mean = (split: "test_normal" | "test_challenge") => {
      const s = listScenarios(split);
      return s.reduce((sum, x) => sum + x.difficulty, 0) / s.length;
    };
    expect(mean("test_challenge")).toBeGreaterThan(mean("test_normal") + 0.3);
  });

  it("builds the same task and start state again from scratch (fresh modules)", async () => {
    const ids = ["e120e44_2", listTaskIds("test_challenge")[7] as string, listTaskIds("dev")[30] as string];
    const before = ids.map((id) => {
      const task = getTask(id);
      return {
        instruction: task.instruction,
        datetime: task.datetime,
        tests: task.tests.map((t) => `${t.label} ${t.requirement}`),
        state: task.buildState(),
        gold: task.goldSteps,
      };
    });
    vi.resetModules();
    const fresh = await import("../../../lib/world/index.js");
    ids.forEach((id, i) => {
      const task = fresh.getTask(id);
      expect(task.instruction).toBe(before[i]?.instruction);
      expect(task.datetime).toBe(before[i]?.datetime);
      expect(task.tests.map((t) => `${t.label} ${t.requirement}`)).toEqual(before[i]?.tests);
      expect(task.goldSteps).toEqual(before[i]?.gold);
      expect(task.buildState()).toEqual(before[i]?.state);
    });
  });

  it("hands out an independent start state on every buildState call", () => {
    const task = getTask("e120e44_1");
    const a = task.buildState();
    a.venmo.transactions.length = 0;
    expect(task.buildState().venmo.transactions.length).toBeGreaterThan(0);
    expect(task.buildState().supervisor.task).toEqual({
      instruction: task.instruction,
      status: null,
      answer: "<<NOT_GIVEN>>",
    });
  });

  it("rejects an unknown id that looks like a task id, naming the split sizes and how to list ids", () => {
    expect(() => getTask("0000000_1")).toThrow(UnknownTaskError);
    expect(() => getTask("0000000_1")).toThrow(
      'Task `0000000_1` is not in the catalog. The catalog has train 90, dev 57, test_normal 168, test_challenge 417 tasks; list their ids with `agentft world tasks --split dev` or `listTasks("dev")`.',
    );
  });

  it("rejects a malformed id with the expected shape", () => {
    expect(() => getTask("send-money")).toThrow(
      'Task `send-money` is not a task id (expected 7 hex digits, `_` and a variant 1-3, e.g. `325d6ec_2`). The catalog has train 90, dev 57, test_normal 168, test_challenge 417 tasks; list their ids with `agentft world tasks --split dev` or `listTasks("dev")`.',
    );
  });

  it("rejects an unknown split by name", () => {
    expect(() => listTaskIds("validation" as (typeof SPLITS)[number])).toThrow(
      "Unknown split `validation`; expected one of train, dev, test_normal, test_challenge.",
    );
  });
});
