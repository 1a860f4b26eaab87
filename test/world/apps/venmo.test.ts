import { describe, expect, it } from "vitest";
import {
  addPaymentCard,
  addPaymentRequest,
  addPerson,
  cardsOf,
  isCardExpired,
  setVenmoBalance,
  venmoBalanceOf,
} from "../../../lib/world/index.js";
import { openWorld, passwordOf } from "./world-fixture.js";

function setup(seed = 21) {
  const world = openWorld(seed);
  const me = world.state.supervisor.personId;
  const friend = addPerson(world.state, { firstName: "Olive", lastName: "Tester", venmoBalance: 50 });
  return { ...world, me, friend };
}

describe("venmo login and tokens", () => {
  it("logs in with email and password and returns a JWT-shaped bearer token whose sub is venmo+email", () => {
    const { call, state } = setup();
    const email = state.people.find((p) => p.id === state.supervisor.personId)?.email ?? "";
    const response = call("venmo", "login", { username: email, password: passwordOf(call, "venmo") });
    const body = response.body as { access_token: string; token_type: string };
    expect(body.token_type).toBe("Bearer");
    const [, payload] = body.access_token.split(".");
    expect(JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")).sub).toBe(`venmo+${email}`);
  });

  it("answers a wrong password with 401 Invalid credentials", () => {
    const { call, state } = setup();
    const email = state.people.find((p) => p.id === state.supervisor.personId)?.email;
    const response = call("venmo", "login", { username: email, password: "wrong-password" });
    expect(response.status).toBe(401);
    expect(response.json).toBe('{"message":"Invalid credentials"}');
  });

  it("refuses a missing, foreign or logged-out token with AppWorld's 401 text", () => {
    const world = setup();
    const text =
      "You are either not authorized to access this venmo API endpoint or your access token is missing, invalid or expired.";
    expect(world.call("venmo", "show_venmo_balance", {}).body).toEqual({ message: text });
    expect(world.call("venmo", "show_venmo_balance", { access_token: world.phoneToken }).body).toEqual({
      message: text,
    });
    expect(world.venmo("logout").body).toEqual({ message: "Successfully logged out." });
    const after = world.venmo("show_venmo_balance");
    expect(after.status).toBe(401);
    expect(after.body).toEqual({ message: text });
  });

  it("issues the same tokens for the same world and calls", () => {
    expect(openWorld(5).venmoToken).toBe(openWorld(5).venmoToken);
    expect(openWorld(5).venmoToken).not.toBe(openWorld(6).venmoToken);
  });
});

describe("venmo money", () => {
  it("sends money from the balance, moving it to the receiver and recording the transaction", () => {
    const w = setup();
    setVenmoBalance(w.state, w.me, 300);
    const response = w.venmo("create_transaction", {
      receiver_email: w.friend.email,
      amount: 120,
      description: "Lunch",
      private: true,
    });
    expect(response.status).toBe(200);
    const id = (response.body as { transaction_id: number }).transaction_id;
    expect(response.json).toBe(`{"message":"Sent money.","transaction_id":${id}}`);
    expect(venmoBalanceOf(w.state, w.me)).toBe(180);
    expect(venmoBalanceOf(w.state, w.friend.id)).toBe(170);
    const shown = w.venmo("show_transaction", { transaction_id: id }).body as Record<string, unknown>;
    expect(Object.keys(shown)).toEqual([
      "transaction_id",
      "amount",
      "description",
      "created_at",
      "updated_at",
      "private",
      "like_count",
      "payment_card_digits",
      "comment_count",
      "sender",
      "receiver",
    ]);
    expect(shown).toMatchObject({
      amount: 120,
      description: "Lunch",
      private: true,
      payment_card_digits: null,
      created_at: "2023-05-18T12:00:00",
    });
  });

  it("refuses a payment larger than the balance with AppWorld's message", () => {
    const w = setup();
    setVenmoBalance(w.state, w.me, 100);
    const response = w.venmo("create_transaction", { receiver_email: w.friend.email, amount: 250 });
    expect(response.status).toBe(422);
    expect(response.json).toBe('{"message":"Your Venmo balance does not have $250.00 to make this transaction."}');
    expect(venmoBalanceOf(w.state, w.me)).toBe(100);
  });

  it("refuses a card that is too low or expired", () => {
    const w = setup();
    const low = addPaymentCard(w.state, {
      ownerId: w.me,
      cardName: "Low",
      expiryYear: 2026,
      expiryMonth: 1,
      balance: 20,
    });
    const expired = addPaymentCard(w.state, {
      ownerId: w.me,
      cardName: "Old",
      expiryYear: 2023,
      expiryMonth: 4,
      balance: 5000,
    });
    expect(isCardExpired(w.state, expired)).toBe(true);
    expect(
      w.venmo("create_transaction", { receiver_email: w.friend.email, amount: 91, payment_card_id: low.id }).body,
    ).toEqual({
      message: "Your payment card does not have $91.00 to make this transaction.",
    });
    expect(
      w.venmo("create_transaction", { receiver_email: w.friend.email, amount: 9, payment_card_id: expired.id }).body,
    ).toEqual({
      message: "The payment card has expired.",
    });
    expect(w.venmo("add_to_venmo_balance", { amount: 400, payment_card_id: low.id }).body).toEqual({
      message: "Your payment card does not have $400.00 to add to your Venmo balance.",
    });
    expect(w.venmo("add_to_venmo_balance", { amount: 4, payment_card_id: expired.id }).body).toEqual({
      message: "The payment card has expired.",
    });
  });

  it("pays with a card, showing its last four digits, and tops up the balance from a card", () => {
    const w = setup();
    const card = addPaymentCard(w.state, {
      ownerId: w.me,
      cardName: "Main",
      cardNumber: 4111222233334444,
      expiryYear: 2027,
      expiryMonth: 3,
      balance: 1000,
    });
    setVenmoBalance(w.state, w.me, 0);
    const sent = w.venmo("create_transaction", {
      receiver_email: w.friend.email,
      amount: 40.5,
      payment_card_id: card.id,
    });
    const id = (sent.body as { transaction_id: number }).transaction_id;
    expect(
      (w.venmo("show_transaction", { transaction_id: id }).body as { payment_card_digits: string }).payment_card_digits,
    ).toBe("4444");
    expect(card.balance).toBe(959.5);
    const added = w.venmo("add_to_venmo_balance", { amount: 100, payment_card_id: card.id });
    expect(added.body).toMatchObject({ message: "Money added to Venmo balance." });
    expect(w.venmo("show_venmo_balance").json).toBe('{"venmo_balance":100.0}');
    const withdrawn = w.venmo("withdraw_from_venmo_balance", { amount: 30, payment_card_id: card.id });
    expect(withdrawn.body).toMatchObject({ message: "Money withdrawn from Venmo balance." });
    const history = w.venmo("show_bank_transfer_history", { transfer_type: "venmo_to_card", page_limit: 20 })
      .body as Record<string, unknown>[];
    expect(history.at(-1)).toEqual({
      bank_transfer_id: (withdrawn.body as { bank_transfer_id: number }).bank_transfer_id,
      transfer_type: "venmo_to_card",
      amount: 30,
      payment_card_digits: "4444",
      created_at: "2023-05-18T12:00:00",
    });
  });

  it("answers unknown ids with 409 and other people's cards with 'does not belong to you'", () => {
    const w = setup();
    expect(w.venmo("show_transaction", { transaction_id: 999999 }).json).toBe(
      '{"message":"The transaction with id 999999 does not exist."}',
    );
    expect(w.venmo("approve_payment_request", { payment_request_id: 6104 }).json).toBe(
      '{"message":"The payment request with id 6104 does not exist."}',
    );
    const theirs =
      cardsOf(w.state, w.friend.id)[0] ??
      addPaymentCard(w.state, { ownerId: w.friend.id, cardName: "X", expiryYear: 2030, expiryMonth: 1, balance: 10 });
    const mine = w.venmo("show_payment_cards").json;
    expect(mine).toMatch(/"card_number":\d{16},"expiry_year":\d{4},"expiry_month":\d{1,2},"cvv_number":\d{3}\}/);
    const response = w.venmo("show_payment_card", { payment_card_id: theirs.id });
    expect(response.status).toBe(422);
    expect(response.body).toEqual({
      message: "The given payment card does not belong to you, so you cannot access it.",
    });
    expect(w.venmo("create_transaction", { receiver_email: "nobody@nowhere.com", amount: 1 }).json).toBe(
      '{"message":["The user with email nobody@nowhere.com does not exist."]}',
    );
  });
});

