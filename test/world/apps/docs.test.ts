import { describe, expect, it } from "vitest";
import { buildApiDocs, buildApiDocsJson, callApi, createWorldState } from "../../../lib/world/index.js";
import { ALL_APPS } from "./world-fixture.js";

const state = createWorldState({ seed: 3 });
const docsCall = (api: string, kwargs: Record<string, unknown>) =>
  callApi(state, "api_docs", api, kwargs, { allowedApps: ALL_APPS });

// §3.2 of the API surface reference (newer form, with the app prefix in `path`).
const CREATE_TRANSACTION_DOC = {
  app_name: "venmo",
  api_name: "create_transaction",
  path: "/venmo/transactions",
  method: "POST",
  description: "Send money to a user.",
  parameters: [
    {
      name: "receiver_email",
      type: "string",
      required: true,
      description: "Email address of the receiver.",
      default: null,
      constraints: ["value is email address"],
    },
    {
      name: "amount",
      type: "number",
      required: true,
      description: "Amount of the transaction.",
      default: null,
      constraints: ["value > 0.0"],
    },
    {
      name: "access_token",
      type: "string",
      required: true,
      description: "Access token obtained from venmo app login.",
      default: null,
      constraints: [],
    },
    {
      name: "description",
      type: "string",
      required: false,
      description: "Description of or note about the transaction.",
      default: "",
      constraints: [],
    },
    {
      name: "payment_card_id",
      type: "integer",
      required: false,
      description: "ID of the payment card to use for the transaction. If not passed, Venmo balance will be used.",
      default: null,
      constraints: [],
    },
    {
      name: "private",
      type: "boolean",
      required: false,
      description: "Whether the transaction is private or not.",
      default: false,
      constraints: [],
    },
  ],
  response_schemas: { success: { message: "string", transaction_id: 1 }, failure: { message: "string" } },
};

const VENMO_ORDER = [
  "show_account",
  "signup",
  "delete_account",
  "update_account_name",
  "login",
  "logout",
  "send_verification_code",
  "verify_account",
  "send_password_reset_code",
  "reset_password",
  "show_profile",
  "search_users",
  "search_friends",
  "add_friend",
  "remove_friend",
  "add_to_venmo_balance",
  "show_venmo_balance",
  "withdraw_from_venmo_balance",
  "show_bank_transfer_history",
  "download_bank_transfer_receipt",
  "show_transaction",
  "update_transaction",
  "create_transaction",
  "show_transactions",
  "download_transaction_receipt",
  "like_transaction",
  "unlike_transaction",
  "show_transaction_comments",
  "create_transaction_comment",
  "show_transaction_comment",
  "update_transaction_comment",
  "delete_transaction_comment",
  "like_transaction_comment",
  "unlike_transaction_comment",
  "show_payment_card",
  "update_payment_card",
  "delete_payment_card",
  "show_payment_cards",
  "add_payment_card",
  "show_received_payment_requests",
  "show_sent_payment_requests",
  "create_payment_request",
  "update_payment_request",
  "delete_payment_request",
  "approve_payment_request",
  "deny_payment_request",
  "remind_payment_request",
  "show_social_feed",
  "show_notifications",
  "delete_notifications",
  "mark_notifications",
  "show_notifications_count",
  "delete_notification",
  "mark_notification",
];

const PHONE_ORDER = [
  "show_account",
  "signup",
  "delete_account",
  "update_account_name",
  "login",
  "logout",
  "send_password_reset_code",
  "reset_password",
  "show_profile",
  "show_contact_relationships",
  "search_contacts",
  "add_contact",
  "update_contact",
  "delete_contact",
  "show_text_message_window",
  "search_text_messages",
  "show_text_message",
  "delete_text_message",
  "send_text_message",
  "show_alarms",
  "create_alarm",
  "show_alarm",
  "update_alarm",
  "delete_alarm",
  "show_voice_message_window",
  "search_voice_messages",
  "show_voice_message",
  "delete_voice_message",
  "send_voice_message",
  "get_current_date_and_time",
];

