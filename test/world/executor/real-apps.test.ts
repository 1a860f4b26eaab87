// The executor with the real embedded apps: an agent's login-and-read action, end to end.
import { afterAll, describe, expect, it } from "vitest";
import { createApiCaller, createWorldState, supervisorPerson, venmoBalanceOf } from "../../../lib/world/index.js";
import { startPythonRepl } from "../../../lib/world/executor/index.js";

describe("the executor with the embedded apps", () => {
  const state = createWorldState({ seed: 7 });
  const repl = startPythonRepl(createApiCaller(state, { allowedApps: ["api_docs", "supervisor", "venmo", "phone"] }), {
    onWarning: () => undefined,
  });
  afterAll(() => repl.close());

  it("logs in to venmo with the supervisor's password and shows the balance", async () => {
    const login =
      "profile = apis.supervisor.show_profile()\n" +
      "passwords = {p['account_name']: p['password'] for p in apis.supervisor.show_account_passwords()}\n" +
      "token = apis.venmo.login(username=profile['email'], password=passwords['venmo'])['access_token']";
    expect(await repl.execute(login)).toBe("Execution successful.");
    const balance = venmoBalanceOf(state, supervisorPerson(state).id);
    const output = await repl.execute(
      "b = apis.venmo.show_venmo_balance(access_token=token)\nprint(b, type(b['venmo_balance']).__name__)",
    );
    expect(output).toBe(`{'venmo_balance': ${Number.isInteger(balance) ? `${balance}.0` : balance}} float\n`);
  });

  it("raises the app's 401 message for a bad token", async () => {
    expect(await repl.execute("apis.venmo.show_venmo_balance(access_token='nope')")).toBe(
      "Execution failed. Traceback:\n" +
        '  File "<python-input>", line 1, in <module>\n' +
        "    apis.venmo.show_venmo_balance(access_token='nope')\n" +
        "Exception: Response status code is 401:\n" +
        '{"message":"You are either not authorized to access this venmo API endpoint or your access token is missing, invalid or expired."}',
    );
  });
});