describe("venmo transaction lists", () => {
  it("lists the user's transactions in ascending id order, filtered and paged", () => {
    const w = setup();
    const all: { transaction_id: number; amount: number; liked: boolean }[] = [];
    for (let page = 0; ; page++) {
      const items = w.venmo("show_transactions", { page_index: page, page_limit: 20 }).body as typeof all;
      if (items.length === 0) break;
      all.push(...items);
    }
    const mine = w.state.venmo.transactions.filter((t) => t.senderId === w.me || t.receiverId === w.me);
    expect(all.map((t) => t.transaction_id)).toEqual(mine.map((t) => t.id).sort((a, b) => a - b));
    expect(all.every((t) => typeof t.liked === "boolean")).toBe(true);
    const sent = w.venmo("show_transactions", { direction: "sent", page_limit: 20 }).body as {
      sender: { email: string };
    }[];
    expect(sent.every((t) => t.sender.email === w.state.people.find((p) => p.id === w.me)?.email)).toBe(true);
    const big = w.venmo("show_transactions", { min_amount: 200, page_limit: 20 }).body as { amount: number }[];
    expect(big.every((t) => t.amount >= 200)).toBe(true);
    const sorted = w.venmo("show_transactions", { sort_by: "-amount", page_limit: 20 }).body as { amount: number }[];
    const top = mine
      .map((t) => t.amount)
      .sort((a, b) => b - a)
      .slice(0, 20);
    expect(sorted.map((t) => t.amount)).toEqual(top);
    expect(w.venmo("show_transactions", { page_index: 999 }).body).toEqual([]);
  });

  it("rejects bad sort_by values with AppWorld's messages", () => {
    const w = setup();
    expect(w.venmo("show_transactions", { sort_by: "amount" }).body).toEqual({
      message: "The sort_by parameter must start with + or -.",
    });
    expect(w.venmo("show_transactions", { sort_by: "-name" }).body).toEqual({
      message:
        "If sort_by is passed, it must be one of created_at, like_count, amount and must be prefixed with + or -.",
    });
  });

  it("likes once, refusing a second like", () => {
    const w = setup();
    const first = (w.venmo("show_transactions", { page_limit: 1 }).body as { transaction_id: number }[])[0];
    const id = first?.transaction_id;
    expect(w.venmo("like_transaction", { transaction_id: id }).body).toEqual({ message: "Liked transaction." });
    expect(w.venmo("like_transaction", { transaction_id: id }).body).toEqual({
      message: "You have already liked this transaction.",
    });
    expect(w.venmo("create_transaction_comment", { transaction_id: id, comment: "Nice" }).body).toMatchObject({
      message: "Transaction comment created.",
    });
  });

  it("ranks search_users results by the query without filtering", () => {
    const w = setup();
    const users = w.venmo("search_users", { query: "Olive Tester", page_limit: 5 }).body as {
      email: string;
      friends_since: null;
    }[];
    expect(users).toHaveLength(5);
    expect(users[0]?.email).toBe(w.friend.email);
    expect(users[0]?.friends_since).toBeNull();
  });
});

