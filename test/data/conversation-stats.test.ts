// The mix of the conversational data set, counted on records the real generator makes.
import { describe, expect, it } from "vitest";
import { conversationMix } from "../../lib/data/conversation-stats.js";
import { generateConversations } from "../../lib/data/conversational.js";

describe("conversationMix", () => {
  it("counts every record once per dimension, and each follow-up kind a record has", () => {
    const records = generateConversations({ count: 400, seed: 3 });
    const rows = conversationMix(records);
    for (const dimension of ["recipient_kind", "note"] as const) {
      const sum = rows.filter((r) => r.dimension === dimension).reduce((s, r) => s + r.records, 0);
      expect(sum).toBe(400);
    }
    const asked = records.filter((r) => r.target.follow_ups.includes("amount")).length;
    expect(rows.find((r) => r.dimension === "follow_up" && r.value === "amount")?.records).toBe(asked);
    const none = records.filter((r) => r.target.follow_ups.length === 0).length;
    expect(rows.find((r) => r.value === "none")).toEqual({
      dimension: "follow_up",
      value: "none",
      records: none,
      percent: Math.round((none / 400) * 1000) / 10,
    });
  });

  it("sorts each dimension by count and gives a record without a recipient its own value", () => {
    const rows = conversationMix([
      {
        slots: { amount: 5, amount_text: "$5", recipient: null, recipient_kind: null, note: null },
        target: {
          world_seed: 1,
          recipient_name: "A",
          recipient_email: "a@x",
          amount: 5,
          note: null,
          follow_ups: ["recipient"],
        },
      },
      {
        slots: { amount: 5, amount_text: "$5", recipient: "Al", recipient_kind: "first_name", note: "gas" },
        target: { world_seed: 1, recipient_name: "A", recipient_email: "a@x", amount: 5, note: "gas", follow_ups: [] },
      },
      {
        slots: { amount: 5, amount_text: "$5", recipient: "Al", recipient_kind: "first_name", note: null },
        target: { world_seed: 1, recipient_name: "A", recipient_email: "a@x", amount: 5, note: null, follow_ups: [] },
      },
    ] as never);
    expect(rows.map((r) => `${r.dimension}:${r.value}:${r.records}`)).toEqual([
      "follow_up:none:2",
      "follow_up:recipient:1",
      "recipient_kind:first_name:2",
      "recipient_kind:not named:1",
      "note:without note:2",
      "note:with note:1",
    ]);
  });
});
