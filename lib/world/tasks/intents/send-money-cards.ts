// Send-money tasks that involve payment cards: paying with a named card, and paying from a balance
// that must first be topped up from a card that works (expired and declined cards are skipped).
import { addPaymentCard } from "../../mutations.js";
import {
  apiDocStep,
  completeStep,
  describeApisStep,
  findContactByNameCode,
  findContactByPhoneCode,
  loginStep,
  py,
  step,
} from "../gold-code.js";
import { arrangeCardsExpiredDeclinedUsable, pickContacts, pickUsableNamedCard, type TaskPerson } from "../setup.js";
import { drawAmount, money, type TaskTemplate } from "../template.js";
import { createTransactionCall, drawStyle, expectedPayment, noteClause, privacySentence } from "./send-money-style.js";

const withCard: TaskTemplate = {
  name: "send_money_with_card",
  intent: "send_money",
  difficulty: 2,
  apps: ["venmo", "phone"],
  hasChallenge: true,
  build(ctx) {
    const style = drawStyle(ctx, 0.5);
    const [to] = pickContacts(ctx.state, ctx.rng, 1) as [TaskPerson];
    const amount = drawAmount(ctx.rng, 20, 300);
    const card = pickUsableNamedCard(ctx.state, ctx.rng, amount + 1);
    let usable = card;
    if (ctx.challenge) {
      // A same-named card is listed first but has expired, so the first name match is the wrong card.
      usable = addPaymentCard(ctx.state, {
        ownerId: card.ownerId,
        cardName: card.cardName,
        cardNumber: card.cardNumber + 7_000_003,
        expiryYear: card.expiryYear,
        expiryMonth: card.expiryMonth,
        balance: card.balance,
      });
      card.expiryYear = Number(ctx.state.now.slice(0, 4)) - 1;
    }
    const cardText = ctx.challenge
      ? `my ${card.cardName} card (the one that has not expired)`
      : `my ${card.cardName} card`;
    const phrasings = [
      `Send ${money(amount)} to ${to.name} on Venmo using ${cardText}${noteClause(style)}.`,
      `Pay ${to.name} ${money(amount)} on Venmo, charged to ${cardText}${noteClause(style)}.`,
      `Venmo ${to.name} ${money(amount)}${noteClause(style)}. Pay with ${cardText}, not my balance.`,
      `Use ${cardText} to send ${money(amount)} to ${to.name} on Venmo${noteClause(style)}.`,
    ];
    const pickCard = ctx.challenge
      ? [
          "cards = apis.venmo.show_payment_cards(access_token=venmo_access_token)",
          "date_info = apis.phone.get_current_date_and_time()",
          'this_year, this_month = int(date_info["date"].split(", ")[-1]), ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"].index(date_info["date"].split(", ")[1].split(" ")[0]) + 1',
          `card = next(c for c in cards if c["card_name"] == ${py(card.cardName)} and (c["expiry_year"], c["expiry_month"]) >= (this_year, this_month))`,
          "print(card)",
        ].join("\n")
      : [
          "cards = apis.venmo.show_payment_cards(access_token=venmo_access_token)",
          `card = next(c for c in cards if c["card_name"] == ${py(card.cardName)})`,
          "print(card)",
        ].join("\n");
    return {
      instruction: `${phrasings[style.phrasing]} ${privacySentence(style)}`.trim(),
      goldSteps: [
        describeApisStep("venmo", "I need to pay with a card through Venmo."),
        apiDocStep(
          "venmo",
          "create_transaction",
          "create_transaction takes a payment_card_id; let me check its parameters.",
        ),
        loginStep(["venmo", "phone"]),
        step(`I need the payment_card_id of the ${card.cardName} card.`, pickCard),
        step(`Now I look up ${to.name}'s email in the contacts.`, findContactByNameCode("recipient", to.name)),
        step(
          `I send ${money(amount)} to ${to.name} with that card.`,
          `print(${createTransactionCall('recipient["email"]', amount, style, 'payment_card_id=card["payment_card_id"]')})`,
        ),
        completeStep(),
      ],
      effects: {
        payments: [expectedPayment(to, amount, style, usable.id, `the ${card.cardName} card (id ${usable.id})`)],
      },
    };
  },
};

