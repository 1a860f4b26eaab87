// A tiny stand-in for the embedded apps: enough APIs to exercise the executor's call path and to show
// that the world's state (held here, in TypeScript) survives whatever a cell does.
import type { ApiCaller, ApiResponse } from "../../../lib/world/apps/types.js";

/** The tiny world's state and the API caller that reads and changes it. */
export interface TinyWorld {
  readonly caller: ApiCaller;
  readonly balances: Map<string, number>;
  readonly calls: { app: string; api: string; kwargs: Record<string, unknown> }[];
}

// Money is sent as Python would print it: floats keep their `.0` so Python decodes a float.
function money(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

function reply(status: number, json: string): ApiResponse {
  return { status, body: JSON.parse(json), json };
}

// Build a world with two people; `me@example.com` (password `pw`) holds $47.
export function createTinyWorld(): TinyWorld {
  const balances = new Map([
    ["me@example.com", 47],
    ["friend@example.com", 10],
  ]);
  const calls: TinyWorld["calls"] = [];
  const token = "token-me";
  const caller: ApiCaller = (app, api, kwargs) => {
    calls.push({ app, api, kwargs });
    if (app !== "venmo") return { status: 0, body: undefined, json: "", clientError: `No app named '${app}' found.` };
    if (api === "login") {
      if (kwargs["username"] === "me@example.com" && kwargs["password"] === "pw") {
        return reply(200, `{"access_token":"${token}","token_type":"Bearer"}`);
      }
      return reply(401, '{"message":"Invalid credentials"}');
    }
    const known = ["show_venmo_balance", "create_transaction"];
    if (!known.includes(api)) {
      return { status: 0, body: undefined, json: "", clientError: `No API named '${api}' found in the venmo app.` };
    }
    if (kwargs["access_token"] !== token) {
      return reply(
        401,
        '{"message":"You are either not authorized to access this venmo API endpoint or your access token is missing, invalid or expired."}',
      );
    }
    if (api === "show_venmo_balance")
      return reply(200, `{"venmo_balance":${money(balances.get("me@example.com") ?? 0)}}`);
    const amount = Number(kwargs["amount"]);
    const receiver = String(kwargs["receiver_email"]);
    const mine = balances.get("me@example.com") ?? 0;
    if (!balances.has(receiver)) return reply(409, `{"message":["The user with email ${receiver} does not exist."]}`);
    if (amount > mine) {
      return reply(
        422,
        `{"message":"Your Venmo balance does not have $${amount.toFixed(2)} to make this transaction."}`,
      );
    }
    balances.set("me@example.com", mine - amount);
    balances.set(receiver, (balances.get(receiver) ?? 0) + amount);
    return reply(200, `{"message":"Sent money.","transaction_id":${calls.length}}`);
  };
  return { caller, balances, calls };
}
