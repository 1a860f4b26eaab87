// What the conversational data set is made of: how often the assistant had to ask (and why), how the
// recipient was named, how many requests carried a note. The seed's data had one kind only (7 single turns).
import type { ConversationRecord } from "./conversational.js";

/** One line of the mix: a value of a dimension and how many records have it. */
export interface ConversationMixRow {
  /** `follow_up` (why the assistant asked; `none` when it acted at once), `recipient_kind`, or `note`. */
  readonly dimension: "follow_up" | "recipient_kind" | "note";
  readonly value: string;
  readonly records: number;
  /** Share of all records. @unit percent, 1 decimal */
  readonly percent: number;
}

// Count the records per follow-up kind, recipient kind and note presence, each dimension sorted by count.
export function conversationMix(
  records: readonly Pick<ConversationRecord, "slots" | "target">[],
): ConversationMixRow[] {
  const counts = {
    follow_up: new Map<string, number>(),
    recipient_kind: new Map<string, number>(),
    note: new Map<string, number>(),
  };
  const bump = (map: Map<string, number>, key: string): void => {
    map.set(key, (map.get(key) ?? 0) + 1);
  };
  for (const record of records) {
    const followUps = record.target.follow_ups.length === 0 ? ["none"] : record.target.follow_ups;
    for (const kind of new Set(followUps)) bump(counts.follow_up, kind);
    bump(counts.recipient_kind, record.slots.recipient_kind ?? "not named");
    bump(counts.note, record.target.note === null ? "without note" : "with note");
  }
  const total = Math.max(records.length, 1);
  return (Object.keys(counts) as (keyof typeof counts)[]).flatMap((dimension) =>
    [...counts[dimension].entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([value, n]) => ({ dimension, value, records: n, percent: Math.round((n / total) * 1000) / 10 })),
  );
}
