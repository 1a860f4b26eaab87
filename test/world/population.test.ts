import { describe, expect, it } from "vitest";
import {
  addPaymentRequest,
  addPerson,
  addTransaction,
  cardsOf,
  contactsOf,
  createRandom,
  createWorldState,
  findPeopleByName,
  findPersonByEmail,
  findPersonByPhone,
  isCardExpired,
  paymentRequestStatus,
  personName,
} from "../../lib/world/index.js";

describe("seeded population", () => {
  it("builds the same world for the same seed and a different one for another seed", () => {
    const a = createWorldState({ seed: 101 });
    const b = createWorldState({ seed: 101 });
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(JSON.stringify(createWorldState({ seed: 102 }))).not.toBe(JSON.stringify(a));
  });

  it("hands out independent copies, so one task's changes never leak into the next", () => {
    const a = createWorldState({ seed: 103 });
    a.people[0]!.firstName = "Changed";
    a.venmo.transactions.length = 0;
    const b = createWorldState({ seed: 103 });
    expect(b.people[0]?.firstName).not.toBe("Changed");
    expect(b.venmo.transactions.length).toBeGreaterThan(0);
  });

  it("draws the same numbers from the same seed", () => {
    const r1 = createRandom(9);
    const r2 = createRandom(9);
    const draws = Array.from({ length: 5 }, () => r1.next());
    expect(Array.from({ length: 5 }, () => r2.next())).toEqual(draws);
    // Pinned values keep the generator identical across machines and releases.
    expect(createRandom(1).int(0, 1_000_000)).toBe(createRandom(1).int(0, 1_000_000));
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it.each([1, 2, 3, 4, 5])("seed %i has 60–80 people with unique emails and 10-digit phone numbers", (seed) => {
    const state = createWorldState({ seed });
    expect(state.people.length).toBeGreaterThanOrEqual(60);
    expect(state.people.length).toBeLessThanOrEqual(80);
    expect(new Set(state.people.map((p) => p.email)).size).toBe(state.people.length);
    expect(new Set(state.people.map((p) => p.phoneNumber)).size).toBe(state.people.length);
    expect(state.people.every((p) => /^[2-9]\d{9}$/.test(p.phoneNumber))).toBe(true);
    expect(state.people.every((p) => /^\d{4}-\d{2}-\d{2}$/.test(p.birthday))).toBe(true);
    for (const person of state.people) {
      expect(state.passwords[person.id]).toMatchObject({ venmo: expect.any(String), phone: expect.any(String) });
      expect(state.venmo.accounts.some((a) => a.userId === person.id)).toBe(true);
      expect(state.phone.accounts.some((a) => a.userId === person.id)).toBe(true);
    }
  });

  it.each([1, 2, 3, 4, 5])(
    "seed %i gives the supervisor cards, contacts, history and requests that tasks need",
    (seed) => {
      const state = createWorldState({ seed });
      const me = state.supervisor.personId;
      expect(state.supervisor.accountPasswords.map((e) => e.account_name)).toEqual([
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
      expect(state.supervisor.accountPasswords.find((e) => e.account_name === "venmo")?.password).toBe(
        state.passwords[me]?.venmo,
      );
      expect(state.supervisor.addresses.map((a) => a.name)).toEqual(["Home", "Work"]);

      const cards = cardsOf(state, me);
      expect(cards.some((c) => isCardExpired(state, c) && c.inVenmo)).toBe(true);
      expect(cards.some((c) => !isCardExpired(state, c) && c.inVenmo && c.balance < 50)).toBe(true);
      expect(cards.some((c) => !isCardExpired(state, c) && c.inVenmo && c.balance > 1000)).toBe(true);

      const contacts = contactsOf(state, me);
      const relationships = new Set(contacts.flatMap((c) => c.relationships));
      for (const r of ["friend", "coworker", "manager", "roommate", "sibling", "parent", "partner"])
        expect(relationships).toContain(r);
      const firstNames = contacts.map((c) => c.firstName);
      expect(new Set(firstNames).size).toBeLessThan(firstNames.length);
      expect(
        contacts.every((c) => c.personId !== null && findPersonByPhone(state, c.phoneNumber)?.id === c.personId),
      ).toBe(true);

      const mine = state.venmo.transactions.filter((t) => t.senderId === me || t.receiverId === me);
      expect(mine.some((t) => t.senderId === me)).toBe(true);
      expect(mine.some((t) => t.receiverId === me)).toBe(true);
      expect(mine.some((t) => t.private)).toBe(true);
      expect(state.venmo.transactions.some((t) => t.senderId !== me && t.receiverId !== me)).toBe(true);
      expect(state.venmo.transactions.every((t) => t.createdAt < state.now)).toBe(true);

      const received = state.venmo.requests.filter((r) => r.receiverId === me);
      const sent = state.venmo.requests.filter((r) => r.senderId === me);
      expect(received.some((r) => paymentRequestStatus(r) === "pending")).toBe(true);
      expect(sent.some((r) => paymentRequestStatus(r) === "pending")).toBe(true);
      const settled = [...received, ...sent].map(paymentRequestStatus);
      expect(settled).toContain("approved");
      expect(state.phone.textMessages.length).toBeGreaterThan(0);
      expect(state.venmo.friendships.some((f) => f.userId === me)).toBe(true);
    },
  );

  it("gives common names their nicknames", () => {
    const state = createWorldState({ seed: 1 });
    const withNick = state.people.find((p) => p.nicknames.length > 0);
    expect(withNick).toBeDefined();
    expect(findPeopleByName(state, withNick?.nicknames[0] ?? "")).toContainEqual(withNick);
  });

  it("honours the clock and supervisor options and rejects bad ones", () => {
    const state = createWorldState({ seed: 5, now: "2024-01-10T08:30:00", supervisorIndex: 3 });
    expect(state.now).toBe("2024-01-10T08:30:00");
    expect(state.supervisor.personId).toBe(4);
    expect(() => createWorldState({ seed: 5, supervisorIndex: 500 })).toThrow(/supervisorIndex/);
    expect(() => createWorldState({ seed: 1.5 })).toThrow("Expected `seed` to be an integer, got `1.5` (number).");
    expect(() => createWorldState({ seed: 1, now: "yesterday" })).toThrow(
      "Expected a datetime like `2023-05-18T12:00:00`, got `yesterday`.",
    );
  });
});

describe("mutations", () => {
  it("adds people, transactions and requests with fresh ids", () => {
    const state = createWorldState({ seed: 8 });
    const next = state.nextId.transaction;
    const ann = addPerson(state, { firstName: "Ann", lastName: "Example", venmoBalance: 12.5 });
    expect(findPersonByEmail(state, "ann.example@gmail.com")).toBe(ann);
    expect(personName(state, ann.id)).toBe("Ann Example");
    const tx = addTransaction(state, {
      senderId: ann.id,
      receiverId: state.supervisor.personId,
      amount: 10,
      description: "Lunch",
    });
    expect(tx.id).toBe(next);
    expect(state.nextId.transaction).toBe(next + 1);
    const request = addPaymentRequest(state, {
      senderId: ann.id,
      receiverId: state.supervisor.personId,
      amount: 5,
      status: "denied",
      resolvedAt: "2023-05-17T10:00:00",
    });
    expect(request.deniedAt).toBe("2023-05-17T10:00:00");
    expect(paymentRequestStatus(request)).toBe("denied");
    expect(() => addPerson(state, { firstName: "Ann", lastName: "Example", email: ann.email })).toThrow(
      "The email `ann.example@gmail.com` is already used by another person.",
    );
  });
});