describe("venmo payment requests", () => {
  it("creates, lists, approves and notifies through the whole lifecycle", () => {
    const w = setup();
    const created = w.venmo("create_payment_request", { user_email: w.friend.email, amount: 30, description: "Pizza" });
    const requestId = (created.body as { payment_request_id: number }).payment_request_id;
    expect(created.json).toBe(`{"message":"Payment request created.","payment_request_id":${requestId}}`);
    const sent = w.venmo("show_sent_payment_requests", { status: "pending", page_limit: 20 }).body as {
      payment_request_id: number;
    }[];
    expect(sent[0]?.payment_request_id).toBe(requestId);

    // The friend approves it from their own session.
    const friendLogin = w.call("venmo", "login", {
      username: w.friend.email,
      password: w.state.passwords[w.friend.id]?.venmo,
    });
    const friendToken = (friendLogin.body as { access_token: string }).access_token;
    const before = venmoBalanceOf(w.state, w.me);
    const approved = w.call("venmo", "approve_payment_request", {
      payment_request_id: requestId,
      access_token: friendToken,
    });
    expect(approved.body).toEqual({ message: "Payment request approved." });
    expect(venmoBalanceOf(w.state, w.me)).toBe(before + 30);
    expect(w.venmo("show_sent_payment_requests", { status: "approved", page_limit: 20 }).body).toContainEqual(
      expect.objectContaining({ payment_request_id: requestId, approved_at: "2023-05-18T12:00:00", denied_at: null }),
    );
    const notes = w.venmo("show_notifications", { read: false, page_limit: 1 }).body as {
      type: string;
      data: unknown;
    }[];
    expect(notes[0]).toMatchObject({ type: "payment_request_approved", data: { payment_request_id: requestId } });
  });

  it("shows received requests newest first with the status filter and AppWorld's keys", () => {
    const w = setup();
    const older = addPaymentRequest(w.state, {
      senderId: w.friend.id,
      receiverId: w.me,
      amount: 12,
      createdAt: "2023-05-10T10:00:00",
    });
    const newer = addPaymentRequest(w.state, {
      senderId: w.friend.id,
      receiverId: w.me,
      amount: 13,
      createdAt: "2023-05-18T11:00:00",
    });
    const pending = w.venmo("show_received_payment_requests", { status: "pending", page_limit: 20 }).body as Record<
      string,
      unknown
    >[];
    const ids = pending.map((r) => r.payment_request_id);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
    expect(Object.keys(pending[0] ?? {})).toEqual([
      "payment_request_id",
      "amount",
      "description",
      "created_at",
      "updated_at",
      "approved_at",
      "denied_at",
      "private",
      "sender",
      "receiver",
    ]);
    const createdAts = pending.map((r) => String(r.created_at));
    expect(createdAts).toEqual([...createdAts].sort().reverse());
  });

  it("approves from the balance only when it suffices, and from a card otherwise", () => {
    const w = setup();
    const request = addPaymentRequest(w.state, {
      senderId: w.friend.id,
      receiverId: w.me,
      amount: 80,
      description: "Tickets",
    });
    setVenmoBalance(w.state, w.me, 10);
    expect(w.venmo("approve_payment_request", { payment_request_id: request.id }).json).toBe(
      '{"message":"Insufficient money in the Venmo balance."}',
    );
    const card = addPaymentCard(w.state, {
      ownerId: w.me,
      cardName: "Main",
      expiryYear: 2027,
      expiryMonth: 3,
      balance: 500,
    });
    expect(
      w.venmo("approve_payment_request", { payment_request_id: request.id, payment_card_id: card.id }).body,
    ).toEqual({ message: "Payment request approved." });
    expect(card.balance).toBe(420);
    expect(venmoBalanceOf(w.state, w.friend.id)).toBe(130);
    expect(w.venmo("approve_payment_request", { payment_request_id: request.id }).body).toEqual({
      message: "The payment request has already been approved.",
    });
  });

  it("denies received requests and only lets the requester remind, update or delete", () => {
    const w = setup();
    const received = addPaymentRequest(w.state, { senderId: w.friend.id, receiverId: w.me, amount: 15 });
    expect(w.venmo("remind_payment_request", { payment_request_id: received.id }).json).toBe(
      '{"message":"You are not authorized to remind about this payment request."}',
    );
    expect(w.venmo("deny_payment_request", { payment_request_id: received.id }).body).toEqual({
      message: "Payment request denied.",
    });
    expect(received.deniedAt).toBe("2023-05-18T12:00:00");
    const sent = addPaymentRequest(w.state, { senderId: w.me, receiverId: w.friend.id, amount: 25 });
    expect(w.venmo("remind_payment_request", { payment_request_id: sent.id }).body).toEqual({
      message: "Sent a reminder for the payment request.",
    });
    expect(sent.reminders).toBe(1);
    expect(w.venmo("update_payment_request", { payment_request_id: sent.id, amount: 27.5 }).body).toEqual({
      message: "Payment request updated.",
    });
    expect(sent.amount).toBe(27.5);
    expect(w.venmo("delete_payment_request", { payment_request_id: sent.id }).body).toEqual({
      message: "Payment request deleted.",
    });
    expect(w.state.venmo.requests.some((r) => r.id === sent.id)).toBe(false);
  });
});