describe("api docs", () => {
  it("show_api_doc of venmo.create_transaction equals AppWorld's printed doc", () => {
    const response = docsCall("show_api_doc", { app_name: "venmo", api_name: "create_transaction" });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(CREATE_TRANSACTION_DOC);
    expect(Object.keys(response.body as object)).toEqual([
      "app_name",
      "api_name",
      "path",
      "method",
      "description",
      "parameters",
      "response_schemas",
    ]);
    expect(JSON.parse(response.json)).toEqual(CREATE_TRANSACTION_DOC);
  });

  it("lists venmo's 54 and phone's 30 APIs in AppWorld's newer order", () => {
    const venmo = docsCall("show_api_descriptions", { app_name: "venmo" }).body as {
      name: string;
      description: string;
    }[];
    expect(venmo.map((d) => d.name)).toEqual(VENMO_ORDER);
    expect(venmo[0]).toEqual({
      name: "show_account",
      description: "Show your account information. Unlike show_profile, this includes private information.",
    });
    const phone = docsCall("show_api_descriptions", { app_name: "phone" }).body as { name: string }[];
    expect(phone.map((d) => d.name)).toEqual(PHONE_ORDER);
    const supervisor = docsCall("show_api_descriptions", { app_name: "supervisor" }).body;
    expect((supervisor as { name: string }[]).slice(0, 2)).toEqual([
      { name: "show_active_task", description: "Show the currently active task assigned to you by the supervisor." },
      { name: "complete_task", description: "Mark the currently active task as complete with the given answer." },
    ]);
  });

  it("show_transactions doc has the newer example, defaults and sort order of parameters", () => {
    const doc = docsCall("show_api_doc", { app_name: "venmo", api_name: "show_transactions" });
    const body = doc.body as {
      parameters: { name: string; constraints: string[] }[];
      response_schemas: { success: unknown };
    };
    expect(body.parameters.map((p) => p.name)).toEqual([
      "access_token",
      "query",
      "user_email",
      "min_created_at",
      "max_created_at",
      "min_like_count",
      "max_like_count",
      "min_amount",
      "max_amount",
      "private",
      "direction",
      "page_index",
      "page_limit",
      "sort_by",
    ]);
    expect(body.parameters.find((p) => p.name === "page_limit")?.constraints).toEqual(["value >= 1, <= 20"]);
    expect(body.parameters.find((p) => p.name === "page_index")?.constraints).toEqual(["value >= 0"]);
    expect(doc.json).toContain('"default":9223372036854775807,');
    expect(doc.json).toContain('"default":9.223372036854776e+18,');
    expect(doc.json).toContain('"default":0.01,');
    expect(doc.json).toContain(
      '"success":[{"transaction_id":1,"amount":0.0,"description":"string","created_at":"2019-01-01T00:00:00","updated_at":"2019-01-01T00:00:00","private":true,"like_count":1,"payment_card_digits":"string","comment_count":1,"sender":{"name":"string","email":"user@example.com"},"receiver":{"name":"string","email":"user@example.com"},"liked":true}]',
    );
  });

  it("prints card examples as AppWorld does (floats for numbers with float bounds)", () => {
    const doc = docsCall("show_api_doc", { app_name: "venmo", api_name: "show_payment_cards" });
    expect(doc.json).toContain(
      '"card_number":1000000000000000.0,"expiry_year":1,"expiry_month":1.0,"cvv_number":100.0',
    );
    const add = docsCall("show_api_doc", { app_name: "venmo", api_name: "add_payment_card" }).body as {
      parameters: { name: string; constraints: string[] }[];
    };
    expect(add.parameters.find((p) => p.name === "card_number")?.constraints).toEqual([
      "value >= 1000000000000000, < 10000000000000000",
    ]);
    expect(add.parameters.find((p) => p.name === "expiry_month")?.constraints).toEqual(["value >= 1, <= 12"]);
  });

  it("an API without parameters has an empty parameter list", () => {
    const doc = docsCall("show_api_doc", { app_name: "phone", api_name: "get_current_date_and_time" }).body as {
      parameters: unknown[];
    };
    expect(doc.parameters).toEqual([]);
  });

  it("refuses unknown API and app names with 422", () => {
    expect(docsCall("show_api_doc", { app_name: "venmo", api_name: "send_money" }).json).toBe(
      '{"message":"No APIs with name send_money found for the venmo app. Check the api and app name again."}',
    );
    const unknownApp = docsCall("show_api_descriptions", { app_name: "gmail" });
    expect(unknownApp.status).toBe(422);
    expect(unknownApp.body).toEqual({ message: "No APIs found for the gmail app. Check the app name again." });
    expect(docsCall("show_api_descriptions", {}).json).toBe(
      '{"message":"Validation error. Reason: \\napp_name: field required"}',
    );
  });

  it("search_api_docs ranks venmo.show_transactions first for 'transaction history list'", () => {
    const found = docsCall("search_api_docs", { query: "transaction history list" }).body as {
      app_name: string;
      api_name: string;
    }[];
    expect(found).toHaveLength(5);
    expect(`${found[0]?.app_name}.${found[0]?.api_name}`).toBe("venmo.show_transactions");
    const money = docsCall("search_api_docs", { query: "send money", page_limit: 1 }).body as { api_name: string }[];
    expect(money.map((d) => d.api_name)).toEqual(["create_transaction"]);
  });

  it("show_app_descriptions lists the shipped apps the task allows, in AppWorld's order", () => {
    expect(docsCall("show_app_descriptions", {}).body).toEqual([
      { name: "api_docs", description: "An app to search and explore API documentation." },
      {
        name: "supervisor",
        description:
          "An app to access supervisor's personal information, account credentials, addresses, payment cards, and manage the assigned task.",
      },
      {
        name: "phone",
        description:
          "An app to find and manage contact information for friends, family members, etc., send and receive messages, and manage alarms.",
      },
      { name: "venmo", description: "A social payment app to send, receive and request money to and from others." },
    ]);
    const limited = callApi(
      state,
      "api_docs",
      "show_app_descriptions",
      {},
      { allowedApps: ["api_docs", "supervisor", "venmo"] },
    );
    expect((limited.body as { name: string }[]).map((a) => a.name)).toEqual(["api_docs", "supervisor", "venmo"]);
  });

  it("buildApiDocs returns every doc by app and API name, and its JSON keeps Python's numbers", () => {
    const docs = buildApiDocs();
    expect(Object.keys(docs)).toEqual(["api_docs", "supervisor", "phone", "venmo"]);
    expect(Object.keys(docs.venmo ?? {})).toHaveLength(54);
    expect(docs.venmo?.create_transaction).toEqual(CREATE_TRANSACTION_DOC);
    expect(Object.keys(buildApiDocs(["api_docs", "venmo"]))).toEqual(["api_docs", "venmo"]);
    expect(buildApiDocsJson()).toContain('"venmo_balance":0.0');
  });

  it("keeps every definition consistent: unique routes, path parameters required, access_token last among required", () => {
    const docs = buildApiDocs();
    expect(Object.fromEntries(Object.entries(docs).map(([app, apis]) => [app, Object.keys(apis).length]))).toEqual({
      api_docs: 4,
      supervisor: 6,
      phone: 30,
      venmo: 54,
    });
    const routes = new Set<string>();
    for (const apis of Object.values(docs)) {
      for (const doc of Object.values(apis) as {
        method: string;
        path: string;
        parameters: { name: string; required: boolean; description: string }[];
      }[]) {
        const route = `${doc.method} ${doc.path}`;
        expect(routes.has(route), route).toBe(false);
        routes.add(route);
        for (const [, name] of doc.path.matchAll(/\{(\w+)\}/g)) {
          expect(doc.parameters.find((p) => p.name === name)?.required, `${route} ${name}`).toBe(true);
        }
        const required = doc.parameters.filter((p) => p.required).map((p) => p.name);
        if (required.includes("access_token")) expect(required.at(-1)).toBe("access_token");
        const firstOptional = doc.parameters.findIndex((p) => !p.required);
        if (firstOptional >= 0) expect(doc.parameters.slice(firstOptional).every((p) => !p.required)).toBe(true);
        expect(doc.parameters.every((p) => p.description.length > 0)).toBe(true);
      }
    }
  });
});
