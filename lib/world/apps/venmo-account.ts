// Venmo APIs 1–10: account, login, verification and password reset.
import { p, EMAIL, F, type ApiDeclaration } from "./define.js";
import { defineAccountApis } from "./account-apis.js";
import { friendIdsOf } from "./venmo-views.js";
import { findPersonByEmail } from "../mutations.js";

export const VENMO_ACCOUNT: ApiDeclaration[] = defineAccountApis({
  app: "venmo",
  username: {
    field: "email",
    noun: "email address",
    example: EMAIL,
    signupParam: p.str("email", "Your email address.", { email: true }),
    lookupParam: p.str("email", "Your email address.", { email: true }),
    of: (person) => person.email,
    find: findPersonByEmail,
    personFields: (value) => ({ email: value }),
  },
  accounts: {
    list: (state) => state.venmo.accounts,
    replace: (state, rows) => {
      state.venmo.accounts = rows;
    },
    create: (person, now) => ({ userId: person.id, balance: 0, verified: false, registeredAt: now, lastLoggedIn: now }),
  },
  showAccount: {
    response: { verified: true, venmo_balance: F, friend_count: 1 },
    fields: (c, account) => ({
      verified: account.verified,
      venmo_balance: account.balance,
      friend_count: friendIdsOf(c.state, c.user.id).length,
    }),
  },
  verification: {
    isVerified: (account) => account.verified,
    markVerified: (account) => {
      account.verified = true;
    },
  },
  codes: { salt: 0x2545f491, key: (username, kind) => `${kind}:${username}` },
});
