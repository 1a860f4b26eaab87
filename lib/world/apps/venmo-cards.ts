// Venmo APIs 35–39: payment cards registered in Venmo (the physical cards are the supervisor's).
import { fail, p, MESSAGE, type ApiDeclaration } from "./define.js";
import { CARD_EXAMPLE, cardView, ownCard } from "./venmo-views.js";

export const VENMO_CARDS: ApiDeclaration[] = [
  {
    name: "show_payment_card",
    method: "GET",
    path: "/payment_cards/{payment_card_id}",
    description: "Get details of a payment card.",
    auth: true,
    params: [p.int("payment_card_id", "ID of the payment card to be shown.")],
    response: CARD_EXAMPLE,
    handler: (c) => cardView(ownCard(c.state, c.user, c.args.payment_card_id, { forCharge: false })),
  },
  {
    name: "update_payment_card",
    method: "PATCH",
    path: "/payment_cards/{payment_card_id}",
    description: "Update payment card information.",
    auth: true,
    params: [
      p.int("payment_card_id", "ID of the payment card to update."),
      p.str("card_name", "Name of the payment card to update.", { minLength: 1 }),
    ],
    response: MESSAGE,
    handler: (c) => {
      ownCard(c.state, c.user, c.args.payment_card_id, { forCharge: false }).cardName = String(c.args.card_name);
      return { message: "Payment card updated." };
    },
  },
  {
    name: "delete_payment_card",
    method: "DELETE",
    path: "/payment_cards/{payment_card_id}",
    description: "Delete payment card information.",
    auth: true,
    params: [p.int("payment_card_id", "ID of the payment card to be deleted.")],
    response: MESSAGE,
    handler: (c) => {
      // The physical card stays with its owner (supervisor.show_payment_cards); only Venmo forgets it.
      ownCard(c.state, c.user, c.args.payment_card_id, { forCharge: false }).inVenmo = false;
      return { message: "Payment card deleted." };
    },
  },
  {
    name: "show_payment_cards",
    method: "GET",
    path: "/payment_cards",
    description: "Get a list of users payment cards.",
    auth: true,
    response: [CARD_EXAMPLE],
    handler: (c) => c.state.cards.filter((card) => card.ownerId === c.user.id && card.inVenmo).map(cardView),
  },
  {
    name: "add_payment_card",
    method: "POST",
    path: "/payment_cards",
    description: "Add a new payment card.",
    auth: true,
    params: [
      p.str("card_name", "Name of the payment card.", { minLength: 1 }),
      p.str("owner_name", "Full name of the owner of the payment card.", { minLength: 1 }),
      p.int("card_number", "16-digit card number.", { ge: 1000000000000000, lt: 10000000000000000 }),
      p.int("expiry_year", "Expiration year of the payment card."),
      p.int("expiry_month", "Expiration month of the payment card.", { ge: 1, le: 12 }),
      p.int("cvv_number", "A 3-digit CVV number of the payment card.", { ge: 100, lt: 1000 }),
    ],
    response: { message: "string", payment_card_id: 1 },
    handler: (c) => {
      // Cards are real only when the bank knows them: the details must match one of the user's own cards.
      const card = c.state.cards.find((x) => x.ownerId === c.user.id && x.cardNumber === c.args.card_number);
      if (
        !card ||
        card.expiryYear !== c.args.expiry_year ||
        card.expiryMonth !== c.args.expiry_month ||
        card.cvvNumber !== c.args.cvv_number
      ) {
        fail("The payment card details are invalid.");
      }
      if (card.inVenmo) fail("The payment card is already added to your account.");
      card.inVenmo = true;
      card.cardName = String(c.args.card_name);
      return { message: "Payment card added.", payment_card_id: card.id };
    },
  },
];
