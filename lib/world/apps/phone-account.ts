// Phone APIs 1–9 and 30: account, login by phone number, password reset, public profiles, the clock.
import { fail, p, DT, type ApiDeclaration } from "./define.js";
import { defineAccountApis } from "./account-apis.js";
import { registeredUser, type AccountApiSpec } from "./account-spec.js";
import { findPersonByPhone } from "../mutations.js";
import { describeDateTime } from "../datetime.js";
import type { PhoneAccount } from "../state.js";

const PHONE_ACCOUNT_SPEC: AccountApiSpec<PhoneAccount> = {
  app: "phone",
  username: {
    field: "phone_number",
    noun: "phone number",
    example: "string",
    signupParam: p.str("phone_number", "Your 10-digit phone number.", { minLength: 10, maxLength: 10 }),
    lookupParam: p.str("phone_number", "Your phone number."),
    of: (person) => person.phoneNumber,
    find: findPersonByPhone,
    // Lookups ignore punctuation, but login takes the number exactly as stored.
    findForLogin: (state, value) => {
      const person = findPersonByPhone(state, value);
      return person?.phoneNumber === value ? person : undefined;
    },
    personFields: (value) => ({ phoneNumber: value }),
  },
  accounts: {
    list: (state) => state.phone.accounts,
    replace: (state, rows) => {
      state.phone.accounts = rows;
    },
    create: (person, now) => ({ userId: person.id, registeredAt: now, lastLoggedIn: now }),
  },
  showAccount: { response: {}, fields: () => ({}) },
  codes: { salt: 0x7f4a7c15, key: (username) => username },
};

export const PHONE_ACCOUNT: ApiDeclaration[] = [
  ...defineAccountApis(PHONE_ACCOUNT_SPEC),
  {
    name: "show_profile",
    method: "GET",
    path: "/profile",
    description: "Show public profile information of a user.",
    params: [
      p.str("phone_number", "Phone number of the person you want to see the profile information of.", {
        default: null,
      }),
    ],
    response: { first_name: "string", last_name: "string", phone_number: "string", registered_at: DT },
    handler: (c) => {
      if (c.args.phone_number === null) fail("Either email or phone_number must be provided.");
      const person = registeredUser(c.state, { spec: PHONE_ACCOUNT_SPEC, value: c.args.phone_number });
      const account = c.state.phone.accounts.find((a) => a.userId === person.id);
      return {
        first_name: person.firstName,
        last_name: person.lastName,
        phone_number: person.phoneNumber,
        registered_at: account?.registeredAt ?? null,
      };
    },
  },
];

export const PHONE_CLOCK: ApiDeclaration = {
  name: "get_current_date_and_time",
  method: "GET",
  path: "/date_time",
  description: "Show current date and time.",
  response: { date: "string", time: "string" },
  handler: (c) => describeDateTime(c.state.now),
};
