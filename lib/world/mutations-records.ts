// State helpers that record things: payments, requests, cards, contacts, friendships, messages,
// notifications and bank transfers. Ids come from `state.nextId`; times default to the frozen clock.
import { allocateId, getPerson, personName, roundMoney } from "./mutations-people.js";
import type {
  BankTransfer,
  Contact,
  DateTime,
  PaymentCard,
  PaymentRequest,
  TextMessage,
  Transaction,
  VenmoNotification,
  WorldState,
} from "./state.js";

/** A past or new Venmo payment; `addTransaction` records it without moving money. */
export interface NewTransaction {
  senderId: number;
  receiverId: number;
  amount: number;
  description?: string;
  createdAt?: DateTime;
  private?: boolean;
  paymentCardId?: number | null;
  likedBy?: number[];
}

// Records a transaction in the history (balances are the caller's business: setups state them directly).
export function addTransaction(state: WorldState, spec: NewTransaction): Transaction {
  const createdAt = spec.createdAt ?? state.now;
  const tx: Transaction = {
    id: allocateId(state, "transaction"),
    senderId: spec.senderId,
    receiverId: spec.receiverId,
    amount: roundMoney(spec.amount),
    description: spec.description ?? "",
    createdAt,
    updatedAt: createdAt,
    private: spec.private ?? false,
    paymentCardId: spec.paymentCardId ?? null,
    likedBy: spec.likedBy ?? [],
  };
  state.venmo.transactions.push(tx);
  return tx;
}

/** A payment request: `senderId` asks `receiverId` for money. */
export interface NewPaymentRequest {
  senderId: number;
  receiverId: number;
  amount: number;
  description?: string;
  createdAt?: DateTime;
  private?: boolean;
  status?: "pending" | "approved" | "denied";
  /** When it was approved or denied (default: one hour after creation, capped at `now`). */
  resolvedAt?: DateTime;
}

// Records a payment request; approved ones do not move money here (they are history).
export function addPaymentRequest(state: WorldState, spec: NewPaymentRequest): PaymentRequest {
  const createdAt = spec.createdAt ?? state.now;
  const status = spec.status ?? "pending";
  const resolvedAt = status === "pending" ? null : (spec.resolvedAt ?? createdAt);
  const request: PaymentRequest = {
    id: allocateId(state, "paymentRequest"),
    senderId: spec.senderId,
    receiverId: spec.receiverId,
    amount: roundMoney(spec.amount),
    description: spec.description ?? "",
    createdAt,
    updatedAt: resolvedAt ?? createdAt,
    approvedAt: status === "approved" ? resolvedAt : null,
    deniedAt: status === "denied" ? resolvedAt : null,
    private: spec.private ?? false,
    reminders: 0,
  };
  state.venmo.requests.push(request);
  return request;
}

export function paymentRequestStatus(request: PaymentRequest): "pending" | "approved" | "denied" {
  if (request.approvedAt !== null) return "approved";
  if (request.deniedAt !== null) return "denied";
  return "pending";
}

/** A payment card; `balance` is the hidden money on it. */
export interface NewPaymentCard {
  ownerId: number;
  cardName: string;
  cardNumber?: number;
  expiryYear: number;
  expiryMonth: number;
  cvvNumber?: number;
  balance: number;
  /** Registered in the owner's Venmo account (default true). */
  inVenmo?: boolean;
}

export function addPaymentCard(state: WorldState, spec: NewPaymentCard): PaymentCard {
  const id = allocateId(state, "paymentCard");
  const card: PaymentCard = {
    id,
    ownerId: spec.ownerId,
    cardName: spec.cardName,
    ownerName: personName(state, spec.ownerId),
    cardNumber: spec.cardNumber ?? 4000000000000000 + ((id * 7368787 + state.seed * 31) % 999999999999),
    expiryYear: spec.expiryYear,
    expiryMonth: spec.expiryMonth,
    cvvNumber: spec.cvvNumber ?? 100 + ((id * 389) % 900),
    balance: roundMoney(spec.balance),
    inVenmo: spec.inVenmo ?? true,
  };
  state.cards.push(card);
  return card;
}

