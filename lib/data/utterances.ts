// Drawing one send_money request: who is paid (and how the user names them), how much (and how it is
// said), what for, and in which phrasing. The draw records the slot labels and what the assistant will
// need to ask: a missing amount or recipient, or which of several matching contacts is meant.
import type { Random } from "../world/index.js";
import { amountForms, drawAmount } from "./amounts.js";
import type { ConversationWorld, Payee } from "./conversation-world.js";
import { PHRASINGS, PURPOSES, fillPhrasing, type Phrasing, type PhrasingSlots } from "./phrasings.js";

/** How the user names the recipient. */
export type MentionKind = "first_name" | "full_name" | "nickname" | "phone";

/** A way of naming a recipient, the search the assistant runs for it and the payees it can mean. */
export interface Mention {
  readonly text: string;
  readonly kind: MentionKind;
  readonly query: string;
  /** Payees the mention fits; more than one means the assistant must ask which. */
  readonly candidates: readonly Payee[];
  /** Why the assistant searches with `query` (set when it differs from the mention, e.g. a nickname). */
  readonly queryReason?: string;
}

/** Slot labels of the first user utterance; null when the utterance does not state the slot. */
export interface UtteranceSlots {
  readonly amount: number | null;
  readonly amount_text: string | null;
  readonly recipient: string | null;
  readonly recipient_kind: MentionKind | null;
  readonly note: string | null;
}

/** One drawn request. */
export interface DrawnRequest {
  readonly utterance: string;
  readonly slots: UtteranceSlots;
  readonly pattern: PhrasingSlots;
  /** The payee the user means (the answer to a disambiguation question, if one is needed). */
  readonly payee: Payee;
  readonly mention: Mention;
  readonly amount: number;
  readonly amountText: string;
  readonly note: string | null;
}

/** Shares of the draws; the rest are full requests without a large amount. */
export interface DrawShares {
  readonly missingAmount: number;
  readonly missingRecipient: number;
  readonly note: number;
  readonly large: number;
  readonly confirmAboveUsd: number;
}

function formatPhone(rng: Random, digits: string): string {
  const style = rng.int(0, 3);
  if (style === 1) return `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;
  if (style === 2) return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
  if (style === 3) return `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6)}`;
  return digits;
}

// A mention of `payee` of the given kind, or undefined when that kind does not work for them here.
function mentionOf(rng: Random, world: ConversationWorld, payee: Payee, kind: MentionKind): Mention | undefined {
  const { contact } = payee;
  let mention: Mention | undefined;
  if (kind === "full_name") {
    const text = `${contact.firstName} ${contact.lastName}`;
    mention = {
      text,
      kind,
      query: text,
      candidates: world.payees.filter((p) => `${p.contact.firstName} ${p.contact.lastName}` === text),
    };
  } else if (kind === "phone") {
    mention = { text: formatPhone(rng, contact.phoneNumber), kind, query: contact.phoneNumber, candidates: [payee] };
  } else if (kind === "first_name") {
    mention = {
      text: contact.firstName,
      kind,
      query: contact.firstName,
      candidates: world.payees.filter((p) => p.contact.firstName === contact.firstName),
    };
  } else {
    if (payee.person.firstName !== contact.firstName || payee.person.nicknames.length === 0) return undefined;
    const nickname = rng.pick(payee.person.nicknames);
    const candidates = world.payees.filter(
      (p) => p.person.firstName === p.contact.firstName && p.person.nicknames.includes(nickname),
    );
    const firstNames = [...new Set(candidates.map((p) => p.contact.firstName))];
    if (firstNames.every((name) => name.toLowerCase().startsWith(nickname.toLowerCase()))) {
      mention = { text: nickname, kind, query: nickname, candidates };
    } else if (firstNames.length === 1) {
      mention = {
        text: nickname,
        kind,
        query: firstNames[0]!,
        candidates,
        queryReason: `"${nickname}" is short for ${firstNames[0]}`,
      };
    } else return undefined;
  }
  // The assistant must see every candidate in the first page of the search it runs.
  const shown = world.searchResults(mention.query);
  return mention.candidates.every((c) => shown.includes(c.contact.id)) ? mention : undefined;
}

// Any working mention of the payee, trying kinds in a random order.
const WEIGHTED_KINDS: readonly MentionKind[] = [
  "first_name",
  "first_name",
  "first_name",
  "full_name",
  "full_name",
  "nickname",
  "nickname",
  "phone",
  "phone",
];

export function drawMention(rng: Random, world: ConversationWorld, payee: Payee): Mention {
  // A random kind first, then the others in a fixed order (a full shuffle per draw costs more than it gives).
  const start = rng.int(0, WEIGHTED_KINDS.length - 1);
  for (let k = 0; k < WEIGHTED_KINDS.length; k += 1) {
    const mention = mentionOf(rng, world, payee, WEIGHTED_KINDS[(start + k) % WEIGHTED_KINDS.length]!);
    if (mention) return mention;
  }
  return { text: contactFullName(payee), kind: "full_name", query: payee.contact.phoneNumber, candidates: [payee] };
}

export function contactFullName(payee: Payee): string {
  return `${payee.contact.firstName} ${payee.contact.lastName}`;
}

const WITHOUT_NOTE: Readonly<Record<PhrasingSlots, readonly Phrasing[]>> = {
  full: PHRASINGS.full.filter((p) => !p.needsNote),
  "no-amount": PHRASINGS["no-amount"].filter((p) => !p.needsNote),
  "no-recipient": PHRASINGS["no-recipient"].filter((p) => !p.needsNote),
};

// Draw one request against one world.
export function drawRequest(rng: Random, world: ConversationWorld, shares: DrawShares): DrawnRequest {
  const payee = rng.pick(world.payees);
  const mention = drawMention(rng, world, payee);
  const amount = drawAmount(rng, {
    max: world.balance,
    largeShare: shares.large,
    confirmAbove: shares.confirmAboveUsd,
  });
  let amountText = rng.pick(amountForms(amount));
  // A bare number next to a phone number reads as more digits ("venmo 555-0100 5"); say it with a $ instead.
  if (mention.kind === "phone" && /^[\d.]+$/.test(amountText)) amountText = `$${amountText}`;
  const roll = rng.next();
  const pattern: PhrasingSlots =
    roll < shares.missingAmount
      ? "no-amount"
      : roll < shares.missingAmount + shares.missingRecipient
        ? "no-recipient"
        : "full";
  let note: string | null = rng.chance(shares.note) ? rng.pick(PURPOSES) : null;
  const phrasing = rng.pick(note === null ? WITHOUT_NOTE[pattern] : PHRASINGS[pattern]);
  const utterance = fillPhrasing(rng, phrasing, {
    ...(pattern !== "no-amount" ? { amount: amountText } : {}),
    ...(pattern !== "no-recipient" ? { recipient: mention.text } : {}),
    ...(note !== null ? { note } : {}),
  });
  if (note !== null && !utterance.toLowerCase().includes(note.toLowerCase())) note = null;
  return {
    utterance,
    pattern,
    payee,
    mention,
    amount,
    amountText,
    note,
    slots: {
      amount: pattern === "no-amount" ? null : amount,
      amount_text: pattern === "no-amount" ? null : amountText,
      recipient: pattern === "no-recipient" ? null : mention.text,
      recipient_kind: pattern === "no-recipient" ? null : mention.kind,
      note,
    },
  };
}
