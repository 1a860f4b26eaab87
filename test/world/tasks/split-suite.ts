// The checks every split gets: task structure, the no-op baseline, and every gold solution run
// through the real Python executor (a few worlds at once) passing all its tests.
import { afterAll, describe, expect, it } from "vitest";
import { computeRunMetrics, taskResultFromEvaluation } from "../../../lib/eval/metrics.js";
import {
  closeDefaultReplPools,
  listTasks,
  solveSplit,
  type SolveTaskResult,
  type Split,
  type Task,
} from "../../../lib/world/index.js";

// The eval layer's metrics (the one TGC/SGC implementation) over reports of the world's reference policies.
const metricsOf = (results: readonly SolveTaskResult[]) =>
  computeRunMetrics(
    results.map((r) =>
      taskResultFromEvaluation(r.taskId, {
        ...r.report,
        passes: [...r.report.passes],
        failures: [...r.report.failures],
      }),
    ),
  );

const COLLATERAL = [
  /^assert no (money was sent|other or duplicate payments were made)/,
  /^assert existing Venmo transactions were not changed or deleted$/,
  /^assert no (other or duplicate )?payment requests were created/,
  /^assert (existing payment requests were not|no other existing payment request was) approved, denied, changed or deleted$/,
  /^assert the Venmo balances of everyone not involved in the task are unchanged$/,
  /^assert no (other )?payment card (other than the supervisor's )?was charged$|^assert no payment card other than the supervisor's was charged$/,
];

export function describeSplit(split: Split, expectedSize: number): void {
  describe(`the ${split} split`, () => {
    let cached: Task[] | undefined;
    const allTasks = (): Task[] => (cached ??= listTasks(split));
    afterAll(() => closeDefaultReplPools());

    it(`has ${expectedSize} tasks whose tests include every collateral-damage check and a completion check`, () => {
      const tasks = allTasks();
      expect(tasks).toHaveLength(expectedSize);
      for (const task of tasks) {
        const requirements = task.tests.map((t) => t.requirement);
        for (const pattern of COLLATERAL) {
          expect(
            requirements.some((r) => pattern.test(r)),
            `${task.id} lacks a test matching ${pattern}`,
          ).toBe(true);
        }
        expect(requirements.filter((r) => r.startsWith("assert the task was marked complete"))).toHaveLength(1);
        const answerTests = requirements.filter((r) => r.startsWith("assert the answer given with complete_task"));
        expect(answerTests, task.id).toHaveLength(task.intent === "question" ? 1 : 0);
        expect(task.expectedAnswer !== undefined, task.id).toBe(task.intent === "question");
        expect(task.tests.filter((t) => t.label === "no_op_pass").length, task.id).toBeGreaterThan(0);
      }
    }, 180_000);

    it("writes gold steps that take from the instruction only what it states (the rest is looked up)", () => {
      const numbers = (text: string) => new Set(text.match(/(?<![\w.])\d+(?:\.\d+)?(?![\w])/g) ?? []);
      for (const task of allTasks()) {
        const stated = new Set([...numbers(task.instruction)].map((n) => String(Number(n))));
        const instruction = task.instruction.toLowerCase();
        for (const step of task.goldSteps) {
          for (const email of step.action.match(/[\w.+-]+@[\w-]+\.\w+/g) ?? []) {
            expect(instruction, `${task.id}: ${email} is not in the instruction`).toContain(email.toLowerCase());
          }
          for (const n of numbers(step.action)) {
            if (["0", "1", "2", "20"].includes(n)) continue;
            expect(
              stated.has(String(Number(n))),
              `${task.id}: ${n} in\n${step.action}\nis not stated in: ${task.instruction}`,
            ).toBe(true);
          }
        }
      }
    }, 180_000);

    it("fails every task under the no-op policy, which still passes its no_op_pass tests", async () => {
      const noop = await solveSplit(split, { policy: "noop" });
      const metrics = metricsOf(noop.results);
      expect(noop.results.filter((r) => r.report.success)).toEqual([]);
      for (const { taskId, report } of noop.results) {
        expect(
          report.failures.every((f) => f.label === "no_op_fail"),
          taskId,
        ).toBe(true);
        expect(
          report.passes.every((p) => p.label === "no_op_pass"),
          taskId,
        ).toBe(true);
      }
      // The seed's question: how much of a pass percentage does doing nothing earn?
      console.log(`${split}: no-op mean pass % per task ${metrics.meanPassPercent.toFixed(1)} (TGC ${metrics.tgc})`);
      expect(metrics.meanPassPercent).toBeGreaterThan(0);
    }, 120_000);

    it("passes every test of every task with the gold solution run through the executor", async () => {
      const gold = await solveSplit(split, { policy: "gold", concurrency: 3 });
      const failed = gold.results
        .filter((r) => !r.report.success)
        .map((r) => `${r.taskId}: ${r.report.failures.map((f) => `${f.requirement} -- ${f.trace}`).join(" | ")}`);
      expect(failed).toEqual([]);
      const metrics = metricsOf(gold.results);
      expect(metrics.tgc).toBe(100);
      expect(metrics.sgc).toBe(100);
      // Gold actions must run cleanly: no step may end in a traceback.
      const broken = gold.results.flatMap((r) =>
        r.outputs.filter((o) => o.startsWith("Execution failed")).map((o) => `${r.taskId}: ${o}`),
      );
      expect(broken).toEqual([]);
    }, 600_000);
  });
}
