// The social part of a seeded world: the supervisor's contact book, Venmo friends, payment history,
// payment requests in every state, notifications, texts and alarms, plus a feed among other people.
import { ALARM_LABELS, COMMENTS, PAYMENT_DESCRIPTIONS, TEXT_MESSAGES } from "./names.js";
import { addContactBook } from "./population-contacts.js";
import type { Random } from "./random.js";
import {
  addBankTransfer,
  addFriendship,
  addNotification,
  addPaymentRequest,
  addTextMessage,
  addTransaction,
  allocateId,
  cardsOf,
  isCardExpired,
  personName,
} from "./mutations.js";
import { formatDateTime, parseDateTime, randomPastDateTime as past } from "./datetime.js";
import type { Person, WorldState } from "./state.js";

// Adds the supervisor's social graph and everyone's payment history.
export function populateHistory(state: WorldState, rng: Random): void {
  const supervisorId = state.supervisor.personId;
  const supervisor = state.people.find((p) => p.id === supervisorId) as Person;
  const others = rng.shuffle(state.people.filter((p) => p.id !== supervisorId));
  const contacts = addContactBook(state, rng, supervisor, others);
  const contactIds = contacts.map((p) => p.id);
  const strangers = others.filter((p) => !contactIds.includes(p.id));

  // Venmo friends: most contacts, a few people met only on Venmo.
  for (const p of contacts) if (rng.chance(0.85)) addFriendship(state, supervisorId, p.id, past(rng, state, 700, 30));
  for (const p of rng.sample(strangers, 4)) addFriendship(state, supervisorId, p.id, past(rng, state, 700, 30));
  for (let i = 0; i < others.length * 2; i++) {
    const [a, b] = rng.sample(others, 2) as [Person, Person];
    addFriendship(state, a.id, b.id, past(rng, state, 900, 10));
  }

  addSupervisorPayments(state, rng, supervisor, contacts);
  addFeed(state, rng, others);
  addRequests(state, rng, supervisor, contacts, strangers);
  addMessagesAndAlarms(state, rng, supervisor, contacts);
}

function addSupervisorPayments(state: WorldState, rng: Random, supervisor: Person, contacts: Person[]): void {
  const usable = cardsOf(state, supervisor.id).filter((c) => c.inVenmo && !isCardExpired(state, c));
  const count = rng.int(36, 50);
  for (let i = 0; i < count; i++) {
    const other = rng.pick(contacts);
    const sent = rng.chance(0.5);
    const friendsOfBoth = state.venmo.friendships.filter((f) => f.userId === other.id).map((f) => f.friendId);
    addTransaction(state, {
      senderId: sent ? supervisor.id : other.id,
      receiverId: sent ? other.id : supervisor.id,
      amount: drawAmount(rng),
      description: rng.pick(PAYMENT_DESCRIPTIONS),
      createdAt: past(rng, state, 365, 0.05),
      private: rng.chance(0.35),
      paymentCardId: sent && usable.length > 0 && rng.chance(0.3) ? rng.pick(usable).id : null,
      likedBy: rng.sample(friendsOfBoth, rng.chance(0.3) ? rng.int(1, 3) : 0),
    });
  }
}

// Payments among other people: the supervisor's social feed and the world's search results.
function addFeed(state: WorldState, rng: Random, others: Person[]): void {
  const friendships = state.venmo.friendships.filter(
    (f) => f.userId !== state.supervisor.personId && f.friendId !== state.supervisor.personId,
  );
  const count = rng.int(70, 100);
  for (let i = 0; i < count && friendships.length > 0; i++) {
    const f = rng.pick(friendships);
    const tx = addTransaction(state, {
      senderId: f.userId,
      receiverId: f.friendId,
      amount: drawAmount(rng),
      description: rng.pick(PAYMENT_DESCRIPTIONS),
      createdAt: past(rng, state, 365, 0.05),
      private: rng.chance(0.3),
      likedBy: rng.chance(0.25) ? [rng.pick(others).id] : [],
    });
    if (rng.chance(0.15)) {
      state.venmo.comments.push({
        id: allocateId(state, "comment"),
        transactionId: tx.id,
        userId: tx.receiverId,
        comment: rng.pick(COMMENTS),
        createdAt: tx.createdAt,
        likedBy: [],
      });
    }
  }
}

