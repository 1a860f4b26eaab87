// Collateral-damage tests: whatever a task asks for, nothing else may change. A policy that does
// nothing passes them (no_op_pass); a wrong recipient, an extra or doubled payment fails them.
import { formatMoney, venmoBalanceOf } from "../mutations.js";
import type { PaymentRequest, Transaction } from "../state.js";
import type { TestContext } from "./types.js";
import { matchPayments, matchRequests, type ExpectedEffects, type TestSpec } from "./expected.js";
import {
  changedRecords,
  describeList,
  describeRequest,
  describeTransaction,
  newBankTransfers,
  sameMoney,
} from "./state-diff.js";

// New transactions that no expectation accounts for (approvals may create the payer's transaction).
function unexpectedTransactions(ctx: TestContext, effects: ExpectedEffects): Transaction[] {
  const supervisorId = ctx.start.supervisor.personId;
  const { matches, leftover } = matchPayments(ctx, effects.payments ?? []);
  const matched = new Set(matches.filter((t): t is Transaction => t !== undefined).map((t) => t.id));
  const approved = (effects.approve?.ids ?? [])
    .map((id) => ctx.start.venmo.requests.find((r) => r.id === id))
    .filter((r): r is PaymentRequest => r !== undefined);
  const fromApprovals = new Set<number>();
  for (const request of approved) {
    const t = leftover.find(
      (c) =>
        !fromApprovals.has(c.id) &&
        c.senderId === supervisorId &&
        c.receiverId === request.senderId &&
        sameMoney(c.amount, request.amount),
    );
    if (t) fromApprovals.add(t.id);
  }
  const before = new Set(ctx.start.venmo.transactions.map((t) => t.id));
  return ctx.end.venmo.transactions.filter((t) => !before.has(t.id) && !matched.has(t.id) && !fromApprovals.has(t.id));
}

// The people whose balances the task may change: the supervisor, payees and approved requesters.
function involvedPeople(ctx: TestContext, effects: ExpectedEffects): Set<number> {
  const ids = new Set<number>([ctx.start.supervisor.personId]);
  for (const p of effects.payments ?? []) ids.add(p.receiverId);
  for (const id of effects.approve?.ids ?? []) {
    const r = ctx.start.venmo.requests.find((q) => q.id === id);
    if (r) ids.add(r.senderId);
  }
  return ids;
}

export function collateralTests(effects: ExpectedEffects): TestSpec[] {
  const payments = effects.payments ?? [];
  const requests = effects.requests ?? [];
  const resolved = new Set([...(effects.approve?.ids ?? []), ...(effects.deny?.ids ?? [])]);
  const tests: TestSpec[] = [
    {
      requirement:
        payments.length === 0
          ? "assert no money was sent (no new Venmo transactions other than those approving requests)"
          : `assert no other or duplicate payments were made (exactly the ${payments.length} expected payment${payments.length === 1 ? "" : "s"})`,
      check: (ctx) => {
        const extra = unexpectedTransactions(ctx, effects);
        return extra.length === 0
          ? null
          : `expected no other new transactions; found: ${describeList(extra.map((t) => describeTransaction(ctx.end, t)))}`;
      },
    },
    {
      requirement: "assert existing Venmo transactions were not changed or deleted",
      check: (ctx) => {
        const changed = changedRecords(ctx.start.venmo.transactions, ctx.end.venmo.transactions);
        return changed.length === 0
          ? null
          : `expected the ${ctx.start.venmo.transactions.length} existing transactions unchanged; found changed or deleted ids: ${changed.join(", ")}`;
      },
    },
    {
      requirement:
        requests.length === 0
          ? "assert no payment requests were created"
          : `assert no other or duplicate payment requests were created (exactly the ${requests.length} expected)`,
      check: (ctx) => {
        const { leftover } = matchRequests(ctx, requests);
        const supervisorId = ctx.start.supervisor.personId;
        const before = new Set(ctx.start.venmo.requests.map((r) => r.id));
        const foreign = ctx.end.venmo.requests.filter((r) => !before.has(r.id) && r.senderId !== supervisorId);
        const extra = [...leftover, ...foreign];
        return extra.length === 0
          ? null
          : `expected no other new requests; found: ${describeList(extra.map((r) => describeRequest(ctx.end, r)))}`;
      },
    },
    {
      requirement:
        resolved.size === 0
          ? "assert existing payment requests were not approved, denied, changed or deleted"
          : "assert no other existing payment request was approved, denied, changed or deleted",
      check: (ctx) => {
        const changed = changedRecords(ctx.start.venmo.requests, ctx.end.venmo.requests).filter(
          (id) => !resolved.has(id),
        );
        if (changed.length === 0) return null;
        const after = changed.map((id) => ctx.end.venmo.requests.find((r) => r.id === id));
        return `expected these requests unchanged; found changed or deleted: ${describeList(
          changed.map((id, i) => (after[i] ? describeRequest(ctx.end, after[i] as PaymentRequest) : `#${id} deleted`)),
        )}`;
      },
    },
    {
      requirement: "assert the Venmo balances of everyone not involved in the task are unchanged",
      check: (ctx) => {
        const involved = involvedPeople(ctx, effects);
        const changed = ctx.start.venmo.accounts.filter(
          (a) => !involved.has(a.userId) && !sameMoney(a.balance, venmoBalanceOf(ctx.end, a.userId)),
        );
        return changed.length === 0
          ? null
          : `expected unchanged balances; found: ${describeList(changed.map((a) => `person ${a.userId} ${formatMoney(a.balance)} → ${formatMoney(venmoBalanceOf(ctx.end, a.userId))}`))}`;
      },
    },
  ];
  if (!effects.topUp) {
    tests.push({
      requirement: "assert no money was moved between Venmo and payment cards (no bank transfers)",
      check: (ctx) => {
        const transfers = newBankTransfers(ctx.start, ctx.end);
        return transfers.length === 0
          ? null
          : `expected no new bank transfers; found: ${describeList(transfers.map((t) => `#${t.id} ${t.transferType} ${formatMoney(t.amount)} card ${t.paymentCardId}`))}`;
      },
    });
  }
  const cardIds = new Set<number>();
  for (const p of payments) if (typeof p.paymentCardId === "number") cardIds.add(p.paymentCardId);
  const anyCard = effects.topUp !== undefined && effects.topUp.cardId === undefined;
  if (effects.topUp?.cardId !== undefined) cardIds.add(effects.topUp.cardId);
  tests.push({
    requirement: anyCard
      ? "assert no payment card other than the supervisor's was charged"
      : cardIds.size === 0
        ? "assert no payment card was charged"
        : "assert no other payment card was charged",
    check: (ctx) => {
      const supervisorId = ctx.start.supervisor.personId;
      const changed = ctx.start.cards.filter((c) => {
        if (cardIds.has(c.id) || (anyCard && c.ownerId === supervisorId)) return false;
        const after = ctx.end.cards.find((e) => e.id === c.id);
        return !after || !sameMoney(after.balance, c.balance);
      });
      return changed.length === 0
        ? null
        : `expected unchanged card balances; found: ${describeList(changed.map((c) => `card ${c.id} (${c.cardName}) ${formatMoney(c.balance)} → ${formatMoney(ctx.end.cards.find((e) => e.id === c.id)?.balance ?? 0)}`))}`;
    },
  });
  return tests;
}
