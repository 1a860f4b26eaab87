import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { amountForms, numberToWords } from "../../lib/data/amounts.js";
import {
  generateConversations,
  iterateConversations,
  serializeConversation,
  writeConversations,
} from "../../lib/data/conversational.js";
import { readJsonLines } from "../../lib/data/io.js";
import { MessagesRowSchema } from "../../lib/data/schema.js";
import { verifyConversations } from "../../lib/data/verify-conversations.js";
import { createWorldState } from "../../lib/world/index.js";

const dir = mkdtempSync(path.join(tmpdir(), "conv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("amount forms", () => {
  it.each([
    [5, ["$5", "5 bucks", "five dollars", "a fiver"]],
    [10, ["a tenner", "ten bucks"]],
    [20, ["twenty dollars", "a twenty"]],
    [75, ["75", "$75", "75 bucks", "seventy-five dollars"]],
    [12.5, ["$12.50", "12 dollars and 50 cents"]],
    [1000, ["a grand", "1k"]],
  ])("says %s as %j among others", (amount, forms) => {
    expect(amountForms(amount)).toEqual(expect.arrayContaining(forms));
  });

  it("spells numbers in words", () => {
    expect([numberToWords(75), numberToWords(250), numberToWords(1200)]).toEqual([
      "seventy-five",
      "two hundred fifty",
      "one thousand two hundred",
    ]);
  });
});

describe("conversational send_money data", () => {
  const records = generateConversations();

  it("makes 5,000 distinct utterances by default, the same for the same seed", () => {
    expect(records).toHaveLength(5000);
    expect(new Set(records.map((r) => r.messages[1]!.content)).size).toBe(5000);
    expect(generateConversations({ count: 20 })).toEqual(records.slice(0, 20));
    expect(generateConversations({ count: 20, seed: 1 })).not.toEqual(records.slice(0, 20));
  });

  it("labels the slots the utterance states, with amounts in many forms and recipients named four ways", () => {
    const kinds = new Set(records.map((r) => r.slots.recipient_kind ?? "none"));
    expect([...kinds].sort()).toEqual(["first_name", "full_name", "nickname", "none", "phone"]);
    const texts = new Set(records.map((r) => r.slots.amount_text));
    for (const form of ["a fiver", "a tenner", "twenty dollars"]) expect(texts.has(form)).toBe(true);
    expect([...texts].some((t) => t !== null && /^\$\d+$/.test(t))).toBe(true);
    expect([...texts].some((t) => t !== null && /^\d+ bucks$/.test(t))).toBe(true);
    expect([...texts].some((t) => t !== null && /^\d+$/.test(t))).toBe(true);
    for (const r of records) {
      const text = r.messages[1]!.content.toLowerCase();
      if (r.slots.amount_text !== null) expect(text).toContain(r.slots.amount_text.toLowerCase());
      if (r.slots.recipient !== null) expect(text).toContain(r.slots.recipient.toLowerCase());
      if (r.slots.note !== null) expect(text).toContain(r.slots.note.toLowerCase());
    }
  });

  it("only pays people who exist in the world and are the supervisor's contacts", () => {
    const worlds = new Map([1, 2, 3, 4, 5, 6].map((seed) => [seed, createWorldState({ seed })]));
    for (const r of records) {
      const world = worlds.get(r.target.world_seed)!;
      const contact = world.phone.contacts.find(
        (c) => c.ownerId === world.supervisor.personId && c.email === r.target.recipient_email,
      );
      expect(`${contact?.firstName} ${contact?.lastName}`).toBe(r.target.recipient_name);
    }
  });

  it("asks follow-ups only for what is missing or ambiguous", () => {
    const count = (f: string) => records.filter((r) => r.target.follow_ups.includes(f)).length;
    for (const f of ["amount", "recipient", "disambiguate", "confirm"]) expect(count(f)).toBeGreaterThan(50);
    for (const r of records) {
      expect(r.target.follow_ups.includes("amount")).toBe(r.slots.amount === null);
      expect(r.target.follow_ups.includes("recipient")).toBe(r.slots.recipient === null);
      expect(r.target.follow_ups.includes("confirm")).toBe(r.target.amount >= 250);
    }
    const plain = records.find((r) => r.target.follow_ups.length === 0)!;
    expect(plain.messages.map((m) => m.role)).toEqual([
      "system",
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
    expect(plain.messages[2]!.content).toMatch(/```python\n/);
    expect(plain.messages[3]!.content).toBe("Output:\n```\nExecution successful.\n```");
    expect(plain.messages.at(-1)!.content).toMatch(/^(Done!|All set|Sent)/);
  });

  it("writes TRL messages lines whose JSON is JSON.stringify of the record", async () => {
    const file = path.join(dir, "conv.jsonl");
    const written = await writeConversations(file, iterateConversations({ count: 300, seed: 5 }));
    expect(written).toMatchObject({ records: 300, distinctUtterances: 300 });
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    const again = generateConversations({ count: 300, seed: 5 });
    expect(lines).toEqual(again.map((r) => JSON.stringify(r)));
    expect(again.map(serializeConversation)).toEqual(lines);
    expect(readJsonLines(file, MessagesRowSchema)).toHaveLength(300);
  });

  it("replays every record of an output in the Python REPL: each action runs, prints what the record shows, and the task tests pass", async () => {
    const output = generateConversations({ count: 120, seed: 11 });
    const report = await verifyConversations(output);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ checked: 120, passed: 120 });
    expect(report.actionsRun).toBe(360);
  }, 180_000);

  it("catches a record whose shown output is not the world's", async () => {
    const [record] = generateConversations({ count: 1, seed: 2 });
    const forged = {
      ...record!,
      messages: record!.messages.map((m, i) =>
        i === record!.messages.length - 2
          ? { ...m, content: 'Output:\n```\n{"message": "Sent money.", "transaction_id": 1}\n```' }
          : m,
      ),
    };
    const report = await verifyConversations([forged]);
    expect(report.passed).toBe(0);
    expect(report.problems.map((p) => p.problem)).toContain(
      `message ${record!.messages.length - 2} does not show the real output of action ${record!.messages.length - 3}`,
    );
  });
});
