// State tests derived from a task's expected effects: one test per intended change, plus the
// collateral-damage tests every task carries (no other money moved, no extra requests, nothing
// else touched). Checks read only the start and end state, as AppWorld's tests do.
import { formatMoney, paymentRequestStatus, venmoBalanceOf } from "../mutations.js";
import type { PaymentRequest, Transaction, WorldState } from "../state.js";
import {
  matchPayments,
  matchRequests,
  type ExpectedEffects,
  type ExpectedPayment,
  type ExpectedRequest,
  type TestSpec,
} from "./expected.js";
import { collateralTests } from "./collateral.js";
import type { TestContext } from "./types.js";
import { answersMatch, normalizeAnswer } from "./answer.js";
import {
  describeList,
  describeRequest,
  describeTransaction,
  newBankTransfers,
  newRequests,
  newTransactions,
  sameMoney,
} from "./state-diff.js";

function requestById(state: WorldState, id: number): PaymentRequest | undefined {
  return state.venmo.requests.find((r) => r.id === id);
}

// Builds the tests of a task from what it must change.
export function buildEffectTests(effects: ExpectedEffects): TestSpec[] {
  const tests: TestSpec[] = [];
  const payments = effects.payments ?? [];
  const requests = effects.requests ?? [];
  payments.forEach((e, i) => {
    tests.push(...paymentTests(payments, e, i));
  });
  requests.forEach((e, i) => {
    tests.push(...requestTests(requests, e, i));
  });
  if (effects.approve) tests.push(resolutionTest(effects.approve.ids, "approved", effects.approve.label));
  if (effects.deny) tests.push(resolutionTest(effects.deny.ids, "denied", effects.deny.label));
  if (effects.topUp) tests.push(topUpTest(effects.topUp));
  if (effects.balanceDelta !== undefined) tests.push(balanceDeltaTest(effects.balanceDelta));
  tests.push(...collateralTests(effects));
  if (effects.answer !== undefined) tests.push(answerTest(effects.answer));
  tests.push(completedTest());
  return tests;
}

function paymentTests(all: readonly ExpectedPayment[], e: ExpectedPayment, i: number): TestSpec[] {
  const found = (ctx: TestContext): Transaction | undefined => matchPayments(ctx, all).matches[i];
  const missing = (ctx: TestContext) =>
    `expected a new payment of ${formatMoney(e.amount)} to ${e.receiverLabel}; found new transactions: ${describeList(newTransactions(ctx.start, ctx.end).map((t) => describeTransaction(ctx.end, t)))}`;
  const tests: TestSpec[] = [
    {
      requirement: `assert a payment of ${formatMoney(e.amount)} was sent to ${e.receiverLabel}`,
      check: (ctx) => (found(ctx) ? null : missing(ctx)),
    },
  ];
  if (e.private !== undefined) {
    const want = e.private;
    tests.push({
      requirement: `assert the payment to ${e.receiverLabel} is ${want ? "private" : "public"}`,
      check: (ctx) => {
        const t = found(ctx);
        if (!t) return missing(ctx);
        return t.private === want
          ? null
          : `expected private=${want}; found private=${t.private} on ${describeTransaction(ctx.end, t)}`;
      },
    });
  }
  if (e.noteIncludes !== undefined) {
    const note = e.noteIncludes;
    tests.push({
      requirement: `assert the note of the payment to ${e.receiverLabel} contains "${note}"`,
      check: (ctx) => {
        const t = found(ctx);
        if (!t) return missing(ctx);
        return t.description.toLowerCase().includes(note.toLowerCase())
          ? null
          : `expected a note containing "${note}"; found "${t.description}"`;
      },
    });
  }
  if (e.paymentCardId !== undefined) {
    const card = e.paymentCardId;
    const label = e.sourceLabel ?? (card === null ? "the Venmo balance" : `payment card ${card}`);
    tests.push({
      requirement: `assert the payment to ${e.receiverLabel} was paid from ${label}`,
      check: (ctx) => {
        const t = found(ctx);
        if (!t) return missing(ctx);
        return t.paymentCardId === card
          ? null
          : `expected payment_card_id=${card ?? "None (balance)"}; found ${t.paymentCardId ?? "None (balance)"}`;
      },
    });
  }
  return tests;
}

