// Task setup helpers on top of the world mutations: choosing people for a task, giving the
// supervisor contacts with relationships, history to look up, and cards in a known condition.
import { shiftDateTime } from "../datetime.js";
import {
  addContact,
  addPaymentCard,
  addPaymentRequest,
  addTransaction,
  cardsOf,
  contactsOf,
  isCardExpired,
  setVenmoBalance,
  supervisorPerson,
  venmoAccountOf,
  venmoBalanceOf,
} from "../mutations.js";
import type { Random } from "../random.js";
import type { Contact, PaymentCard, PaymentRequest, Person, Transaction, WorldState } from "../state.js";

/** A person as a task refers to them, with the contact entry the supervisor holds for them. */
export interface TaskPerson {
  readonly person: Person;
  readonly contact: Contact;
  readonly name: string;
}

// People other than the supervisor who have a Venmo account and a full name that is unique in the world.
export function eligiblePeople(state: WorldState, exclude: ReadonlySet<number> = new Set()): Person[] {
  const supervisorId = state.supervisor.personId;
  const counts = new Map<string, number>();
  for (const p of state.people) counts.set(fullName(p), (counts.get(fullName(p)) ?? 0) + 1);
  return state.people.filter(
    (p) =>
      p.id !== supervisorId &&
      !exclude.has(p.id) &&
      venmoAccountOf(state, p.id) !== undefined &&
      counts.get(fullName(p)) === 1,
  );
}

export function fullName(person: Person): string {
  return `${person.firstName} ${person.lastName}`;
}

// How expectations name a person in test failures: "Jane Doe (jane@example.com)".
export function personLabel(p: TaskPerson): string {
  return `${p.name} (${p.person.email})`;
}

// Renames the supervisor's earlier payments from `fromId` whose note contains `note`, so a task about
// "the payment for <note>" finds only the one it adds.
export function renamePaymentsWithNote(
  state: WorldState,
  payments: { fromId: number; note: string; rename: () => string },
): void {
  const { fromId, note, rename } = payments;
  const sup = state.supervisor.personId;
  for (const t of state.venmo.transactions) {
    if (t.senderId === fromId && t.receiverId === sup && t.description.toLowerCase().includes(note.toLowerCase()))
      t.description = rename();
  }
}

// Picks `count` distinct people and makes sure each is in the supervisor's contacts (with an email).
export function pickContacts(
  state: WorldState,
  rng: Random,
  count: number,
  options: { exclude?: ReadonlySet<number>; relationships?: readonly string[] } = {},
): TaskPerson[] {
  const people = rng.sample(eligiblePeople(state, options.exclude), count);
  if (people.length < count)
    throw new RangeError(`The world of seed ${state.seed} has fewer than ${count} eligible people.`);
  return people.map((person) => ensureContact(state, person, options.relationships ?? []));
}

// The supervisor's contact for a person (created when missing), with its email filled and relationships added.
export function ensureContact(state: WorldState, person: Person, relationships: readonly string[]): TaskPerson {
  const ownerId = state.supervisor.personId;
  let contact = contactsOf(state, ownerId).find((c) => c.personId === person.id);
  if (!contact)
    contact = addContact(state, {
      ownerId,
      personId: person.id,
      relationships: [...relationships],
      createdAt: shiftDateTime(state.now, -86_400 * 200),
    });
  contact.email = person.email;
  contact.phoneNumber = person.phoneNumber;
  contact.firstName = person.firstName;
  contact.lastName = person.lastName;
  for (const r of relationships) if (!contact.relationships.includes(r)) contact.relationships.push(r);
  return { person, contact, name: fullName(person) };
}

// Makes exactly `members` carry `relationship` among the supervisor's contacts (others lose it).
export function setRelationshipGroup(
  state: WorldState,
  relationship: string,
  members: readonly Person[],
): TaskPerson[] {
  const ownerId = state.supervisor.personId;
  for (const c of contactsOf(state, ownerId, relationship))
    c.relationships = c.relationships.filter((r) => r !== relationship);
  return members.map((m) => ensureContact(state, m, [relationship]));
}

