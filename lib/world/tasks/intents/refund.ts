// Refund tasks: pay back a payment someone made for something, or a request approved by mistake.
import { shiftDateTime } from "../../datetime.js";
import {
  apiDocStep,
  completeStep,
  contactEmailStep,
  describeApisStep,
  loginStep,
  pageLoop,
  py,
  receivedPaymentsWithNoteCode,
  step,
} from "../gold-code.js";
import {
  daysAgo,
  ensureBalanceAtLeast,
  eligiblePeople,
  personLabel,
  pickContacts,
  recordPayment,
  recordRequest,
  renamePaymentsWithNote,
  type TaskPerson,
} from "../setup.js";
import { drawAmount, NOTES, type TaskTemplate } from "../template.js";

const PURCHASES = [
  "Concert tickets",
  "Museum tickets",
  "Cabin deposit",
  "Festival passes",
  "Cooking class",
  "Road trip gas",
  "Wedding gift",
  "Theater tickets",
] as const;

function pronoun(p: TaskPerson): string {
  return p.person.sex === "female" ? "she" : "he";
}

const refundPayment: TaskTemplate = {
  name: "refund_received_payment",
  intent: "refund",
  difficulty: 2,
  apps: ["venmo", "phone"],
  hasChallenge: true,
  build(ctx) {
    const purchase = ctx.scenario.pick(PURCHASES);
    const phrasing = ctx.scenario.int(0, 2);
    const [who] = pickContacts(ctx.state, ctx.rng, 1) as [TaskPerson];
    const amount = drawAmount(ctx.rng, 25, 220, ctx.challenge);
    const sup = ctx.state.supervisor.personId;
    // Earlier payments from this person for the same purchase would make the refund ambiguous: rename them.
    renamePaymentsWithNote(ctx.state, { fromId: who.person.id, note: purchase, rename: () => "Groceries" });
    recordPayment(ctx.state, {
      from: who.person.id,
      to: sup,
      amount,
      description: purchase,
      createdAt: daysAgo(ctx.state, ctx.rng, 3, 25),
    });
    // Distractors: other payments from the same person, and the same purchase paid by someone else.
    const otherNotes = NOTES.filter((n) => !n.toLowerCase().includes(purchase.split(" ")[0]!.toLowerCase()));
    for (let i = 0; i < (ctx.challenge ? 24 : 2); i++) {
      recordPayment(ctx.state, {
        from: who.person.id,
        to: sup,
        amount: drawAmount(ctx.rng, 5, 90),
        description: ctx.rng.pick(otherNotes),
        createdAt: daysAgo(ctx.state, ctx.rng, 1, 60),
      });
    }
    const stranger = ctx.rng.pick(eligiblePeople(ctx.state, new Set([who.person.id])));
    recordPayment(ctx.state, {
      from: stranger.id,
      to: sup,
      amount: drawAmount(ctx.rng, 25, 220),
      description: purchase,
      createdAt: daysAgo(ctx.state, ctx.rng, 3, 25),
    });
    ensureBalanceAtLeast(ctx.state, amount + 50);
    const phrasings = [
      `Refund ${who.name} for the ${purchase.toLowerCase()} ${pronoun(who)} paid me for on Venmo.`,
      `${who.name} paid me on Venmo for "${purchase}", but the plan fell through. Send ${pronoun(who) === "she" ? "her" : "him"} the full amount back.`,
      `Give ${who.name} back the money ${pronoun(who)} sent me on Venmo for the ${purchase.toLowerCase()}.`,
    ];
    return {
      instruction: phrasings[phrasing] as string,
      goldSteps: [
        describeApisStep("venmo", "I need to find a received payment and send the money back."),
        apiDocStep("venmo", "show_transactions", "show_transactions can filter by user_email and direction."),
        loginStep(["venmo", "phone"]),
        contactEmailStep("payer", who.name),
        step(
          `Find the payment ${who.name} sent me for ${purchase.toLowerCase()}.`,
          [
            receivedPaymentsWithNoteCode(purchase),
            'print([(t["transaction_id"], t["amount"], t["description"]) for t in matches])',
          ].join("\n"),
        ),
        step(
          "I send the same amount back to them.",
          `payment = matches[0]\nprint(apis.venmo.create_transaction(receiver_email=payer["email"], amount=payment["amount"], description=${py(`Refund: ${purchase}`)}, access_token=venmo_access_token))`,
        ),
        completeStep(),
      ],
      effects: { payments: [{ receiverId: who.person.id, receiverLabel: personLabel(who), amount }] },
    };
  },
};

