// Tasks on received payment requests: approve all, deny one person's, approve a group's, or apply a
// rule ("approve my roommates' requests under $50, deny the rest").
import { paymentRequestStatus } from "../../mutations.js";
import type { PaymentRequest, WorldState } from "../../state.js";
import {
  apiDocStep,
  completeStep,
  contactsByRelationshipCode,
  describeApisStep,
  findContactByNameCode,
  loginStep,
  pageLoop,
  py,
  step,
} from "../gold-code.js";
import {
  daysAgo,
  ensureBalanceAtLeast,
  eligiblePeople,
  personLabel,
  pickContacts,
  recordRequest,
  setRelationshipGroup,
  type TaskPerson,
} from "../setup.js";
import { drawAmount, money, NOTES, type TaskTemplate, type TemplateContext } from "../template.js";

function pendingReceived(state: WorldState): PaymentRequest[] {
  return state.venmo.requests.filter(
    (r) => r.receiverId === state.supervisor.personId && paymentRequestStatus(r) === "pending",
  );
}

// Adds pending requests to the supervisor from the given people (one each, or `perPerson`).
function addPendingFrom(ctx: TemplateContext, senders: readonly number[], amounts: () => number): void {
  for (const senderId of senders) {
    recordRequest(ctx.state, {
      from: senderId,
      to: ctx.state.supervisor.personId,
      amount: amounts(),
      description: ctx.rng.pick(NOTES),
      createdAt: daysAgo(ctx.state, ctx.rng, 1, 20),
    });
  }
}

// Makes sure the balance covers approving every pending request, so approvals never fail for money.
function fundApprovals(state: WorldState): void {
  const total = pendingReceived(state).reduce((sum, r) => sum + r.amount, 0);
  ensureBalanceAtLeast(state, Math.ceil(total) + 50);
}

const fetchPendingStep = () =>
  step(
    "I collect all pending requests I received, page by page.",
    `${pageLoop("pending", 'apis.venmo.show_received_payment_requests(status="pending", access_token=venmo_access_token)')}\nprint([(r["payment_request_id"], r["sender"]["name"], r["amount"]) for r in pending])`,
  );

const approveAll: TaskTemplate = {
  name: "approve_all_pending_requests",
  intent: "approve_requests",
  difficulty: 1,
  apps: ["venmo"],
  hasChallenge: true,
  build(ctx) {
    const phrasing = ctx.scenario.int(0, 2);
    const count = ctx.challenge ? ctx.rng.int(9, 13) : ctx.rng.int(2, 4);
    const senders = ctx.rng.sample(eligiblePeople(ctx.state), count).map((p) => p.id);
    addPendingFrom(ctx, senders, () => drawAmount(ctx.rng, 5, 90));
    fundApprovals(ctx.state);
    const ids = pendingReceived(ctx.state).map((r) => r.id);
    const phrasings = [
      "Approve all of my pending Venmo payment requests.",
      "Accept every payment request on Venmo that is still waiting for me.",
      "Pay all the Venmo requests people sent me that I have not dealt with yet.",
    ];
    return {
      instruction: phrasings[phrasing] as string,
      goldSteps: [
        describeApisStep("venmo", "I need to approve payment requests on Venmo."),
        apiDocStep(
          "venmo",
          "show_received_payment_requests",
          "show_received_payment_requests lists requests and filters by status.",
        ),
        loginStep(["venmo"]),
        fetchPendingStep(),
        step(
          "I approve each pending request.",
          'for request in pending:\n    print(apis.venmo.approve_payment_request(payment_request_id=request["payment_request_id"], access_token=venmo_access_token))',
        ),
        completeStep(),
      ],
      effects: { approve: { ids, label: "all requests that were pending" } },
    };
  },
};