// A random whole-second datetime between `minDays` and `maxDays` days before the world clock.
export function daysAgo(state: WorldState, rng: Random, minDays: number, maxDays: number): string {
  const seconds = Math.floor((minDays + rng.next() * (maxDays - minDays)) * 86_400) + 3600;
  return shiftDateTime(state.now, -seconds);
}

export function recordPayment(
  state: WorldState,
  spec: { from: number; to: number; amount: number; description: string; createdAt: string; private?: boolean },
): Transaction {
  return addTransaction(state, {
    senderId: spec.from,
    receiverId: spec.to,
    amount: spec.amount,
    description: spec.description,
    createdAt: spec.createdAt,
    private: spec.private ?? false,
  });
}

export function recordRequest(
  state: WorldState,
  spec: {
    from: number;
    to: number;
    amount: number;
    description: string;
    createdAt: string;
    status?: "pending" | "approved" | "denied";
  },
): PaymentRequest {
  return addPaymentRequest(state, {
    senderId: spec.from,
    receiverId: spec.to,
    amount: spec.amount,
    description: spec.description,
    createdAt: spec.createdAt,
    status: spec.status ?? "pending",
    resolvedAt: spec.status && spec.status !== "pending" ? shiftDateTime(spec.createdAt, 3 * 3600) : undefined,
  });
}

// Makes sure the supervisor's balance is at least `minimum` (keeps a larger balance as drawn).
export function ensureBalanceAtLeast(state: WorldState, minimum: number): number {
  const id = state.supervisor.personId;
  if (venmoBalanceOf(state, id) < minimum) setVenmoBalance(state, id, minimum);
  return venmoBalanceOf(state, id);
}

/** The supervisor's cards as a task sees them in Venmo, in id order (the order the app lists them). */
export function venmoCardsOfSupervisor(state: WorldState): PaymentCard[] {
  return cardsOf(state, state.supervisor.personId)
    .filter((c) => c.inVenmo)
    .sort((a, b) => a.id - b.id);
}

// Card names held by the supervisor's Venmo cards exactly once (a task may name such a card).
export function uniquelyNamedUsableCards(state: WorldState, minBalance: number): PaymentCard[] {
  const cards = venmoCardsOfSupervisor(state);
  return cards.filter(
    (c) =>
      cards.filter((o) => o.cardName === c.cardName).length === 1 &&
      !isCardExpired(state, c) &&
      c.balance >= minBalance,
  );
}

// A uniquely named, unexpired supervisor card holding at least `minBalance`; one is added when the world has none.
export function pickUsableNamedCard(state: WorldState, rng: Random, minBalance: number): PaymentCard {
  const cards = uniquelyNamedUsableCards(state, minBalance);
  if (cards.length > 0) return rng.pick(cards);
  const taken = new Set(venmoCardsOfSupervisor(state).map((c) => c.cardName));
  const name =
    ["Discover", "Chase Sapphire", "Citi Rewards", "Wells Fargo Active", "Amex Gold"].find((n) => !taken.has(n)) ??
    `Card ${state.nextId.paymentCard}`;
  return addPaymentCard(state, {
    ownerId: state.supervisor.personId,
    cardName: name,
    expiryYear: Number(state.now.slice(0, 4)) + 2,
    expiryMonth: rng.int(1, 12),
    balance: minBalance * 10,
  });
}

// Puts the supervisor's first Venmo cards in the seed trajectory's order: expired, declined (too little money), then usable.
export function arrangeCardsExpiredDeclinedUsable(state: WorldState, needed: number): PaymentCard[] {
  const cards = venmoCardsOfSupervisor(state);
  const year = Number(state.now.slice(0, 4));
  cards.forEach((card, i) => {
    if (i === 0) {
      card.expiryYear = year - 1;
      card.balance = needed * 20;
    } else if (i === 1) {
      card.expiryYear = year + 2;
      card.balance = Math.max(1, Math.floor(needed / 4));
    } else {
      card.expiryYear = year + 2;
      card.balance = Math.max(card.balance, needed * 10);
    }
  });
  return cards;
}

export { supervisorPerson };
