// Question tasks, answered through complete_task(answer=...): how much someone paid me for
// something, how many pending requests I have, how much I sent someone in total.
import { paymentRequestStatus, roundMoney } from "../../mutations.js";
import {
  apiDocStep,
  completeStep,
  contactEmailStep,
  describeApisStep,
  loginStep,
  pageLoop,
  receivedPaymentsWithNoteCode,
  step,
} from "../gold-code.js";
import {
  daysAgo,
  eligiblePeople,
  pickContacts,
  recordPayment,
  recordRequest,
  renamePaymentsWithNote,
  type TaskPerson,
} from "../setup.js";
import { drawAmount, NOTES, type TaskTemplate } from "../template.js";

const paidFor: TaskTemplate = {
  name: "question_amount_paid_for",
  intent: "question",
  difficulty: 1,
  apps: ["venmo", "phone"],
  hasChallenge: true,
  build(ctx) {
    const phrasing = ctx.scenario.int(0, 2);
    const note = ctx.scenario.pick(NOTES);
    const [who] = pickContacts(ctx.state, ctx.rng, 1) as [TaskPerson];
    const sup = ctx.state.supervisor.personId;
    const others = NOTES.filter(
      (n) => !n.toLowerCase().includes(note.toLowerCase()) && !note.toLowerCase().includes(n.toLowerCase()),
    );
    // Any earlier payments from this person with the same note would change the answer: rename them.
    renamePaymentsWithNote(ctx.state, { fromId: who.person.id, note, rename: () => ctx.rng.pick(others) });
    const parts = ctx.challenge ? ctx.rng.int(2, 3) : 1;
    const amounts = Array.from({ length: parts }, () => drawAmount(ctx.rng, 6, 120, ctx.rng.chance(0.5)));
    for (const amount of amounts) {
      recordPayment(ctx.state, {
        from: who.person.id,
        to: sup,
        amount,
        description: note,
        createdAt: daysAgo(ctx.state, ctx.rng, 1, 40),
      });
    }
    for (let i = 0; i < (ctx.challenge ? 22 : 3); i++) {
      recordPayment(ctx.state, {
        from: who.person.id,
        to: sup,
        amount: drawAmount(ctx.rng, 5, 90),
        description: ctx.rng.pick(others),
        createdAt: daysAgo(ctx.state, ctx.rng, 1, 60),
      });
    }
    const answer = roundMoney(amounts.reduce((a, b) => a + b, 0));
    const total = ctx.challenge ? " in total (add up every payment)" : "";
    const phrasings = [
      `How much did ${who.name} pay me on Venmo for "${note}"${total}?`,
      `What amount did ${who.name} send me via Venmo with the note "${note}"${total}? Answer with the number only.`,
      `${who.name} venmoed me for ${note.toLowerCase()}. How much was it${total}?`,
    ];
    return {
      instruction: phrasings[phrasing] as string,
      goldSteps: [
        describeApisStep("venmo", "I need to look at payments I received."),
        apiDocStep("venmo", "show_transactions", "show_transactions can filter by user_email and direction."),
        loginStep(["venmo", "phone"]),
        contactEmailStep("payer", who.name),
        step(
          `Collect the payments ${who.name} sent me and add up those for "${note}".`,
          [
            receivedPaymentsWithNoteCode(note),
            'answer = round(sum(t["amount"] for t in matches), 2)',
            "print(matches, answer)",
          ].join("\n"),
        ),
        completeStep("answer"),
      ],
      effects: { answer },
    };
  },
};