function addRequests(
  state: WorldState,
  rng: Random,
  supervisor: Person,
  contacts: Person[],
  strangers: Person[],
): void {
  const requesters = rng.sample(contacts, 6);
  // Pending requests the supervisor received (several from one person in some worlds) and sent.
  for (const p of requesters.slice(0, rng.int(4, 6))) {
    addPaymentRequest(state, {
      senderId: p.id,
      receiverId: supervisor.id,
      amount: drawAmount(rng),
      description: rng.pick(PAYMENT_DESCRIPTIONS),
      createdAt: past(rng, state, 20, 0.05),
      private: rng.chance(0.3),
    });
  }
  for (const p of rng.sample(contacts, rng.int(3, 5))) {
    addPaymentRequest(state, {
      senderId: supervisor.id,
      receiverId: p.id,
      amount: drawAmount(rng),
      description: rng.pick(PAYMENT_DESCRIPTIONS),
      createdAt: past(rng, state, 20, 0.05),
      private: rng.chance(0.3),
    });
  }
  // Settled ones in both directions.
  for (let i = 0; i < rng.int(6, 9); i++) {
    const p = rng.pick(contacts);
    const incoming = rng.chance(0.5);
    const status = rng.chance(0.7) ? "approved" : "denied";
    const createdAt = past(rng, state, 200, 1);
    const resolvedAt = formatDateTime(parseDateTime(createdAt) + rng.int(600, 86_000) * 1000);
    const request = addPaymentRequest(state, {
      senderId: incoming ? p.id : supervisor.id,
      receiverId: incoming ? supervisor.id : p.id,
      amount: drawAmount(rng),
      description: rng.pick(PAYMENT_DESCRIPTIONS),
      createdAt,
      status,
      resolvedAt,
    });
    if (status === "approved") {
      // An approved request leaves the matching payment in the history, as the app would.
      addTransaction(state, {
        senderId: request.receiverId,
        receiverId: request.senderId,
        amount: request.amount,
        description: request.description,
        createdAt: resolvedAt,
        private: request.private,
      });
    }
    if (!incoming) {
      addNotification(state, {
        userId: supervisor.id,
        type: status === "approved" ? "payment_request_approved" : "payment_request_denied",
        title: status === "approved" ? "Payment request approved" : "Payment request denied",
        message: `${personName(state, p.id)} ${status} your payment request of $${request.amount.toFixed(2)}.`,
        createdAt: resolvedAt,
        read: rng.chance(0.6),
        data: { payment_request_id: request.id },
      });
    }
  }
  // Requests among other people, so lists are not only the supervisor's.
  for (let i = 0; i < 12 && strangers.length > 1; i++) {
    const [a, b] = rng.sample(strangers, 2) as [Person, Person];
    addPaymentRequest(state, {
      senderId: a.id,
      receiverId: b.id,
      amount: drawAmount(rng),
      description: rng.pick(PAYMENT_DESCRIPTIONS),
      createdAt: past(rng, state, 60, 0.05),
      status: rng.pick(["pending", "approved", "denied"] as const),
    });
  }
  for (const card of cardsOf(state, supervisor.id)
    .filter((c) => c.inVenmo && !isCardExpired(state, c))
    .slice(0, 2)) {
    addBankTransfer(state, {
      userId: supervisor.id,
      transferType: rng.pick(["card_to_venmo", "venmo_to_card"] as const),
      amount: drawAmount(rng),
      paymentCardId: card.id,
      createdAt: past(rng, state, 120, 2),
    });
  }
}

function addMessagesAndAlarms(state: WorldState, rng: Random, supervisor: Person, contacts: Person[]): void {
  for (let i = 0; i < rng.int(10, 16); i++) {
    const other = rng.pick(contacts);
    const outgoing = rng.chance(0.5);
    addTextMessage(state, {
      senderPhone: outgoing ? supervisor.phoneNumber : other.phoneNumber,
      receiverPhone: outgoing ? other.phoneNumber : supervisor.phoneNumber,
      message: rng.pick(TEXT_MESSAGES),
      sentAt: past(rng, state, 60, 0.05),
    });
  }
  for (let i = 0; i < rng.int(2, 3); i++) {
    state.phone.alarms.push({
      id: allocateId(state, "alarm"),
      ownerId: supervisor.id,
      time: `${String(rng.int(5, 9)).padStart(2, "0")}:${rng.pick(["00", "15", "30", "45"])}`,
      repeatDays: rng.sample(["monday", "tuesday", "wednesday", "thursday", "friday"], rng.int(1, 5)),
      label: rng.pick(ALARM_LABELS),
      enabled: rng.chance(0.7),
      snoozeMinutes: rng.pick([5, 10, 15]),
      vibration: rng.chance(0.5),
      createdAt: past(rng, state, 300, 1),
    });
  }
}

function drawAmount(rng: Random): number {
  return rng.chance(0.6) ? rng.int(5, 120) : rng.int(10, 400);
}
