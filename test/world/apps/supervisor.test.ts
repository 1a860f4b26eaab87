import { describe, expect, it } from "vitest";
import { ANSWER_NOT_GIVEN, setActiveTask } from "../../../lib/world/index.js";
import { openWorld } from "./world-fixture.js";

describe("supervisor app", () => {
  it("shows the active task with <<NOT_GIVEN>> until completion, then the status and answer", () => {
    const w = openWorld(41);
    setActiveTask(w.state, "How much did I send Bob?");
    expect(w.call("supervisor", "show_active_task", {}).json).toBe(
      '{"instruction":"How much did I send Bob?","status":null,"answer":"<<NOT_GIVEN>>"}',
    );
    expect(w.call("supervisor", "complete_task", { answer: 42.5 }).json).toBe(
      '{"message":"Marked the active task complete."}',
    );
    expect(w.call("supervisor", "show_active_task", {}).body).toEqual({
      instruction: "How much did I send Bob?",
      status: "success",
      answer: 42.5,
    });
    expect(ANSWER_NOT_GIVEN).toBe("<<NOT_GIVEN>>");
  });

  it("stores null when completing without an answer, and accepts status fail", () => {
    const w = openWorld(41);
    w.call("supervisor", "complete_task", { status: "fail" });
    expect(w.state.supervisor.task).toMatchObject({ status: "fail", answer: null });
    expect(w.call("supervisor", "complete_task", { status: "done" }).body).toEqual({
      message: "Validation error. Reason: \nstatus: unexpected value; permitted: 'success', 'fail'",
    });
  });

  it("lists passwords alphabetically and cards without Venmo ids", () => {
    const w = openWorld(41);
    const passwords = w.call("supervisor", "show_account_passwords", {}).body as { account_name: string }[];
    expect(passwords.map((p) => p.account_name)).toEqual([
      "amazon",
      "file_system",
      "gmail",
      "phone",
      "simple_note",
      "splitwise",
      "spotify",
      "todoist",
      "venmo",
    ]);
    const cards = w.call("supervisor", "show_payment_cards", {}).body as Record<string, unknown>[];
    expect(Object.keys(cards[0] ?? {})).toEqual([
      "owner_name",
      "card_name",
      "card_number",
      "expiry_year",
      "expiry_month",
      "cvv_number",
    ]);
    const addresses = w.call("supervisor", "show_addresses", {}).body as { name: string }[];
    expect(addresses.map((a) => a.name)).toEqual(["Home", "Work"]);
    const profile = w.call("supervisor", "show_profile", {}).body as Record<string, unknown>;
    expect(Object.keys(profile)).toEqual(["first_name", "last_name", "email", "phone_number", "birthday", "sex"]);
  });
});
