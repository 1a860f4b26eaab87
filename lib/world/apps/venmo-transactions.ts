// Venmo APIs 21–25: one transaction, sending money and the searchable transaction list.
import { fail, p, PAGING, MESSAGE, MAX_INT64, type ApiDeclaration } from "./define.js";
import { searchSortPage } from "./paging.js";
import { RECEIPT_PARAMS, refuseReceipt } from "./venmo-balance.js";
import {
  TRANSACTION_EXAMPLE,
  charge,
  creditBalance,
  transactionView,
  venmoUserByEmail,
  visibleTransaction,
} from "./venmo-views.js";
import { addNotification, addTransaction, formatMoney, personName, roundMoney } from "../mutations.js";

export const VENMO_TRANSACTIONS: ApiDeclaration[] = [
  {
    name: "show_transaction",
    method: "GET",
    path: "/transactions/{transaction_id}",
    description: "Show transaction details.",
    auth: true,
    params: [p.int("transaction_id", "ID of the transaction to retrieve.")],
    response: TRANSACTION_EXAMPLE,
    handler: (c) => {
      const tx = visibleTransaction(c.state, c.user, c.args.transaction_id);
      return transactionView(c.state, tx, { viewerId: c.user.id, liked: false, card: true });
    },
  },
  {
    name: "update_transaction",
    method: "PATCH",
    path: "/transactions/{transaction_id}",
    description: "Update transaction information.",
    auth: true,
    params: [
      p.int("transaction_id", "ID of the transaction to update."),
      p.str("description", "Updated description of or note about the transaction."),
      p.bool("private", "Updated privacy of the transaction.", { default: null }),
    ],
    response: MESSAGE,
    handler: (c) => {
      const tx = visibleTransaction(c.state, c.user, c.args.transaction_id);
      if (tx.senderId !== c.user.id) fail("The given transaction does not belong to you, so you cannot access it.");
      tx.description = String(c.args.description);
      if (typeof c.args.private === "boolean") tx.private = c.args.private;
      tx.updatedAt = c.state.now;
      return { message: "Transaction updated." };
    },
  },
  {
    name: "create_transaction",
    method: "POST",
    path: "/transactions",
    description: "Send money to a user.",
    auth: true,
    params: [
      p.str("receiver_email", "Email address of the receiver.", { email: true }),
      p.num("amount", "Amount of the transaction.", { gt: 0 }),
      p.str("description", "Description of or note about the transaction.", { default: "" }),
      p.int(
        "payment_card_id",
        "ID of the payment card to use for the transaction. If not passed, Venmo balance will be used.",
        { default: null },
      ),
      p.bool("private", "Whether the transaction is private or not.", { default: false }),
    ],
    response: { message: "string", transaction_id: 1 },
    handler: (c) => {
      const receiver = venmoUserByEmail(c.state, c.args.receiver_email);
      if (receiver.id === c.user.id) fail("You cannot send money to yourself.");
      const amount = roundMoney(Number(c.args.amount));
      const card = charge(c.state, c.user, amount, { cardId: c.args.payment_card_id, purpose: "transaction" });
      creditBalance(c.state, receiver.id, amount);
      const tx = addTransaction(c.state, {
        senderId: c.user.id,
        receiverId: receiver.id,
        amount,
        description: String(c.args.description),
        private: Boolean(c.args.private),
        paymentCardId: card?.id ?? null,
      });
      addNotification(c.state, {
        userId: receiver.id,
        type: "transaction_received",
        title: "Money received",
        message: `${personName(c.state, c.user.id)} sent you ${formatMoney(amount)}.`,
        data: { transaction_id: tx.id },
      });
      return { message: "Sent money.", transaction_id: tx.id };
    },
  },
  {
    name: "show_transactions",
    method: "GET",
    path: "/transactions",
    description: "Search or show a list of your transactions.",
    auth: true,
    params: [
      p.str("query", "Search query string.", { default: "" }),
      p.str("user_email", "If passed, only transactions between you and user with this email address will be shown.", {
        default: null,
        email: true,
      }),
      p.str("min_created_at", "Minimum created_at datetime to filter transactions in YYYY-MM-DD format.", {
        default: "1500-01-01",
      }),
      p.str("max_created_at", "Maximum created_at datetime to filter transactions in YYYY-MM-DD format.", {
        default: "3000-01-01",
      }),
      p.int("min_like_count", "Minimum like count to filter transactions.", { default: 0 }),
      p.int("max_like_count", "Maximum like count to filter transactions.", {
        default: Number.MAX_SAFE_INTEGER,
        defaultText: MAX_INT64.text,
      }),
      p.num("min_amount", "Minimum amount to filter transactions.", { default: 0.01, gt: 0 }),
      p.num("max_amount", "Maximum amount to filter transactions.", { default: 9.223372036854776e18, gt: 0 }),
      p.bool("private", "Filter transactions by privacy.", { default: null }),
      p.str(
        "direction",
        "Filter transactions by direction of the transaction (sent or received). Will skip filtering if not passed.",
        { default: null, oneOf: ["sent", "received"] },
      ),
      ...PAGING,
      p.str(
        "sort_by",
        "The attribute to sort the transactions by prefixed with +/- to reflect ascending/descending. Valid attributes: created_at, like_count and amount. If both query and sort_by are given and non-empty, results will be first ranked by query relevance, then paginated, and will then be sorted by the given attribute within each page.",
        { default: null },
      ),
    ],
    response: [{ ...TRANSACTION_EXAMPLE, liked: true }],
    handler: (c) => {
      const a = c.args;
      const other = a.user_email === null ? null : venmoUserByEmail(c.state, a.user_email);
      const minDay = String(a.min_created_at).slice(0, 10);
      const maxDay = String(a.max_created_at).slice(0, 10);
      const mine = c.state.venmo.transactions.filter((t) => {
        const sent = t.senderId === c.user.id;
        if (!sent && t.receiverId !== c.user.id) return false;
        if (other && (sent ? t.receiverId : t.senderId) !== other.id) return false;
        const day = t.createdAt.slice(0, 10);
        if (day < minDay || day > maxDay) return false;
        if (t.likedBy.length < Number(a.min_like_count) || t.likedBy.length > Number(a.max_like_count)) return false;
        if (t.amount < Number(a.min_amount) || t.amount > Number(a.max_amount)) return false;
        if (a.private !== null && t.private !== a.private) return false;
        if (a.direction === "sent" && !sent) return false;
        if (a.direction === "received" && sent) return false;
        return true;
      });
      mine.sort((x, y) => x.id - y.id);
      const page = searchSortPage(mine, a, {
        textsOf: (t) => {
          const names = [t.senderId, t.receiverId].flatMap((id) => {
            const person = c.state.people.find((q) => q.id === id);
            return person ? [`${person.firstName} ${person.lastName}`, person.email] : [];
          });
          return [t.description, ...names];
        },
        sortFields: ["created_at", "like_count", "amount"],
        sortKey: (t, field) =>
          field === "created_at" ? t.createdAt : field === "like_count" ? t.likedBy.length : t.amount,
      });
      return page.map((t) => transactionView(c.state, t, { viewerId: c.user.id, liked: true, card: true }));
    },
  },
  {
    name: "download_transaction_receipt",
    method: "GET",
    path: "/transactions/{transaction_id}/receipt",
    description: "Download the receipt of a transaction (money sent from one user to another).",
    auth: true,
    params: [p.int("transaction_id", "ID of the transaction to download the receipt for."), ...RECEIPT_PARAMS],
    response: { message: "string", file_path: "string" },
    handler: (c) => {
      visibleTransaction(c.state, c.user, c.args.transaction_id);
      refuseReceipt();
    },
  },
];
