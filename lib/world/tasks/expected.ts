// What a task must change, and how new records are paired with those expectations.
import type { TestContext } from "./types.js";
import { newRequests, newTransactions, sameMoney } from "./state-diff.js";

/** A test before its no-op label is computed (the catalog runs it on an unchanged world). */
export interface TestSpec {
  readonly requirement: string;
  readonly check: (context: TestContext) => string | null;
}

/** A payment the supervisor must make. */
export interface ExpectedPayment {
  readonly receiverId: number;
  /** How the requirement names the receiver, e.g. `Robert Ball (rob_ball@gmail.com)`. */
  readonly receiverLabel: string;
  readonly amount: number;
  readonly private?: boolean;
  /** Case-insensitive text the note must contain. */
  readonly noteIncludes?: string;
  /** `null` = paid from the Venmo balance; a card id = paid with that card; undefined = either. */
  readonly paymentCardId?: number | null;
  readonly sourceLabel?: string;
}

/** A payment request the supervisor must send. */
export interface ExpectedRequest {
  readonly receiverId: number;
  readonly receiverLabel: string;
  readonly amount: number;
  readonly private?: boolean;
  readonly noteIncludes?: string;
}

export interface ExpectedEffects {
  readonly payments?: readonly ExpectedPayment[];
  readonly requests?: readonly ExpectedRequest[];
  /** Received requests (ids) that must end approved / denied, with how the requirement names the group. */
  readonly approve?: { readonly ids: readonly number[]; readonly label: string };
  readonly deny?: { readonly ids: readonly number[]; readonly label: string };
  /** Money that must be added to the Venmo balance from the supervisor's cards (total of new transfers). */
  readonly topUp?: {
    readonly min: number;
    readonly max: number;
    readonly cardId?: number;
    readonly cardLabel?: string;
  };
  /** Exact change of the supervisor's Venmo balance. */
  readonly balanceDelta?: number;
  /** The answer `complete_task` must carry (questions only). */
  readonly answer?: string | number;
}

// Matches each expected payment with one distinct new transaction; returns the pairs and leftovers.
export function matchPayments(ctx: TestContext, expected: readonly ExpectedPayment[]) {
  const supervisorId = ctx.start.supervisor.personId;
  const pool = newTransactions(ctx.start, ctx.end).filter((t) => t.senderId === supervisorId);
  const matches = expected.map((e) => {
    const index = pool.findIndex((t) => t.receiverId === e.receiverId && sameMoney(t.amount, e.amount));
    return index < 0 ? undefined : pool.splice(index, 1)[0];
  });
  return { matches, leftover: pool };
}

export function matchRequests(ctx: TestContext, expected: readonly ExpectedRequest[]) {
  const supervisorId = ctx.start.supervisor.personId;
  const pool = newRequests(ctx.start, ctx.end).filter((r) => r.senderId === supervisorId);
  const matches = expected.map((e) => {
    const index = pool.findIndex((r) => r.receiverId === e.receiverId && sameMoney(r.amount, e.amount));
    return index < 0 ? undefined : pool.splice(index, 1)[0];
  });
  return { matches, leftover: pool };
}
