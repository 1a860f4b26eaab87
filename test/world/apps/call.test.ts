import { describe, expect, it } from "vitest";
import { callApi, createWorldState, encodePythonJson, pyFloatRepr } from "../../../lib/world/index.js";
import { openWorld } from "./world-fixture.js";

describe("calling APIs", () => {
  const world = openWorld(11);

  it.each([
    ["gmail", "show_inbox", {}, "No app named 'gmail' found."],
    ["venmo", "send_money", {}, "No API named 'send_money' found in the venmo app."],
    ["phone", "get_contacts", {}, "No API named 'get_contacts' found in the phone app."],
    [
      "phone",
      "get_current_date_and_time",
      { access_token: "x" },
      "Unexpected parameter 'access_token' passed to the get_current_date_and_time API of the phone app. Allowed parameters are: []",
    ],
    [
      "venmo",
      "show_venmo_balance",
      { access_token: "x", amount: 3 },
      "Unexpected parameter 'amount' passed to the show_venmo_balance API of the venmo app. Allowed parameters are: ['access_token']",
    ],
  ])("%s.%s fails on the Python side before any HTTP answer", (app, api, kwargs, message) => {
    const response = world.call(app, api, kwargs);
    expect(response.clientError).toBe(message);
    expect(response.status).toBe(0);
  });

  it("reports an empty path parameter as a route that does not exist", () => {
    const response = world.venmo("show_transaction", { transaction_id: "" });
    expect(response.clientError).toBe("API not found or some of the passed parameters are invalid.");
  });

  it("treats an app outside the task's allowed apps as unknown", () => {
    const state = createWorldState({ seed: 11 });
    const response = callApi(
      state,
      "phone",
      "get_current_date_and_time",
      {},
      { allowedApps: ["api_docs", "supervisor", "venmo"] },
    );
    expect(response.clientError).toBe("No app named 'phone' found.");
  });

  it.each([
    ["login", {}, "Validation error. Reason: \nusername: field required\npassword: field required"],
    ["create_transaction", { amount: 5 }, "Validation error. Reason: \nreceiver_email: field required"],
    [
      "show_transactions",
      { page_limit: 50 },
      "Validation error. Reason: \npage_limit: ensure this value is less than or equal to 20",
    ],
    [
      "show_transactions",
      { page_limit: 0 },
      "Validation error. Reason: \npage_limit: ensure this value is greater than or equal to 1",
    ],
    [
      "show_transactions",
      { page_index: -1 },
      "Validation error. Reason: \npage_index: ensure this value is greater than or equal to 0",
    ],
    [
      "show_transactions",
      { direction: "both" },
      "Validation error. Reason: \ndirection: unexpected value; permitted: 'sent', 'received'",
    ],
    [
      "show_transactions",
      { page_limit: "many" },
      "Validation error. Reason: \npage_limit: value is not a valid integer",
    ],
    [
      "create_transaction",
      { receiver_email: "bob", amount: 5 },
      "Validation error. Reason: \nreceiver_email: value is not a valid email address",
    ],
    [
      "create_transaction",
      { receiver_email: "a@b.com", amount: 0 },
      "Validation error. Reason: \namount: ensure this value is greater than 0",
    ],
    [
      "create_transaction",
      { receiver_email: "a@b.com", amount: "lots" },
      "Validation error. Reason: \namount: value is not a valid float",
    ],
    [
      "create_transaction",
      { receiver_email: "a@b.com", amount: 5, private: "maybe" },
      "Validation error. Reason: \nprivate: value could not be parsed to a boolean",
    ],
  ])("venmo.%s with %j gives 422 %j", (api, kwargs, message) => {
    const response = api === "login" ? world.call("venmo", api, kwargs) : world.venmo(api, kwargs);
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ message });
    expect(response.json).toBe(JSON.stringify({ message }));
  });

  it("checks the token before validating parameters", () => {
    const response = world.call("venmo", "show_transactions", { page_limit: 50 });
    expect(response.status).toBe(401);
  });

  it("accepts numeric strings and integral floats the way pydantic coerces them", () => {
    expect(world.venmo("show_transactions", { page_limit: "2" }).body).toHaveLength(2);
    expect(world.venmo("show_transactions", { page_limit: 2.0 }).body).toHaveLength(2);
  });

  it("encodes money as floats and ids as ints in the JSON text", () => {
    const balance = world.venmo("show_venmo_balance");
    expect(balance.json).toMatch(/^\{"venmo_balance":\d+(\.\d+)?\}$/);
    expect(balance.json).toMatch(/\.\d+\}$/);
    const sent = world.venmo("create_transaction", { receiver_email: firstContactEmail(), amount: 1 });
    expect(sent.json).toMatch(/^\{"message":"Sent money\.","transaction_id":\d+\}$/);
    const list = world.venmo("show_transactions", { page_limit: 1 });
    expect(list.json).toMatch(/"amount":\d+\.\d+,/);
  });

  function firstContactEmail(): string {
    const contacts = world.phone("search_contacts", { relationship: "friend" }).body as { email: string }[];
    return contacts[0]?.email ?? "";
  }
});

describe("Python JSON text", () => {
  it.each([
    [47, "47.0"],
    [0, "0.0"],
    [0.01, "0.01"],
    [12.5, "12.5"],
    [9.223372036854776e18, "9.223372036854776e+18"],
    [1e16, "1e+16"],
    [0.00001, "1e-05"],
  ])("repr(float(%s)) is %s", (value, text) => {
    expect(pyFloatRepr(value)).toBe(text);
  });

  it("writes compact JSON with raw unicode, as FastAPI does", () => {
    expect(encodePythonJson({ a: [1, "x"], b: null, c: true, d: "café 🍕" })).toBe(
      '{"a":[1,"x"],"b":null,"c":true,"d":"café 🍕"}',
    );
  });
});
