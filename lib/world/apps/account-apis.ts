// The account APIs every app shares (AppWorld builds them from one authentication library):
// show_account, signup, delete_account, update_account_name, login, logout, the optional
// verification pair, send_password_reset_code and reset_password. An app says only what differs
// (./account-spec.ts).
import { ApiFailure, fail, p, MESSAGE, DT, type ApiDeclaration, type ApiContext } from "./define.js";
import { issueToken } from "./auth.js";
import { passwordResetApis, verificationApis } from "./account-codes.js";
import { setPassword, type AccountApiSpec, type AccountRow } from "./account-spec.js";
import { addPerson } from "../mutations.js";

function accountOf<A extends AccountRow>(c: ApiContext, spec: AccountApiSpec<A>): A {
  const account = spec.accounts.list(c.state).find((a) => a.userId === c.user.id);
  if (!account) fail("User account not found.");
  return account;
}

/** The shared account APIs of one app, in AppWorld's `show_api_descriptions` order. */
export function defineAccountApis<A extends AccountRow>(spec: AccountApiSpec<A>): ApiDeclaration[] {
  const { app, username, accounts, verification } = spec;
  return [
    {
      name: "show_account",
      method: "GET",
      path: "/account",
      description: "Show your account information. Unlike show_profile, this includes private information.",
      auth: true,
      response: {
        first_name: "string",
        last_name: "string",
        [username.field]: username.example,
        registered_at: DT,
        last_logged_in: DT,
        ...spec.showAccount.response,
      },
      handler: (c) => {
        const account = accountOf(c, spec);
        return {
          first_name: c.user.firstName,
          last_name: c.user.lastName,
          [username.field]: username.of(c.user),
          registered_at: account.registeredAt,
          last_logged_in: account.lastLoggedIn,
          ...spec.showAccount.fields(c, account),
        };
      },
    },
    {
      name: "signup",
      method: "POST",
      path: "/account",
      description: "Sign up to create account.",
      params: [
        p.str("first_name", "Your first name", { minLength: 1 }),
        p.str("last_name", "Your last name", { minLength: 1 }),
        username.signupParam,
        p.str("password", "Your password.", { minLength: 5 }),
      ],
      response: MESSAGE,
      handler: (c) => {
        const value = String(c.args[username.field]);
        const existing = username.find(c.state, value);
        if (existing && accounts.list(c.state).some((a) => a.userId === existing.id)) {
          throw new ApiFailure(409, { message: `User with this ${username.field} already exists.` });
        }
        const person =
          existing ??
          addPerson(c.state, {
            firstName: String(c.args.first_name),
            lastName: String(c.args.last_name),
            ...username.personFields(value),
            venmoBalance: null,
            withPhone: false,
            registeredAt: c.state.now,
          });
        accounts.list(c.state).push(accounts.create(person, c.state.now));
        setPassword(c.state, { app, person, password: c.args.password });
        return {
          message: verification
            ? `Account created. Verify your ${username.noun} to login.`
            : "Account created. You can now login.",
        };
      },
    },
    {
      name: "delete_account",
      method: "DELETE",
      path: "/account",
      description: "Delete your account.",
      auth: true,
      response: MESSAGE,
      handler: (c) => {
        accounts.replace(
          c.state,
          accounts.list(c.state).filter((a) => a.userId !== c.user.id),
        );
        for (const t of c.state.tokens) if (t.app === app && t.userId === c.user.id) t.revoked = true;
        return { message: "User account with all data belonging to it have been deleted." };
      },
    },
    {
      name: "update_account_name",
      method: "PATCH",
      path: "/account",
      description: "Update your first or last name in the account profile.",
      auth: true,
      params: [
        p.str("first_name", "Your updated first name.", { default: null, minLength: 1 }),
        p.str("last_name", "Your updated last name.", { default: null, minLength: 1 }),
      ],
      response: MESSAGE,
      handler: (c) => {
        if (typeof c.args.first_name === "string") c.user.firstName = c.args.first_name;
        if (typeof c.args.last_name === "string") c.user.lastName = c.args.last_name;
        return { message: "User account information updated." };
      },
    },
    {
      name: "login",
      method: "POST",
      path: "/auth/token",
      description: "Login to your account.",
      params: [p.str("username", `Your account ${username.field}.`), p.str("password", "Your account password.")],
      response: { access_token: "string", token_type: "string" },
      handler: (c) => {
        const person = (username.findForLogin ?? username.find)(c.state, String(c.args.username));
        const account = person && accounts.list(c.state).find((a) => a.userId === person.id);
        if (!person || !account || c.state.passwords[person.id]?.[app] !== c.args.password) {
          throw new ApiFailure(401, { message: "Invalid credentials" });
        }
        // Only Venmo verifies users, by email; the misspelling is AppWorld's.
        if (verification && !verification.isVerified(account))
          fail("Your account's email adddress is not verified. Please verify it first.");
        account.lastLoggedIn = c.state.now;
        return { access_token: issueToken(c.state, app, person, username.of(person)), token_type: "Bearer" };
      },
    },
    {
      name: "logout",
      method: "POST",
      path: "/auth/logout",
      description: "Logout from your account.",
      auth: true,
      response: MESSAGE,
      handler: (c) => {
        const record = c.state.tokens.find((t) => t.token === c.token);
        if (record) record.revoked = true;
        return { message: "Successfully logged out." };
      },
    },
    ...verificationApis(spec),
    ...passwordResetApis(spec),
  ];
}