function requestTests(all: readonly ExpectedRequest[], e: ExpectedRequest, i: number): TestSpec[] {
  const found = (ctx: TestContext): PaymentRequest | undefined => matchRequests(ctx, all).matches[i];
  const missing = (ctx: TestContext) =>
    `expected a new payment request of ${formatMoney(e.amount)} to ${e.receiverLabel}; found new requests: ${describeList(newRequests(ctx.start, ctx.end).map((r) => describeRequest(ctx.end, r)))}`;
  const tests: TestSpec[] = [
    {
      requirement: `assert a payment request of ${formatMoney(e.amount)} was sent to ${e.receiverLabel}`,
      check: (ctx) => (found(ctx) ? null : missing(ctx)),
    },
  ];
  if (e.noteIncludes !== undefined) {
    const note = e.noteIncludes;
    tests.push({
      requirement: `assert the note of the request to ${e.receiverLabel} contains "${note}"`,
      check: (ctx) => {
        const r = found(ctx);
        if (!r) return missing(ctx);
        return r.description.toLowerCase().includes(note.toLowerCase())
          ? null
          : `expected a note containing "${note}"; found "${r.description}"`;
      },
    });
  }
  if (e.private !== undefined) {
    const want = e.private;
    tests.push({
      requirement: `assert the request to ${e.receiverLabel} is ${want ? "private" : "public"}`,
      check: (ctx) => {
        const r = found(ctx);
        if (!r) return missing(ctx);
        return r.private === want ? null : `expected private=${want}; found private=${r.private}`;
      },
    });
  }
  return tests;
}

function resolutionTest(ids: readonly number[], status: "approved" | "denied", label: string): TestSpec {
  return {
    requirement: `assert ${label} (${ids.length}) are ${status}`,
    check: (ctx) => {
      const wrong = ids
        .map((id) => requestById(ctx.end, id))
        .filter((r): r is PaymentRequest => r === undefined || paymentRequestStatus(r) !== status);
      if (wrong.length === 0) return null;
      return `expected status ${status} for request ids [${ids.join(", ")}]; found: ${describeList(wrong.map((r) => describeRequest(ctx.end, r)))}`;
    },
  };
}

function topUpTest(topUp: NonNullable<ExpectedEffects["topUp"]>): TestSpec {
  const range = sameMoney(topUp.min, topUp.max)
    ? formatMoney(topUp.min)
    : `between ${formatMoney(topUp.min)} and ${formatMoney(topUp.max)}`;
  const from = topUp.cardLabel ?? "your payment cards";
  return {
    requirement: `assert ${range} was added to the Venmo balance from ${from}`,
    check: (ctx) => {
      const supervisorId = ctx.start.supervisor.personId;
      const transfers = newBankTransfers(ctx.start, ctx.end).filter(
        (t) => t.userId === supervisorId && t.transferType === "card_to_venmo",
      );
      const total = transfers.reduce((sum, t) => sum + t.amount, 0);
      const wrongCard = topUp.cardId === undefined ? [] : transfers.filter((t) => t.paymentCardId !== topUp.cardId);
      if (total >= topUp.min - 0.005 && total <= topUp.max + 0.005 && wrongCard.length === 0) return null;
      return `expected ${range} added from ${from}; found ${formatMoney(total)} in ${transfers.length} transfer(s)${transfers.length ? ` from card(s) ${transfers.map((t) => t.paymentCardId).join(", ")}` : ""}`;
    },
  };
}

function balanceDeltaTest(delta: number): TestSpec {
  const verb = delta >= 0 ? `increased by ${formatMoney(delta)}` : `decreased by ${formatMoney(-delta)}`;
  return {
    requirement: `assert your Venmo balance ${verb}`,
    check: (ctx) => {
      const id = ctx.start.supervisor.personId;
      const before = venmoBalanceOf(ctx.start, id);
      const after = venmoBalanceOf(ctx.end, id);
      return sameMoney(after - before, delta)
        ? null
        : `expected balance ${formatMoney(before)} → ${formatMoney(before + delta)}; found ${formatMoney(after)}`;
    },
  };
}

function answerTest(expected: string | number): TestSpec {
  return {
    requirement: `assert the answer given with complete_task matches "${normalizeAnswer(expected)}"`,
    check: (ctx) => {
      const given = ctx.end.supervisor.task.answer;
      if (ctx.end.supervisor.task.status === null)
        return `expected answer "${normalizeAnswer(expected)}"; found no completed task (no answer given)`;
      return answersMatch(given, expected)
        ? null
        : `expected answer "${normalizeAnswer(expected)}"; found "${normalizeAnswer(given)}" (raw ${JSON.stringify(given)})`;
    },
  };
}

function completedTest(): TestSpec {
  return {
    requirement: `assert the task was marked complete with status "success" (apis.supervisor.complete_task)`,
    check: (ctx) => {
      const status = ctx.end.supervisor.task.status;
      return status === "success"
        ? null
        : `expected task status "success"; found ${status === null ? "not completed" : `"${status}"`}`;
    },
  };
}
