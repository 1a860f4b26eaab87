// What send-money tasks share: the scenario's style (private or public, a note, the phrasing), the
// create_transaction call of the gold steps and the expected payment the tests check.
import type { ExpectedPayment } from "../expected.js";
import { py } from "../gold-code.js";
import { personLabel, type TaskPerson } from "../setup.js";
import { NOTES, type TemplateContext } from "../template.js";

export interface Style {
  readonly privacy: "private" | "public" | "unstated";
  readonly note: string | null;
  readonly phrasing: number;
}

export function drawStyle(ctx: TemplateContext, withNote = 0.6): Style {
  const privacy = ctx.scenario.pick(["private", "public", "unstated"] as const);
  const note = ctx.scenario.chance(withNote) ? ctx.scenario.pick(NOTES) : null;
  return { privacy, note, phrasing: ctx.scenario.int(0, 3) };
}

export function privacySentence(style: Style): string {
  if (style.privacy === "private")
    return ["Make it private.", "Keep the transaction private.", "It should be a private payment."][
      style.phrasing % 3
    ] as string;
  if (style.privacy === "public")
    return ["Make it public.", "The payment can be public.", "Keep it visible to the public."][
      style.phrasing % 3
    ] as string;
  return "";
}

export function noteClause(style: Style): string {
  if (style.note === null) return "";
  return style.phrasing % 2 === 0 ? ` for "${style.note}"` : ` with the note "${style.note}"`;
}

// The create_transaction call of a gold step, with only the arguments the instruction implies.
export function createTransactionCall(receiverExpr: string, amount: number, style: Style, extra = ""): string {
  const args = [`receiver_email=${receiverExpr}`, `amount=${py(amount)}`];
  if (style.note !== null) args.push(`description=${py(style.note)}`);
  if (style.privacy !== "unstated") args.push(`private=${py(style.privacy === "private")}`);
  if (extra) args.push(extra);
  args.push("access_token=venmo_access_token");
  return `apis.venmo.create_transaction(${args.join(", ")})`;
}

export function expectedPayment(
  p: TaskPerson,
  amount: number,
  style: Style,
  cardId?: number | null,
  cardLabel?: string,
): ExpectedPayment {
  return {
    receiverId: p.person.id,
    receiverLabel: personLabel(p),
    amount,
    ...(style.privacy === "unstated" ? {} : { private: style.privacy === "private" }),
    ...(style.note === null ? {} : { noteIncludes: style.note }),
    ...(cardId === undefined ? {} : { paymentCardId: cardId, sourceLabel: cardLabel }),
  };
}