describe("venmo accounts and friends", () => {
  it("signs up, verifies with the sent code and then logs in", () => {
    const w = setup();
    expect(
      w.call("venmo", "signup", {
        first_name: "New",
        last_name: "Person",
        email: "new.person@example.com",
        password: "secret1",
      }).status,
    ).toBe(200);
    expect(w.call("venmo", "login", { username: "new.person@example.com", password: "secret1" }).body).toEqual({
      message: "Your account's email adddress is not verified. Please verify it first.",
    });
    w.call("venmo", "send_verification_code", { email: "new.person@example.com" });
    const code = w.state.authCodes.find((c) => c.username === "new.person@example.com")?.code;
    expect(
      w.call("venmo", "verify_account", { email: "new.person@example.com", verification_code: code }).body,
    ).toEqual({
      message: "Account verified. You can now login.",
    });
    expect(w.call("venmo", "login", { username: "new.person@example.com", password: "secret1" }).status).toBe(200);
    expect(
      w.call("venmo", "signup", {
        first_name: "A",
        last_name: "B",
        email: "new.person@example.com",
        password: "secret1",
      }).json,
    ).toBe('{"message":"User with this email already exists."}');
  });

  it("adds and removes friends, reflected in show_profile", () => {
    const w = setup();
    expect(w.venmo("add_friend", { user_email: w.friend.email }).body).toEqual({ message: "Friend added." });
    expect((w.venmo("show_profile", { email: w.friend.email }).body as { friends_since: string }).friends_since).toBe(
      "2023-05-18T12:00:00",
    );
    const friends = w.venmo("search_friends", { query: "Olive", page_limit: 1 }).body as { email: string }[];
    expect(friends[0]?.email).toBe(w.friend.email);
    expect(w.venmo("remove_friend", { user_email: w.friend.email }).body).toEqual({ message: "Friend removed." });
    expect(
      (w.venmo("show_profile", { email: w.friend.email }).body as { friends_since: null }).friends_since,
    ).toBeNull();
  });
});
