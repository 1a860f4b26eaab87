// Venmo APIs 40–47: payment requests. In a request `sender` asks for
// money and `receiver` is asked to pay; approving pays the sender from the receiver's balance or card.
import { fail, notFound, notYours, p, PAGING, MESSAGE, type ApiDeclaration, type ApiContext } from "./define.js";
import { paginate, rankByQuery } from "./paging.js";
import { REQUEST_EXAMPLE, charge, creditBalance, requestView, venmoUserByEmail } from "./venmo-views.js";
import {
  addNotification,
  addPaymentRequest,
  addTransaction,
  formatMoney,
  paymentRequestStatus,
  personName,
  roundMoney,
} from "../mutations.js";
import type { PaymentRequest } from "../state.js";

// Tell the other party of a payment request what the caller did; every request API leaves one notification.
interface RequestEvent {
  readonly type: string;
  readonly title: string;
  readonly message: (caller: string, amount: string) => string;
}

function notifyAboutRequest(c: ApiContext, request: PaymentRequest, to: number, event: RequestEvent): void {
  addNotification(c.state, {
    userId: to,
    type: event.type,
    title: event.title,
    message: event.message(personName(c.state, c.user.id), formatMoney(request.amount)),
    data: { payment_request_id: request.id },
  });
}

function searchRequests(c: ApiContext, mine: (r: PaymentRequest) => boolean, otherOf: (r: PaymentRequest) => number) {
  const list = c.state.venmo.requests
    .filter((r) => mine(r) && (c.args.status === null || paymentRequestStatus(r) === c.args.status))
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id - a.id));
  const ranked = rankByQuery(list, c.args.query, (r) => {
    const other = c.state.people.find((q) => q.id === otherOf(r));
    return [r.description, ...(other ? [`${other.firstName} ${other.lastName}`, other.email] : [])];
  });
  return paginate(ranked, c.args).map((r) => requestView(c.state, r));
}

function findRequest(c: ApiContext): PaymentRequest {
  const request = c.state.venmo.requests.find((r) => r.id === c.args.payment_request_id);
  if (!request) notFound("payment request", c.args.payment_request_id);
  if (request.senderId !== c.user.id && request.receiverId !== c.user.id) notYours("payment request");
  return request;
}

// A request the user was asked to pay and that is still open.
function payableRequest(c: ApiContext, verb: "approve" | "deny"): PaymentRequest {
  const request = findRequest(c);
  if (request.receiverId !== c.user.id) fail(`You are not authorized to ${verb} this payment request.`);
  const status = paymentRequestStatus(request);
  if (status !== "pending") fail(`The payment request has already been ${status}.`);
  return request;
}

// A request the user sent.
function ownRequest(c: ApiContext, verb: string): PaymentRequest {
  const request = findRequest(c);
  if (request.senderId !== c.user.id) fail(`You are not authorized to ${verb} this payment request.`);
  return request;
}

const STATUS = p.str("status", "Filter payment requests by status. Will skip filtering if not passed.", {
  default: null,
  oneOf: ["pending", "approved", "denied"],
});
const QUERY = p.str("query", "Search query string.", { default: "" });

