// Add-balance tasks: move money from a payment card onto the Venmo balance, from a named card or
// from whichever card works (skipping expired and declined cards).
import { apiDocStep, completeStep, describeApisStep, loginStep, py, step } from "../gold-code.js";
import { arrangeCardsExpiredDeclinedUsable, pickUsableNamedCard } from "../setup.js";
import { drawAmount, money, type TaskTemplate } from "../template.js";

const namedCard: TaskTemplate = {
  name: "add_balance_from_named_card",
  intent: "add_balance",
  difficulty: 1,
  apps: ["venmo"],
  hasChallenge: false,
  build(ctx) {
    const phrasing = ctx.scenario.int(0, 3);
    const amount = drawAmount(ctx.rng, 20, 400, ctx.scenario.chance(0.3));
    const card = pickUsableNamedCard(ctx.state, ctx.rng, amount + 1);
    const phrasings = [
      `Add ${money(amount)} to my Venmo balance from my ${card.cardName} card.`,
      `Top up my Venmo balance with ${money(amount)} using my ${card.cardName} card.`,
      `Move ${money(amount)} from my ${card.cardName} card onto my Venmo balance.`,
      `Load ${money(amount)} into Venmo from the ${card.cardName} card I have linked.`,
    ];
    return {
      instruction: phrasings[phrasing] as string,
      goldSteps: [
        describeApisStep("venmo", "I need to add money to the Venmo balance."),
        apiDocStep("venmo", "add_to_venmo_balance", "add_to_venmo_balance takes an amount and a payment_card_id."),
        loginStep(["venmo"]),
        step(
          `I need the payment_card_id of the ${card.cardName} card.`,
          `cards = apis.venmo.show_payment_cards(access_token=venmo_access_token)\ncard = next(c for c in cards if c["card_name"] == ${py(card.cardName)})\nprint(card)`,
        ),
        step(
          `I add ${money(amount)} from that card.`,
          `print(apis.venmo.add_to_venmo_balance(amount=${py(amount)}, payment_card_id=card["payment_card_id"], access_token=venmo_access_token))`,
        ),
        completeStep(),
      ],
      effects: {
        topUp: { min: amount, max: amount, cardId: card.id, cardLabel: `the ${card.cardName} card (id ${card.id})` },
        balanceDelta: amount,
      },
    };
  },
};

const anyCard: TaskTemplate = {
  name: "add_balance_from_working_card",
  intent: "add_balance",
  difficulty: 2,
  apps: ["venmo"],
  hasChallenge: true,
  build(ctx) {
    const phrasing = ctx.scenario.int(0, 2);
    const amount = drawAmount(ctx.rng, 50, 300);
    const cards = arrangeCardsExpiredDeclinedUsable(ctx.state, amount);
    if (ctx.challenge) {
      // Two declined cards before a usable one: more failed attempts to read and skip.
      const third = cards[2];
      if (third) third.balance = Math.max(1, Math.floor(amount / 5));
      const fourth = cards[3];
      if (fourth) fourth.balance = Math.max(fourth.balance, amount * 10);
    }
    const phrasings = [
      `Add ${money(amount)} to my Venmo balance. Use any of my payment cards that works; some may be expired or short of money.`,
      `Top up my Venmo balance by ${money(amount)} from one of my linked cards. Skip any card that is expired or gets declined.`,
      `I need ${money(amount)} more on my Venmo balance. Transfer it from whichever of my payment cards can cover it.`,
    ];
    return {
      instruction: phrasings[phrasing] as string,
      goldSteps: [
        describeApisStep("venmo", "I need to add money to the Venmo balance."),
        apiDocStep("venmo", "add_to_venmo_balance", "add_to_venmo_balance takes an amount and a payment_card_id."),
        loginStep(["venmo"]),
        step(
          "Let me list my payment cards.",
          "cards = apis.venmo.show_payment_cards(access_token=venmo_access_token)\nprint(cards)",
        ),
        step(
          "I try the cards in order until one accepts the charge; expired or declined cards raise an error and I move on.",
          [
            "for card in cards:",
            "    try:",
            `        print(apis.venmo.add_to_venmo_balance(amount=${py(amount)}, payment_card_id=card["payment_card_id"], access_token=venmo_access_token))`,
            "        break",
            "    except Exception as error:",
            '        print(card["card_name"], "failed:", error)',
          ].join("\n"),
        ),
        completeStep(),
      ],
      effects: { topUp: { min: amount, max: amount }, balanceDelta: amount },
    };
  },
};

export const ADD_BALANCE_TEMPLATES: readonly TaskTemplate[] = [namedCard, anyCard];