const denyFromPerson: TaskTemplate = {
  name: "deny_requests_from_person",
  intent: "deny_requests",
  difficulty: 1,
  apps: ["venmo", "phone"],
  hasChallenge: true,
  build(ctx) {
    const phrasing = ctx.scenario.int(0, 2);
    const [who] = pickContacts(ctx.state, ctx.rng, 1) as [TaskPerson];
    const own = ctx.challenge ? ctx.rng.int(3, 4) : ctx.rng.int(1, 2);
    addPendingFrom(
      ctx,
      Array.from({ length: own }, () => who.person.id),
      () => drawAmount(ctx.rng, 10, 120),
    );
    const others = ctx.rng
      .sample(eligiblePeople(ctx.state, new Set([who.person.id])), ctx.challenge ? 8 : 2)
      .map((p) => p.id);
    addPendingFrom(ctx, others, () => drawAmount(ctx.rng, 10, 120));
    const ids = pendingReceived(ctx.state)
      .filter((r) => r.senderId === who.person.id)
      .map((r) => r.id);
    const phrasings = [
      `Deny all pending Venmo payment requests from ${who.name}.`,
      `${who.name} sent me Venmo requests I do not agree with. Decline every pending one from them.`,
      `Reject whatever ${who.name} is asking me to pay on Venmo (all their pending requests).`,
    ];
    return {
      instruction: phrasings[phrasing] as string,
      goldSteps: [
        describeApisStep("venmo", "I need to deny payment requests on Venmo."),
        apiDocStep("venmo", "deny_payment_request", "deny_payment_request takes a payment_request_id."),
        loginStep(["venmo", "phone"]),
        step(
          `I look up ${who.name}'s email, since request senders are given by email.`,
          findContactByNameCode("requester", who.name),
        ),
        fetchPendingStep(),
        step(
          `I deny the pending requests whose sender is ${who.name}.`,
          `for request in pending:\n    if request["sender"]["email"] == requester["email"]:\n        print(apis.venmo.deny_payment_request(payment_request_id=request["payment_request_id"], access_token=venmo_access_token))`,
        ),
        completeStep(),
      ],
      effects: { deny: { ids, label: `the pending requests from ${personLabel(who)}` } },
    };
  },
};

const approveGroups: TaskTemplate = {
  name: "approve_requests_from_groups",
  intent: "approve_requests",
  difficulty: 2,
  apps: ["venmo", "phone"],
  hasChallenge: true,
  build(ctx) {
    const [first, second] = ctx.scenario.sample(["roommate", "coworker", "friend", "sibling"] as const, 2) as [
      string,
      string,
    ];
    const people = ctx.rng.sample(eligiblePeople(ctx.state), ctx.challenge ? 12 : 7);
    const groupA = setRelationshipGroup(ctx.state, first, people.slice(0, 2));
    const groupB = setRelationshipGroup(ctx.state, second, people.slice(2, ctx.challenge ? 6 : 4));
    const outsiders = people.slice(ctx.challenge ? 6 : 4);
    addPendingFrom(
      ctx,
      [...groupA, ...groupB].map((m) => m.person.id),
      () => drawAmount(ctx.rng, 5, 80),
    );
    addPendingFrom(
      ctx,
      outsiders.map((p) => p.id),
      () => drawAmount(ctx.rng, 5, 80),
    );
    fundApprovals(ctx.state);
    const members = new Set([...groupA, ...groupB].map((m) => m.person.id));
    const ids = pendingReceived(ctx.state)
      .filter((r) => members.has(r.senderId))
      .map((r) => r.id);
    return {
      instruction: `Accept all pending Venmo payment requests from my ${first}s and ${second}s.`,
      goldSteps: [
        describeApisStep("venmo", "I need to approve some payment requests on Venmo."),
        apiDocStep(
          "phone",
          "search_contacts",
          `I need my ${first}s and ${second}s; search_contacts filters by relationship.`,
        ),
        loginStep(["venmo", "phone"]),
        step(
          `Collect the emails of my ${first}s and ${second}s.`,
          `${contactsByRelationshipCode("group_a", first)}\n${contactsByRelationshipCode("group_b", second)}\nemails = {c["email"] for c in group_a + group_b}`,
        ),
        fetchPendingStep(),
        step(
          "I approve the pending requests whose sender is in those groups.",
          'for request in pending:\n    if request["sender"]["email"] in emails:\n        print(apis.venmo.approve_payment_request(payment_request_id=request["payment_request_id"], access_token=venmo_access_token))',
        ),
        completeStep(),
      ],
      effects: { approve: { ids, label: `the pending requests from my ${first}s and ${second}s` } },
    };
  },
};