// A card is valid through the end of its expiry month, checked against the frozen clock.
export function isCardExpired(state: WorldState, card: PaymentCard): boolean {
  const year = Number(state.now.slice(0, 4));
  const month = Number(state.now.slice(5, 7));
  return card.expiryYear < year || (card.expiryYear === year && card.expiryMonth < month);
}

export function cardsOf(state: WorldState, ownerId: number): PaymentCard[] {
  return state.cards.filter((c) => c.ownerId === ownerId);
}

/** A contact entry; unset fields are copied from `personId`'s person when given. */
export interface NewContact {
  ownerId: number;
  personId?: number | null;
  relationships: string[];
  firstName?: string;
  lastName?: string;
  email?: string | null;
  phoneNumber?: string;
  birthday?: string | null;
  homeAddress?: string | null;
  workAddress?: string | null;
  createdAt?: DateTime;
}

export function addContact(state: WorldState, spec: NewContact): Contact {
  const person = spec.personId == null ? undefined : getPerson(state, spec.personId);
  const contact: Contact = {
    id: allocateId(state, "contact"),
    ownerId: spec.ownerId,
    personId: person?.id ?? null,
    firstName: spec.firstName ?? person?.firstName ?? "",
    lastName: spec.lastName ?? person?.lastName ?? "",
    email: spec.email !== undefined ? spec.email : (person?.email ?? null),
    phoneNumber: spec.phoneNumber ?? person?.phoneNumber ?? "",
    relationships: spec.relationships.slice(),
    birthday: spec.birthday !== undefined ? spec.birthday : (person?.birthday ?? null),
    homeAddress: spec.homeAddress ?? null,
    workAddress: spec.workAddress ?? null,
    createdAt: spec.createdAt ?? state.now,
  };
  state.phone.contacts.push(contact);
  return contact;
}

export function contactsOf(state: WorldState, ownerId: number, relationship?: string): Contact[] {
  return state.phone.contacts.filter(
    (c) => c.ownerId === ownerId && (relationship === undefined || c.relationships.includes(relationship)),
  );
}

export function areFriends(state: WorldState, userId: number, friendId: number): boolean {
  return state.venmo.friendships.some((f) => f.userId === userId && f.friendId === friendId);
}

// Makes two people Venmo friends of each other (both directions; no duplicates).
export function addFriendship(state: WorldState, a: number, b: number, since?: DateTime): void {
  const when = since ?? state.now;
  if (!areFriends(state, a, b)) state.venmo.friendships.push({ userId: a, friendId: b, since: when });
  if (!areFriends(state, b, a)) state.venmo.friendships.push({ userId: b, friendId: a, since: when });
}

export function removeFriendship(state: WorldState, a: number, b: number): void {
  state.venmo.friendships = state.venmo.friendships.filter(
    (f) => !((f.userId === a && f.friendId === b) || (f.userId === b && f.friendId === a)),
  );
}

export function addTextMessage(
  state: WorldState,
  spec: { senderPhone: string; receiverPhone: string; message: string; sentAt?: DateTime },
): TextMessage {
  const message: TextMessage = {
    id: allocateId(state, "textMessage"),
    senderPhone: spec.senderPhone,
    receiverPhone: spec.receiverPhone,
    message: spec.message,
    sentAt: spec.sentAt ?? state.now,
  };
  state.phone.textMessages.push(message);
  return message;
}

export function addNotification(
  state: WorldState,
  spec: Omit<VenmoNotification, "id" | "read" | "createdAt"> & { read?: boolean; createdAt?: DateTime },
): VenmoNotification {
  const notification: VenmoNotification = {
    id: allocateId(state, "notification"),
    userId: spec.userId,
    type: spec.type,
    title: spec.title,
    message: spec.message,
    read: spec.read ?? false,
    createdAt: spec.createdAt ?? state.now,
    data: spec.data,
  };
  state.venmo.notifications.push(notification);
  return notification;
}

export function addBankTransfer(
  state: WorldState,
  spec: Omit<BankTransfer, "id" | "createdAt"> & { createdAt?: DateTime },
): BankTransfer {
  const transfer: BankTransfer = {
    id: allocateId(state, "bankTransfer"),
    ...spec,
    createdAt: spec.createdAt ?? state.now,
  };
  state.venmo.bankTransfers.push(transfer);
  return transfer;
}
