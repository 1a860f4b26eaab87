// Send-money tasks: to a contact by name, phone number, email, relationship or a whole group;
// private or public, with or without a note.
import { addContact } from "../../mutations.js";
import {
  apiDocStep,
  completeStep,
  contactsByRelationshipCode,
  describeApisStep,
  findContactByNameCode,
  findContactByPhoneCode,
  loginStep,
  py,
  step,
} from "../gold-code.js";
import { ensureBalanceAtLeast, eligiblePeople, pickContacts, setRelationshipGroup, type TaskPerson } from "../setup.js";
import { drawAmount, money, type TaskTemplate, type TemplateContext } from "../template.js";
import { createTransactionCall, drawStyle, expectedPayment, noteClause, privacySentence } from "./send-money-style.js";
import { SEND_MONEY_CARD_TEMPLATES } from "./send-money-cards.js";

// Challenge variants add a contact sharing the recipient's first name, so a first-name match is wrong.
function addNamesake(ctx: TemplateContext, target: TaskPerson): void {
  const others = eligiblePeople(ctx.state, new Set([target.person.id])).filter(
    (p) => p.lastName !== target.person.lastName,
  );
  const other = ctx.rng.pick(others);
  addContact(ctx.state, {
    ownerId: ctx.state.supervisor.personId,
    personId: other.id,
    firstName: target.person.firstName,
    relationships: ["friend"],
  });
}

const byName: TaskTemplate = {
  name: "send_money_by_name",
  intent: "send_money",
  difficulty: 1,
  apps: ["venmo", "phone"],
  hasChallenge: true,
  build(ctx) {
    const style = drawStyle(ctx);
    const [to] = pickContacts(ctx.state, ctx.rng, 1) as [TaskPerson];
    if (ctx.challenge) addNamesake(ctx, to);
    const amount = drawAmount(ctx.rng, 5, 180, ctx.challenge);
    ensureBalanceAtLeast(ctx.state, amount + 40);
    const phrasings = [
      `Send ${money(amount)} to ${to.name} on Venmo${noteClause(style)}.`,
      `Pay ${to.name} ${money(amount)} on Venmo${noteClause(style)}.`,
      `Venmo ${money(amount)} to my contact ${to.name}${noteClause(style)}.`,
      `Use Venmo to transfer ${money(amount)} to ${to.name}${noteClause(style)}.`,
    ];
    const instruction = `${phrasings[style.phrasing]} ${privacySentence(style)}`.trim();
    return {
      instruction,
      goldSteps: [
        describeApisStep("venmo", "I need to send money with Venmo."),
        apiDocStep("venmo", "create_transaction", "create_transaction sends money; let me check its parameters."),
        apiDocStep(
          "phone",
          "search_contacts",
          `create_transaction needs ${to.name}'s email, which the phone contacts have.`,
        ),
        loginStep(["venmo", "phone"]),
        step(`Now I look up ${to.name} in the contacts to get the email.`, findContactByNameCode("recipient", to.name)),
        step(
          `I send ${money(amount)} to ${to.name}.`,
          `print(${createTransactionCall('recipient["email"]', amount, style)})`,
        ),
        completeStep(),
      ],
      effects: { payments: [expectedPayment(to, amount, style)] },
    };
  },
};

const byPhone: TaskTemplate = {
  name: "send_money_by_phone",
  intent: "send_money",
  difficulty: 1,
  apps: ["venmo", "phone"],
  hasChallenge: false,
  build(ctx) {
    const style = drawStyle(ctx, 0.4);
    const [to] = pickContacts(ctx.state, ctx.rng, 1) as [TaskPerson];
    const amount = drawAmount(ctx.rng, 10, 150);
    ensureBalanceAtLeast(ctx.state, amount + 40);
    const privacy = style.privacy === "unstated" ? "" : `${style.privacy}ly `;
    const phrasings = [
      `Send ${money(amount)} ${privacy}on Venmo to the person with this phone number ${to.person.phoneNumber}${noteClause(style)}.`,
      `Pay ${money(amount)} ${privacy}via Venmo to whoever has the phone number ${to.person.phoneNumber}${noteClause(style)}.`,
      `The phone number ${to.person.phoneNumber} belongs to someone in my contacts. Send them ${money(amount)} ${privacy}on Venmo${noteClause(style)}.`,
      `Venmo ${money(amount)} ${privacy}to my contact with phone number ${to.person.phoneNumber}${noteClause(style)}.`,
    ];
    return {
      instruction: (phrasings[style.phrasing] as string).replace(/ +/g, " "),
      goldSteps: [
        describeApisStep("venmo", "I need to send money with Venmo."),
        apiDocStep("venmo", "create_transaction", "create_transaction sends money; let me check its parameters."),
        apiDocStep(
          "phone",
          "search_contacts",
          "I only have a phone number, so I need the contact's email from the phone app.",
        ),
        loginStep(["venmo", "phone"]),
        step(
          `Search the contacts for the phone number ${to.person.phoneNumber}.`,
          findContactByPhoneCode("recipient", to.person.phoneNumber),
        ),
        step(
          `I send ${money(amount)} to that contact's email.`,
          `print(${createTransactionCall('recipient["email"]', amount, style)})`,
        ),
        completeStep(),
      ],
      effects: { payments: [expectedPayment(to, amount, style)] },
    };
  },
};