const approveByRule: TaskTemplate = {
  name: "resolve_requests_by_rule",
  intent: "approve_requests",
  difficulty: 3,
  apps: ["venmo", "phone"],
  hasChallenge: true,
  build(ctx) {
    const relation = ctx.scenario.pick(["roommate", "coworker", "friend"] as const);
    const limit = ctx.scenario.pick([30, 40, 50, 75] as const);
    const people = ctx.rng.sample(eligiblePeople(ctx.state), ctx.challenge ? 10 : 6);
    const group = setRelationshipGroup(ctx.state, relation, people.slice(0, ctx.challenge ? 5 : 3));
    // Amounts on both sides of the limit, from the group and from others.
    const around = () =>
      ctx.rng.chance(0.5) ? drawAmount(ctx.rng, 5, limit - 1) : drawAmount(ctx.rng, limit + 1, limit * 2);
    addPendingFrom(
      ctx,
      group.map((m) => m.person.id),
      around,
    );
    if (group[0]) addPendingFrom(ctx, [group[0].person.id, group[0].person.id], around);
    addPendingFrom(
      ctx,
      people.slice(group.length).map((p) => p.id),
      around,
    );
    fundApprovals(ctx.state);
    const members = new Set(group.map((m) => m.person.id));
    const pending = pendingReceived(ctx.state);
    const approve = pending.filter((r) => members.has(r.senderId) && r.amount < limit).map((r) => r.id);
    const deny = pending.filter((r) => !approve.includes(r.id)).map((r) => r.id);
    const phrasing = ctx.scenario.int(0, 1);
    const phrasings = [
      `Go through my pending Venmo payment requests: approve the ones from my ${relation}s that are under ${money(limit)}, and deny all the others.`,
      `Approve every pending Venmo request from a ${relation} of mine for less than ${money(limit)}; deny every other pending request.`,
    ];
    return {
      instruction: phrasings[phrasing] as string,
      goldSteps: [
        describeApisStep("venmo", "I need to approve and deny payment requests on Venmo."),
        apiDocStep(
          "venmo",
          "approve_payment_request",
          "approve_payment_request and deny_payment_request take a payment_request_id.",
        ),
        loginStep(["venmo", "phone"]),
        step(
          `Collect the emails of my ${relation}s.`,
          `${contactsByRelationshipCode("group", relation)}\nemails = {c["email"] for c in group}`,
        ),
        fetchPendingStep(),
        step(
          `Approve requests from ${relation}s under ${money(limit)}; deny the rest.`,
          [
            "for request in pending:",
            `    if request["sender"]["email"] in emails and request["amount"] < ${py(limit)}:`,
            '        print(apis.venmo.approve_payment_request(payment_request_id=request["payment_request_id"], access_token=venmo_access_token))',
            "    else:",
            '        print(apis.venmo.deny_payment_request(payment_request_id=request["payment_request_id"], access_token=venmo_access_token))',
          ].join("\n"),
        ),
        completeStep(),
      ],
      effects: {
        approve: { ids: approve, label: `the pending requests from my ${relation}s under ${money(limit)}` },
        deny: { ids: deny, label: "all other pending requests" },
      },
    };
  },
};

export const PENDING_REQUEST_TEMPLATES: readonly TaskTemplate[] = [
  approveAll,
  denyFromPerson,
  approveGroups,
  approveByRule,
];