const pendingCount: TaskTemplate = {
  name: "question_pending_request_count",
  intent: "question",
  difficulty: 1,
  apps: ["venmo"],
  hasChallenge: true,
  build(ctx) {
    const phrasing = ctx.scenario.int(0, 2);
    const sup = ctx.state.supervisor.personId;
    const extra = ctx.challenge ? ctx.rng.int(8, 14) : ctx.rng.int(1, 4);
    for (const p of ctx.rng.sample(eligiblePeople(ctx.state), extra)) {
      recordRequest(ctx.state, {
        from: p.id,
        to: sup,
        amount: drawAmount(ctx.rng, 5, 100),
        description: ctx.rng.pick(NOTES),
        createdAt: daysAgo(ctx.state, ctx.rng, 1, 30),
      });
    }
    // Resolved requests and requests I sent are distractors that must not be counted.
    for (const p of ctx.rng.sample(eligiblePeople(ctx.state), 4)) {
      recordRequest(ctx.state, {
        from: p.id,
        to: sup,
        amount: drawAmount(ctx.rng, 5, 100),
        description: ctx.rng.pick(NOTES),
        createdAt: daysAgo(ctx.state, ctx.rng, 5, 30),
        status: ctx.rng.pick(["approved", "denied"] as const),
      });
      recordRequest(ctx.state, {
        from: sup,
        to: p.id,
        amount: drawAmount(ctx.rng, 5, 100),
        description: ctx.rng.pick(NOTES),
        createdAt: daysAgo(ctx.state, ctx.rng, 1, 30),
      });
    }
    const answer = ctx.state.venmo.requests.filter(
      (r) => r.receiverId === sup && paymentRequestStatus(r) === "pending",
    ).length;
    const phrasings = [
      "How many pending Venmo payment requests have I received?",
      "Count the payment requests on Venmo that others sent me and that are still pending.",
      "How many Venmo requests are waiting for me to approve or deny?",
    ];
    return {
      instruction: phrasings[phrasing] as string,
      goldSteps: [
        describeApisStep("venmo", "I need to count received payment requests."),
        apiDocStep(
          "venmo",
          "show_received_payment_requests",
          "show_received_payment_requests filters by status and is paginated.",
        ),
        loginStep(["venmo"]),
        step(
          "Collect every pending received request, page by page, and count them.",
          `${pageLoop("pending", 'apis.venmo.show_received_payment_requests(status="pending", access_token=venmo_access_token)')}\nprint(len(pending))`,
        ),
        completeStep("len(pending)"),
      ],
      effects: { answer },
    };
  },
};

const totalSent: TaskTemplate = {
  name: "question_total_sent_to_person",
  intent: "question",
  difficulty: 2,
  apps: ["venmo", "phone"],
  hasChallenge: true,
  build(ctx) {
    const phrasing = ctx.scenario.int(0, 1);
    const [who] = pickContacts(ctx.state, ctx.rng, 1) as [TaskPerson];
    const sup = ctx.state.supervisor.personId;
    for (let i = 0; i < (ctx.challenge ? ctx.rng.int(12, 18) : ctx.rng.int(2, 4)); i++) {
      recordPayment(ctx.state, {
        from: sup,
        to: who.person.id,
        amount: drawAmount(ctx.rng, 5, 80, ctx.rng.chance(0.4)),
        description: ctx.rng.pick(NOTES),
        createdAt: daysAgo(ctx.state, ctx.rng, 1, 120),
      });
    }
    // Money they sent me does not count.
    recordPayment(ctx.state, {
      from: who.person.id,
      to: sup,
      amount: drawAmount(ctx.rng, 5, 80),
      description: ctx.rng.pick(NOTES),
      createdAt: daysAgo(ctx.state, ctx.rng, 1, 60),
    });
    const answer = roundMoney(
      ctx.state.venmo.transactions
        .filter((t) => t.senderId === sup && t.receiverId === who.person.id)
        .reduce((s, t) => s + t.amount, 0),
    );
    const phrasings = [
      `How much money have I sent to ${who.name} on Venmo in total?`,
      `Add up every Venmo payment I have made to ${who.name}. What is the total?`,
    ];
    return {
      instruction: phrasings[phrasing] as string,
      goldSteps: [
        describeApisStep("venmo", "I need to add up payments I sent."),
        apiDocStep("venmo", "show_transactions", "show_transactions can filter by user_email and direction."),
        loginStep(["venmo", "phone"]),
        contactEmailStep("payee", who.name),
        step(
          `Collect every payment I sent to ${who.name} and add them up.`,
          [
            pageLoop(
              "sent",
              'apis.venmo.show_transactions(user_email=payee["email"], direction="sent", access_token=venmo_access_token)',
            ),
            'answer = round(sum(t["amount"] for t in sent if t["receiver"]["email"] == payee["email"]), 2)',
            "print(len(sent), answer)",
          ].join("\n"),
        ),
        completeStep("answer"),
      ],
      effects: { answer },
    };
  },
};

export const QUESTION_TEMPLATES: readonly TaskTemplate[] = [paidFor, pendingCount, totalSent];
