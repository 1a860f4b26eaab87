// Request-money tasks: ask one contact for money, or split a bill equally among a group of contacts.
import {
  eligiblePeople,
  ensureContact,
  personLabel,
  pickContacts,
  setRelationshipGroup,
  type TaskPerson,
} from "../setup.js";
import {
  apiDocStep,
  completeStep,
  contactsByRelationshipCode,
  describeApisStep,
  findContactByNameCode,
  loginStep,
  py,
  step,
} from "../gold-code.js";
import { drawAmount, money, NOTES, type TaskTemplate } from "../template.js";

const fromOne: TaskTemplate = {
  name: "request_money_by_name",
  intent: "request_money",
  difficulty: 1,
  apps: ["venmo", "phone"],
  hasChallenge: true,
  build(ctx) {
    const note = ctx.scenario.pick(NOTES);
    const isPrivate = ctx.scenario.pick([true, false, null] as const);
    const phrasing = ctx.scenario.int(0, 3);
    const [from] = pickContacts(ctx.state, ctx.rng, 1) as [TaskPerson];
    if (ctx.challenge) {
      // Distractors: more contacts sharing the last name, so a last-name match is not enough.
      const others = eligiblePeople(ctx.state, new Set([from.person.id])).filter(
        (p) => p.firstName !== from.person.firstName,
      );
      for (const other of ctx.rng.sample(others, 3)) {
        other.lastName = from.person.lastName;
        ensureContact(ctx.state, other, ["friend"]);
      }
    }
    const amount = drawAmount(ctx.rng, 8, 150, ctx.challenge);
    const privacy = isPrivate === null ? "" : isPrivate ? " Keep the request private." : " The request can be public.";
    const phrasings = [
      `Request ${money(amount)} from ${from.name} on Venmo for "${note}".${privacy}`,
      `Ask ${from.name} for ${money(amount)} on Venmo with the note "${note}".${privacy}`,
      `${from.name} owes me ${money(amount)} for ${note.toLowerCase()}. Send them a Venmo payment request with the note "${note}".${privacy}`,
      `Make a Venmo request of ${money(amount)} to ${from.name}, described as "${note}".${privacy}`,
    ];
    const args = [`user_email=recipient["email"]`, `amount=${py(amount)}`, `description=${py(note)}`];
    if (isPrivate !== null) args.push(`private=${py(isPrivate)}`);
    args.push("access_token=venmo_access_token");
    return {
      instruction: phrasings[phrasing] as string,
      goldSteps: [
        describeApisStep("venmo", "I need to request money on Venmo."),
        apiDocStep(
          "venmo",
          "create_payment_request",
          "create_payment_request asks a user for money; let me check its parameters.",
        ),
        loginStep(["venmo", "phone"]),
        step(`I look up ${from.name}'s email in my contacts.`, findContactByNameCode("recipient", from.name)),
        step(
          `I request ${money(amount)} from ${from.name}.`,
          `print(apis.venmo.create_payment_request(${args.join(", ")}))`,
        ),
        completeStep(),
      ],
      effects: {
        requests: [
          {
            receiverId: from.person.id,
            receiverLabel: personLabel(from),
            amount,
            noteIncludes: note,
            ...(isPrivate === null ? {} : { private: isPrivate }),
          },
        ],
      },
    };
  },
};

const BILLS = [
  "electricity bill",
  "internet bill",
  "dinner",
  "groceries",
  "water bill",
  "cleaning service",
  "pizza order",
  "cabin rental",
] as const;

const splitBill: TaskTemplate = {
  name: "split_bill_among_group",
  intent: "split_bill",
  difficulty: 2,
  apps: ["venmo", "phone"],
  hasChallenge: true,
  build(ctx) {
    const relation = ctx.scenario.pick(["roommate", "coworker", "friend"] as const);
    const bill = ctx.scenario.pick(BILLS);
    const phrasing = ctx.scenario.int(0, 2);
    const size = ctx.challenge ? ctx.rng.int(5, 7) : ctx.rng.int(2, 3);
    const members = setRelationshipGroup(ctx.state, relation, ctx.rng.sample(eligiblePeople(ctx.state), size));
    // The share is drawn in cents first, so the equal split is exact.
    const share = drawAmount(ctx.rng, 12, 70, true);
    const total = Math.round(share * (size + 1) * 100) / 100;
    const note = `For ${bill}.`;
    const phrasings = [
      `I paid ${money(total)} for our ${bill}. It is to be shared equally among my ${relation}s and me. Make Venmo requests to my ${relation}s with the note "${note}"`,
      `Split the ${money(total)} ${bill} I paid equally between me and all my ${relation}s: request each ${relation}'s share on Venmo with the description "${note}"`,
      `My ${relation}s and I share the ${bill}, which came to ${money(total)} and I covered. Request their equal shares on Venmo, noting "${note}"`,
    ];
    return {
      instruction: `${(phrasings[phrasing] as string).replace(/"$/, '"')}.`,
      goldSteps: [
        describeApisStep("phone", `I need to know who my ${relation}s are.`),
        apiDocStep("phone", "search_contacts", "search_contacts can filter by relationship."),
        loginStep(["venmo", "phone"]),
        step(`Collect all my ${relation}s, page by page.`, contactsByRelationshipCode("group", relation)),
        step(
          `The ${money(total)} is split among the ${relation}s and me, so each share is the total over the group size plus one.`,
          `share = round(${py(total)} / (len(group) + 1), 2)\nprint(share)`,
        ),
        apiDocStep(
          "venmo",
          "create_payment_request",
          "create_payment_request asks a user for money; let me check its parameters.",
        ),
        step(
          `I request the share from each ${relation}.`,
          `for person in group:\n    print(apis.venmo.create_payment_request(user_email=person["email"], amount=share, description=${py(note)}, access_token=venmo_access_token))`,
        ),
        completeStep(),
      ],
      effects: {
        requests: members.map((m) => ({
          receiverId: m.person.id,
          receiverLabel: personLabel(m),
          amount: share,
          noteIncludes: bill,
        })),
      },
    };
  },
};

export const REQUEST_MONEY_TEMPLATES: readonly TaskTemplate[] = [fromOne, splitBill];