const byEmail: TaskTemplate = {
  name: "send_money_by_email",
  intent: "send_money",
  difficulty: 1,
  apps: ["venmo"],
  hasChallenge: false,
  build(ctx) {
    const style = drawStyle(ctx, 0.7);
    const [to] = pickContacts(ctx.state, ctx.rng, 1) as [TaskPerson];
    const amount = drawAmount(ctx.rng, 5, 120, ctx.scenario.chance(0.3));
    ensureBalanceAtLeast(ctx.state, amount + 40);
    const phrasings = [
      `Send ${money(amount)} on Venmo to ${to.person.email}${noteClause(style)}.`,
      `Pay ${money(amount)} to the Venmo user ${to.person.email}${noteClause(style)}.`,
      `Transfer ${money(amount)} to ${to.person.email} with Venmo${noteClause(style)}.`,
      `I owe ${to.person.email} ${money(amount)}. Pay it on Venmo${noteClause(style)}.`,
    ];
    return {
      instruction: `${phrasings[style.phrasing]} ${privacySentence(style)}`.trim(),
      goldSteps: [
        describeApisStep("venmo", "I need to send money with Venmo."),
        apiDocStep(
          "venmo",
          "create_transaction",
          "create_transaction sends money to an email; let me check its parameters.",
        ),
        loginStep(["venmo"]),
        step(
          `I send ${money(amount)} to ${to.person.email}.`,
          `print(${createTransactionCall(py(to.person.email), amount, style)})`,
        ),
        completeStep(),
      ],
      effects: { payments: [expectedPayment(to, amount, style)] },
    };
  },
};

function objectPronoun(relation: string): string {
  if (relation === "sister" || relation === "mother") return "her";
  if (relation === "brother" || relation === "father") return "him";
  return "them";
}

const toRelative: TaskTemplate = {
  name: "send_money_by_relationship",
  intent: "send_money",
  difficulty: 2,
  apps: ["venmo", "phone"],
  hasChallenge: false,
  build(ctx) {
    const style = drawStyle(ctx, 0.5);
    const relation = ctx.scenario.pick(["sister", "brother", "mother", "father", "cousin", "manager"] as const);
    const wantSex =
      relation === "sister" || relation === "mother"
        ? "female"
        : relation === "brother" || relation === "father"
          ? "male"
          : null;
    const candidates = eligiblePeople(ctx.state).filter((p) => wantSex === null || p.sex === wantSex);
    const [to] = setRelationshipGroup(ctx.state, relation, [ctx.rng.pick(candidates)]) as [TaskPerson];
    const amount = drawAmount(ctx.rng, 15, 200);
    ensureBalanceAtLeast(ctx.state, amount + 40);
    const phrasings = [
      `Send my ${relation} ${money(amount)} on Venmo${noteClause(style)}.`,
      `Pay ${money(amount)} to my ${relation} through Venmo${noteClause(style)}.`,
      `My ${relation} covered something for me. Venmo ${objectPronoun(relation)} ${money(amount)}${noteClause(style)}.`,
      `Transfer ${money(amount)} to my ${relation} on Venmo${noteClause(style)}.`,
    ];
    return {
      instruction: `${phrasings[style.phrasing]} ${privacySentence(style)}`.trim(),
      goldSteps: [
        describeApisStep("phone", `I need to find out who my ${relation} is.`),
        apiDocStep("phone", "search_contacts", "search_contacts can filter by relationship."),
        loginStep(["venmo", "phone"]),
        step(`Find the contact whose relationship is ${relation}.`, contactsByRelationshipCode("relatives", relation)),
        apiDocStep("venmo", "create_transaction", "create_transaction sends money; let me check its parameters."),
        step(
          `I send ${money(amount)} to my ${relation}.`,
          `recipient = relatives[0]\nprint(${createTransactionCall('recipient["email"]', amount, style)})`,
        ),
        completeStep(),
      ],
      effects: { payments: [expectedPayment(to, amount, style)] },
    };
  },
};

const toGroup: TaskTemplate = {
  name: "send_money_to_group",
  intent: "send_money",
  difficulty: 2,
  apps: ["venmo", "phone"],
  hasChallenge: true,
  build(ctx) {
    const style = drawStyle(ctx, 0.8);
    const relation = ctx.scenario.pick(["roommate", "coworker", "friend"] as const);
    const size = ctx.challenge ? ctx.rng.int(6, 8) : ctx.rng.int(2, 3);
    const members = setRelationshipGroup(ctx.state, relation, ctx.rng.sample(eligiblePeople(ctx.state), size));
    const amount = drawAmount(ctx.rng, 10, 60);
    ensureBalanceAtLeast(ctx.state, amount * size + 40);
    const phrasings = [
      `Send ${money(amount)} to each of my ${relation}s on Venmo${noteClause(style)}.`,
      `Every one of my ${relation}s should get ${money(amount)} from me on Venmo${noteClause(style)}.`,
      `Pay each ${relation} of mine ${money(amount)} through Venmo${noteClause(style)}.`,
      `Venmo all my ${relation}s ${money(amount)} apiece${noteClause(style)}.`,
    ];
    return {
      instruction: `${phrasings[style.phrasing]} ${privacySentence(style)}`.trim(),
      goldSteps: [
        describeApisStep("phone", `I need the list of my ${relation}s.`),
        apiDocStep("phone", "search_contacts", "search_contacts can filter by relationship."),
        loginStep(["venmo", "phone"]),
        step(
          `Collect every ${relation} from the contacts, page by page.`,
          contactsByRelationshipCode("group", relation),
        ),
        apiDocStep("venmo", "create_transaction", "create_transaction sends money; let me check its parameters."),
        step(
          `I send ${money(amount)} to each ${relation}.`,
          `for person in group:\n    print(${createTransactionCall('person["email"]', amount, style)})`,
        ),
        completeStep(),
      ],
      effects: { payments: members.map((m) => expectedPayment(m, amount, style)) },
    };
  },
};

export const SEND_MONEY_TEMPLATES: readonly TaskTemplate[] = [
  byName,
  byPhone,
  byEmail,
  ...SEND_MONEY_CARD_TEMPLATES,
  toRelative,
  toGroup,
];