export const VENMO_REQUESTS: ApiDeclaration[] = [
  {
    name: "show_received_payment_requests",
    method: "GET",
    path: "/received_payment_requests",
    description: "Search or show a list of payment requests you have received from others.",
    auth: true,
    params: [QUERY, STATUS, ...PAGING],
    response: [REQUEST_EXAMPLE],
    handler: (c) =>
      searchRequests(
        c,
        (r) => r.receiverId === c.user.id,
        (r) => r.senderId,
      ),
  },
  {
    name: "show_sent_payment_requests",
    method: "GET",
    path: "/sent_payment_requests",
    description: "Search or show a list of payment requests you have sent to others.",
    auth: true,
    params: [QUERY, STATUS, ...PAGING],
    response: [REQUEST_EXAMPLE],
    handler: (c) =>
      searchRequests(
        c,
        (r) => r.senderId === c.user.id,
        (r) => r.receiverId,
      ),
  },
  {
    name: "create_payment_request",
    method: "POST",
    path: "/payment_requests",
    description: "Send a payment request.",
    auth: true,
    params: [
      p.str("user_email", "Email address of the receiver user.", { email: true }),
      p.num("amount", "Amount of the payment request.", { gt: 0 }),
      p.str("description", "Description of or note about the payment request.", { default: "" }),
      p.bool("private", "The privacy of the transaction on approval of the payment request.", { default: false }),
    ],
    response: { message: "string", payment_request_id: 1 },
    handler: (c) => {
      const payer = venmoUserByEmail(c.state, c.args.user_email);
      if (payer.id === c.user.id) fail("You cannot request money from yourself.");
      const request = addPaymentRequest(c.state, {
        senderId: c.user.id,
        receiverId: payer.id,
        amount: roundMoney(Number(c.args.amount)),
        description: String(c.args.description),
        private: Boolean(c.args.private),
      });
      notifyAboutRequest(c, request, payer.id, {
        type: "payment_request_received",
        title: "Payment request received",
        message: (who, amount) => `${who} requested ${amount} from you.`,
      });
      return { message: "Payment request created.", payment_request_id: request.id };
    },
  },
  {
    name: "update_payment_request",
    method: "PATCH",
    path: "/payment_requests/{payment_request_id}",
    description: "Update payment request information.",
    auth: true,
    params: [
      p.int("payment_request_id", "ID of the payment request to update."),
      p.num("amount", "Updated amount of the payment request.", { default: null, gt: 0 }),
      p.str("description", "Updated description of or note about the payment request.", { default: null }),
      p.bool("private", "Updated privacy of the transaction on payment request approval.", { default: null }),
    ],
    response: MESSAGE,
    handler: (c) => {
      const request = ownRequest(c, "update");
      if (paymentRequestStatus(request) !== "pending")
        fail(`The payment request has already been ${paymentRequestStatus(request)}.`);
      if (typeof c.args.amount === "number") request.amount = roundMoney(c.args.amount);
      if (typeof c.args.description === "string") request.description = c.args.description;
      if (typeof c.args.private === "boolean") request.private = c.args.private;
      request.updatedAt = c.state.now;
      return { message: "Payment request updated." };
    },
  },
  {
    name: "delete_payment_request",
    method: "DELETE",
    path: "/payment_requests/{payment_request_id}",
    description: "Delete a payment request.",
    auth: true,
    params: [p.int("payment_request_id", "ID of the payment request to delete.")],
    response: MESSAGE,
    handler: (c) => {
      const request = ownRequest(c, "delete");
      c.state.venmo.requests = c.state.venmo.requests.filter((r) => r !== request);
      return { message: "Payment request deleted." };
    },
  },
  {
    name: "approve_payment_request",
    method: "POST",
    path: "/payment_requests/{payment_request_id}/approve",
    description: "Approve a payment request.",
    auth: true,
    params: [
      p.int("payment_request_id", "ID of the payment request to approve."),
      p.int(
        "payment_card_id",
        "ID of the payment card to use for approving the payment request. If not passed, Venmo balance will be used.",
        { default: null },
      ),
    ],
    response: MESSAGE,
    handler: (c) => {
      const request = payableRequest(c, "approve");
      const card = charge(c.state, c.user, request.amount, { cardId: c.args.payment_card_id, purpose: "approval" });
      creditBalance(c.state, request.senderId, request.amount);
      addTransaction(c.state, {
        senderId: c.user.id,
        receiverId: request.senderId,
        amount: request.amount,
        description: request.description,
        private: request.private,
        paymentCardId: card?.id ?? null,
      });
      request.approvedAt = c.state.now;
      request.updatedAt = c.state.now;
      notifyAboutRequest(c, request, request.senderId, {
        type: "payment_request_approved",
        title: "Payment request approved",
        message: (who, amount) => `${who} approved your payment request of ${amount}.`,
      });
      return { message: "Payment request approved." };
    },
  },
  {
    name: "deny_payment_request",
    method: "POST",
    path: "/payment_requests/{payment_request_id}/deny",
    description: "Deny a payment request.",
    auth: true,
    params: [p.int("payment_request_id", "ID of the payment request to deny.")],
    response: MESSAGE,
    handler: (c) => {
      const request = payableRequest(c, "deny");
      request.deniedAt = c.state.now;
      request.updatedAt = c.state.now;
      notifyAboutRequest(c, request, request.senderId, {
        type: "payment_request_denied",
        title: "Payment request denied",
        message: (who, amount) => `${who} denied your payment request of ${amount}.`,
      });
      return { message: "Payment request denied." };
    },
  },
  {
    name: "remind_payment_request",
    method: "POST",
    path: "/payment_requests/{payment_request_id}/remind",
    description: "Send a reminder to a user via notification about this payment request.",
    auth: true,
    params: [p.int("payment_request_id", "ID of the payment request to remind about.")],
    response: MESSAGE,
    handler: (c) => {
      const request = ownRequest(c, "remind about");
      const status = paymentRequestStatus(request);
      if (status !== "pending") fail(`The payment request has already been ${status}.`);
      request.reminders += 1;
      notifyAboutRequest(c, request, request.receiverId, {
        type: "payment_request_reminder",
        title: "Payment request reminder",
        message: (who, amount) => `${who} reminded you about a payment request of ${amount}.`,
      });
      return { message: "Sent a reminder for the payment request." };
    },
  },
];