const withTopUp: TaskTemplate = {
  name: "send_money_with_top_up",
  intent: "send_money",
  difficulty: 3,
  apps: ["venmo", "phone"],
  hasChallenge: true,
  build(ctx) {
    const style = drawStyle(ctx, 0.3);
    const [to] = pickContacts(ctx.state, ctx.rng, 1) as [TaskPerson];
    const amount = drawAmount(ctx.rng, 120, 400);
    const balance = drawAmount(ctx.rng, 5, Math.floor(amount / 2), true);
    ctx.state.venmo.accounts.forEach((a) => {
      if (a.userId === ctx.state.supervisor.personId) a.balance = balance;
    });
    const shortfall = Math.round((amount - balance) * 100) / 100;
    arrangeCardsExpiredDeclinedUsable(ctx.state, shortfall);
    const privacy = style.privacy === "unstated" ? "" : `${style.privacy}ly `;
    const who = ctx.challenge ? `to the person with this phone number ${to.person.phoneNumber}` : `to ${to.name}`;
    const phrasings = [
      `Send ${money(amount)} ${privacy}on Venmo ${who}${noteClause(style)}. My Venmo balance may be too low; if so, first add the missing amount from one of my payment cards and pay from the balance.`,
      `I need to pay ${money(amount)} ${privacy}${who} on Venmo${noteClause(style)}. Pay from my Venmo balance, topping it up from a card that works if it falls short.`,
      `Pay ${money(amount)} ${privacy}${who} via Venmo${noteClause(style)}, from my balance. If the balance is not enough, move just what is missing onto it from one of my cards first.`,
      `Venmo ${money(amount)} ${privacy}${who}${noteClause(style)}. Use my Venmo balance; should it be short, add the difference from one of my payment cards beforehand.`,
    ];
    const findRecipient = ctx.challenge
      ? findContactByPhoneCode("recipient", to.person.phoneNumber)
      : findContactByNameCode("recipient", to.name);
    return {
      instruction: (phrasings[style.phrasing] as string).replace(/ +/g, " "),
      goldSteps: [
        describeApisStep("venmo", "I need to send money with Venmo and maybe top up the balance."),
        apiDocStep(
          "venmo",
          "add_to_venmo_balance",
          "add_to_venmo_balance moves money from a card; let me check its parameters.",
        ),
        loginStep(["venmo", "phone"]),
        step("First I find the recipient's email in my contacts.", findRecipient),
        step(
          "Let me see whether the balance covers the payment.",
          [
            'balance = apis.venmo.show_venmo_balance(access_token=venmo_access_token)["venmo_balance"]',
            `shortfall = round(${py(amount)} - balance, 2)`,
            "print(balance, shortfall)",
          ].join("\n"),
        ),
        step(
          "The balance is short, so I add the missing amount from the first card that accepts the charge (expired or declined cards fail).",
          [
            "cards = apis.venmo.show_payment_cards(access_token=venmo_access_token)",
            "if shortfall > 0:",
            "    for card in cards:",
            "        try:",
            '            print(apis.venmo.add_to_venmo_balance(amount=shortfall, payment_card_id=card["payment_card_id"], access_token=venmo_access_token))',
            "            break",
            "        except Exception as error:",
            '            print(card["card_name"], "failed:", error)',
          ].join("\n"),
        ),
        step(
          `Now the balance covers it, so I send ${money(amount)}.`,
          `print(${createTransactionCall('recipient["email"]', amount, style)})`,
        ),
        completeStep(),
      ],
      effects: {
        payments: [expectedPayment(to, amount, style, null, "the Venmo balance")],
        topUp: { min: shortfall, max: amount },
      },
    };
  },
};

export const SEND_MONEY_CARD_TEMPLATES: readonly TaskTemplate[] = [withCard, withTopUp];
