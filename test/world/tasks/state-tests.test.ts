// Wrong actions through the real executor must fail exactly the tests that describe them.
import { afterAll, describe, expect, it } from "vitest";
import {
  closeDefaultReplPools,
  getTask,
  listScenarios,
  openTaskWorld,
  type EvaluationReport,
} from "../../../lib/world/index.js";

afterAll(() => closeDefaultReplPools());

function firstTaskOf(template: string, split: "train" | "dev" = "train"): string {
  const scenario = listScenarios(split).find((s) => s.template === template);
  if (!scenario) throw new Error(`no ${template} scenario in ${split}`);
  return scenario.taskIds[0] as string;
}

// Runs the gold steps, with `replace` swapping the action of the step whose code contains `marker`.
async function runWith(taskId: string, marker: string, replace: (action: string) => string): Promise<EvaluationReport> {
  const world = await openTaskWorld(taskId);
  try {
    let replaced = 0;
    for (const step of world.task.goldSteps) {
      const hit = step.action.includes(marker);
      if (hit) replaced++;
      const action = hit ? replace(step.action) : step.action;
      const output = await world.execute(action);
      expect(output.startsWith("Execution failed"), `${action}\n${output}`).toBe(false);
    }
    expect(replaced).toBe(1);
    return world.evaluate();
  } finally {
    await world.close();
  }
}

const failed = (report: EvaluationReport) => report.failures.map((f) => f.requirement);

describe("state tests of a send-money task", () => {
  const taskId = firstTaskOf("send_money_by_name");
  const task = getTask(taskId);
  const amount = /\$(\d+(?:\.\d\d)?)/.exec(task.instruction)?.[1] as string;

  it("pass with the gold solution", async () => {
    const report = await runWith(taskId, "apis.venmo.create_transaction(", (a) => a);
    expect(report.success).toBe(true);
  });

  it("fail the payment and collateral tests when the money goes to someone else", async () => {
    const report = await runWith(taskId, "apis.venmo.create_transaction(", (a) =>
      a.replace(
        'receiver_email=recipient["email"]',
        'receiver_email=next(c for c in apis.phone.search_contacts(page_limit=20, access_token=phone_access_token) if c["email"] and c["email"] != recipient["email"])["email"]',
      ),
    );
    const requirements = failed(report);
    expect(requirements).toContain(task.tests[0]?.requirement);
    expect(requirements.some((r) => r.startsWith("assert no other or duplicate payments were made"))).toBe(true);
    expect(requirements).toContain("assert the Venmo balances of everyone not involved in the task are unchanged");
    expect(requirements).not.toContain("assert existing Venmo transactions were not changed or deleted");
    expect(requirements).not.toContain("assert no payment requests were created");
    const trace = report.failures.find((f) => f.requirement === task.tests[0]?.requirement)?.trace ?? "";
    expect(trace).toMatch(
      /^expected a new payment of \$[\d.]+ to .+; found new transactions: #\d+ \$[\d.]+ from .+ to .+/,
    );
  });

  it("fail the payment test and no other money test when the amount is wrong", async () => {
    const report = await runWith(taskId, "apis.venmo.create_transaction(", (a) =>
      a.replace(`amount=${amount}`, `amount=${amount} + 1`),
    );
    const requirements = failed(report);
    expect(requirements).toContain(task.tests[0]?.requirement);
    expect(requirements.some((r) => r.startsWith("assert no other or duplicate payments were made"))).toBe(true);
    expect(requirements).not.toContain("assert the Venmo balances of everyone not involved in the task are unchanged");
    expect(requirements).not.toContain(
      'assert the task was marked complete with status "success" (apis.supervisor.complete_task)',
    );
  });

  it("fail only the duplicate-payment test when the payment is made twice", async () => {
    const report = await runWith(taskId, "apis.venmo.create_transaction(", (a) => `${a}\n${a}`);
    expect(failed(report)).toEqual([
      "assert no other or duplicate payments were made (exactly the 1 expected payment)",
    ]);
    expect(report.failures[0]?.trace).toMatch(/^expected no other new transactions; found: #\d+ \$/);
  });
});

describe("state tests of other intents", () => {
  it("fail the rule's tests when every pending request is approved instead of applying the rule", async () => {
    const taskId = firstTaskOf("resolve_requests_by_rule");
    const report = await runWith(
      taskId,
      "apis.venmo.deny_payment_request(",
      () =>
        'for request in pending:\n    apis.venmo.approve_payment_request(payment_request_id=request["payment_request_id"], access_token=venmo_access_token)',
    );
    const requirements = failed(report);
    expect(requirements.some((r) => r.startsWith("assert all other pending requests"))).toBe(true);
    // Approving what should be denied pays people the task did not mean to pay.
    expect(requirements.some((r) => r.startsWith("assert no money was sent"))).toBe(true);
    expect(requirements.some((r) => r.startsWith("assert the pending requests from my"))).toBe(false);
  });

  it("fail the answer test when a question is answered wrongly", async () => {
    const taskId = firstTaskOf("question_pending_request_count");
    const report = await runWith(
      taskId,
      "complete_task",
      () => "apis.supervisor.complete_task(answer=len(pending) + 1)",
    );
    expect(failed(report)).toEqual([
      expect.stringMatching(/^assert the answer given with complete_task matches "\d+"$/),
    ]);
    expect(report.failures[0]?.trace).toMatch(/^expected answer "(\d+)"; found "(\d+)" \(raw \d+\)$/);
  });

  it("fail the request test when a split bill asks everyone for the whole amount", async () => {
    const taskId = firstTaskOf("split_bill_among_group");
    const report = await runWith(taskId, "share = round", (a) =>
      a.replace(/share = round\((.+) \/ \(len\(group\) \+ 1\), 2\)/, "share = $1"),
    );
    const requirements = failed(report);
    expect(requirements.filter((r) => r.startsWith("assert a payment request of"))).not.toHaveLength(0);
    expect(requirements.some((r) => r.startsWith("assert no other or duplicate payment requests were created"))).toBe(
      true,
    );
  });
});
