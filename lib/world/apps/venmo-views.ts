// Venmo's response models (keys in AppWorld's output order), their doc examples, and the lookups the
// venmo handlers share (users by email, cards, visible transactions).
import { F, DT, EMAIL, intShownAsFloat, ApiFailure, fail, notFound, notYours } from "./define.js";
import { areFriends, findPersonByEmail, formatMoney, isCardExpired, personName } from "../mutations.js";
import type { PaymentCard, PaymentRequest, Person, Transaction, WorldState } from "../state.js";

export const USER_REF = { name: "string", email: EMAIL };

export const TRANSACTION_EXAMPLE = {
  transaction_id: 1,
  amount: F,
  description: "string",
  created_at: DT,
  updated_at: DT,
  private: true,
  like_count: 1,
  payment_card_digits: "string",
  comment_count: 1,
  sender: USER_REF,
  receiver: USER_REF,
};

export const SHORT_USER_EXAMPLE = {
  first_name: "string",
  last_name: "string",
  email: EMAIL,
  registered_at: DT,
  friends_since: DT,
};

export const CARD_EXAMPLE = {
  payment_card_id: 1,
  card_name: "string",
  owner_name: "string",
  card_number: intShownAsFloat(1000000000000000),
  expiry_year: 1,
  expiry_month: intShownAsFloat(1),
  cvv_number: intShownAsFloat(100),
};

export const REQUEST_EXAMPLE = {
  payment_request_id: 1,
  amount: F,
  description: "string",
  created_at: DT,
  updated_at: DT,
  approved_at: DT,
  denied_at: DT,
  private: true,
  sender: USER_REF,
  receiver: USER_REF,
};

export const COMMENT_EXAMPLE = {
  transaction_id: 1,
  comment: "string",
  created_at: DT,
  like_count: 1,
  comment_id: 1,
  user: USER_REF,
};

export function userRef(state: WorldState, personId: number): { name: string; email: string } {
  const person = state.people.find((p) => p.id === personId);
  return { name: person ? personName(state, personId) : "Deleted User", email: person?.email ?? "" };
}

// Last four digits of the paying card, or null when the Venmo balance paid.
export function cardDigits(state: WorldState, cardId: number | null): string | null {
  if (cardId === null) return null;
  const card = state.cards.find((c) => c.id === cardId);
  return card ? String(card.cardNumber).slice(-4) : null;
}

export function transactionView(
  state: WorldState,
  tx: Transaction,
  options: { viewerId: number; liked: boolean; card: boolean },
) {
  return {
    transaction_id: tx.id,
    amount: tx.amount,
    description: tx.description,
    created_at: tx.createdAt,
    updated_at: tx.updatedAt,
    private: tx.private,
    like_count: tx.likedBy.length,
    ...(options.card ? { payment_card_digits: cardDigits(state, tx.paymentCardId) } : {}),
    comment_count: state.venmo.comments.filter((c) => c.transactionId === tx.id).length,
    sender: userRef(state, tx.senderId),
    receiver: userRef(state, tx.receiverId),
    ...(options.liked ? { liked: tx.likedBy.includes(options.viewerId) } : {}),
  };
}

export function requestView(state: WorldState, r: PaymentRequest) {
  return {
    payment_request_id: r.id,
    amount: r.amount,
    description: r.description,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    approved_at: r.approvedAt,
    denied_at: r.deniedAt,
    private: r.private,
    sender: userRef(state, r.senderId),
    receiver: userRef(state, r.receiverId),
  };
}

export function cardView(card: PaymentCard) {
  return {
    payment_card_id: card.id,
    card_name: card.cardName,
    owner_name: card.ownerName,
    card_number: card.cardNumber,
    expiry_year: card.expiryYear,
    expiry_month: card.expiryMonth,
    cvv_number: card.cvvNumber,
  };
}

export function shortUserView(state: WorldState, viewerId: number, person: Person) {
  const account = state.venmo.accounts.find((a) => a.userId === person.id);
  const friendship = state.venmo.friendships.find((f) => f.userId === viewerId && f.friendId === person.id);
  return {
    first_name: person.firstName,
    last_name: person.lastName,
    email: person.email,
    registered_at: account?.registeredAt ?? null,
    friends_since: friendship?.since ?? null,
  };
}

// A Venmo user by email, or AppWorld's 409 for a lookup by fields (its message is a one-item list).
export function venmoUserByEmail(state: WorldState, email: unknown): Person {
  const person = typeof email === "string" ? findPersonByEmail(state, email) : undefined;
  if (!person || !state.venmo.accounts.some((a) => a.userId === person.id)) {
    throw new ApiFailure(409, { message: [`The user with email ${String(email)} does not exist.`] });
  }
  return person;
}

// The user's own Venmo-registered card, checked for existence, ownership and (when charging) expiry.
export function ownCard(
  state: WorldState,
  user: Person,
  cardId: unknown,
  options: { forCharge: boolean },
): PaymentCard {
  const card = state.cards.find((c) => c.id === cardId && c.inVenmo);
  if (!card) notFound("payment card", cardId);
  if (card.ownerId !== user.id) notYours("payment card");
  if (options.forCharge && isCardExpired(state, card)) fail("The payment card has expired.");
  return card;
}

// Takes money from the user's card or Venmo balance, failing with the app's message for the purpose.
export function charge(
  state: WorldState,
  user: Person,
  amount: number,
  source: { cardId: unknown; purpose: "transaction" | "approval" },
): PaymentCard | null {
  if (source.cardId !== null && source.cardId !== undefined) {
    const card = ownCard(state, user, source.cardId, { forCharge: true });
    if (card.balance < amount) {
      fail(
        source.purpose === "transaction"
          ? `Your payment card does not have ${formatMoney(amount)} to make this transaction.`
          : "Insufficient money in the payment card.",
      );
    }
    card.balance = Math.round((card.balance - amount) * 100) / 100;
    return card;
  }
  const account = state.venmo.accounts.find((a) => a.userId === user.id);
  const balance = account?.balance ?? 0;
  if (!account || balance < amount) {
    fail(
      source.purpose === "transaction"
        ? `Your Venmo balance does not have ${formatMoney(amount)} to make this transaction.`
        : "Insufficient money in the Venmo balance.",
    );
  }
  account.balance = Math.round((balance - amount) * 100) / 100;
  return null;
}

export function creditBalance(state: WorldState, personId: number, amount: number): void {
  const account = state.venmo.accounts.find((a) => a.userId === personId);
  if (account) account.balance = Math.round((account.balance + amount) * 100) / 100;
}

// A transaction the user may see: one they took part in, or a public one.
export function visibleTransaction(state: WorldState, user: Person, id: unknown): Transaction {
  const tx = state.venmo.transactions.find((t) => t.id === id);
  if (!tx) notFound("transaction", id);
  const involved = tx.senderId === user.id || tx.receiverId === user.id;
  if (!involved && tx.private) notYours("transaction");
  return tx;
}

export function friendIdsOf(state: WorldState, userId: number): number[] {
  return state.venmo.friendships.filter((f) => f.userId === userId).map((f) => f.friendId);
}

export { areFriends };