const refundRequest: TaskTemplate = {
  name: "refund_approved_request",
  intent: "refund",
  difficulty: 2,
  apps: ["venmo", "phone"],
  hasChallenge: true,
  build(ctx) {
    const phrasing = ctx.scenario.int(0, 1);
    const [who] = pickContacts(ctx.state, ctx.rng, 1) as [TaskPerson];
    const sup = ctx.state.supervisor.personId;
    // Older approved requests to the same person, then the last one (the accident).
    const older = ctx.challenge ? 6 : 2;
    for (let i = 0; i < older; i++) {
      recordRequest(ctx.state, {
        from: sup,
        to: who.person.id,
        amount: drawAmount(ctx.rng, 10, 150),
        description: ctx.rng.pick(NOTES),
        createdAt: daysAgo(ctx.state, ctx.rng, 20, 90),
        status: "approved",
      });
    }
    const amount = drawAmount(ctx.rng, 20, 160);
    const last = recordRequest(ctx.state, {
      from: sup,
      to: who.person.id,
      amount,
      description: ctx.rng.pick(NOTES),
      createdAt: daysAgo(ctx.state, ctx.rng, 1, 10),
      status: "approved",
    });
    // Requests to them from the world's history must be older than "the last" one.
    for (const r of ctx.state.venmo.requests) {
      if (r !== last && r.senderId === sup && r.receiverId === who.person.id && r.createdAt >= last.createdAt) {
        r.createdAt = shiftDateTime(last.createdAt, -30 * 86_400);
        r.updatedAt = r.createdAt;
      }
    }
    if (ctx.challenge) {
      // A newer request to them that is still pending: "last approved" is not simply "last".
      recordRequest(ctx.state, {
        from: sup,
        to: who.person.id,
        amount: drawAmount(ctx.rng, 10, 90),
        description: ctx.rng.pick(NOTES),
        createdAt: daysAgo(ctx.state, ctx.rng, 0.1, 0.9),
      });
    }
    ensureBalanceAtLeast(ctx.state, amount + 50);
    const phrasings = [
      `The last Venmo payment request I sent to ${who.name} was an accident and ${pronoun(who)} approved it. Send the money back.`,
      `I should not have sent my most recent Venmo payment request to ${who.name}, and ${pronoun(who)} already paid it. Refund that amount.`,
    ];
    if (ctx.challenge) {
      phrasings[0] = `The last Venmo payment request of mine that ${who.name} approved was sent by accident. Send ${pronoun(who) === "she" ? "her" : "him"} the money back.`;
      phrasings[1] = `Refund ${who.name}: the most recent request I sent ${pronoun(who) === "she" ? "her" : "him"} on Venmo that ${pronoun(who)} approved should never have been sent.`;
    }
    const statusNote = ctx.challenge ? " (the approved one)" : "";
    return {
      instruction: phrasings[phrasing] as string,
      goldSteps: [
        describeApisStep("venmo", "I need the requests I sent and then to send money back."),
        apiDocStep(
          "venmo",
          "show_sent_payment_requests",
          "show_sent_payment_requests lists my requests and filters by status.",
        ),
        loginStep(["venmo", "phone"]),
        contactEmailStep("payer", who.name),
        step(
          `Find the most recent approved request I sent to ${who.name}${statusNote}.`,
          [
            pageLoop(
              "approved",
              'apis.venmo.show_sent_payment_requests(status="approved", access_token=venmo_access_token)',
            ),
            'to_payer = [r for r in approved if r["receiver"]["email"] == payer["email"]]',
            'last_request = max(to_payer, key=lambda r: r["created_at"])',
            "print(last_request)",
          ].join("\n"),
        ),
        step(
          "I send that amount back.",
          `print(apis.venmo.create_transaction(receiver_email=payer["email"], amount=last_request["amount"], description="Refund for accidental request", access_token=venmo_access_token))`,
        ),
        completeStep(),
      ],
      effects: { payments: [{ receiverId: who.person.id, receiverLabel: personLabel(who), amount }] },
    };
  },
};

export const REFUND_TEMPLATES: readonly TaskTemplate[] = [refundPayment, refundRequest];
