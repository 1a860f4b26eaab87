// What an app tells the shared account APIs (./account-apis.ts): how its users are identified,
// its account table, its extra `show_account` fields, whether it verifies users, and its code salt.
import { ApiFailure, type ApiContext, type ParamSpec } from "./define.js";
import type { NewPerson } from "../mutations.js";
import type { AuthCode, DateTime, Person, WorldState } from "../state.js";

export type AccountApp = AuthCode["app"];
export type CodeKind = AuthCode["kind"];

/** The fields every app's account row has. */
export interface AccountRow {
  userId: number;
  registeredAt: DateTime;
  lastLoggedIn: DateTime;
}

/** How users of an app are identified: by email or by phone number. */
export interface AccountUsername {
  /** Argument name, e.g. `email` or `phone_number`. */
  readonly field: "email" | "phone_number";
  /** Words in messages, e.g. `email address` or `phone number`. */
  readonly noun: string;
  /** Example value in the `show_account` response. */
  readonly example: unknown;
  /** The signup parameter (its checks differ from the lookup one). */
  readonly signupParam: ParamSpec;
  /** The parameter naming an existing user (verification and password reset). */
  readonly lookupParam: ParamSpec;
  readonly of: (person: Person) => string;
  readonly find: (state: WorldState, value: string) => Person | undefined;
  /** Login lookup, when it is stricter than `find`. */
  readonly findForLogin?: (state: WorldState, value: string) => Person | undefined;
  /** The person fields a signup fills from the username. */
  readonly personFields: (value: string) => Partial<NewPerson>;
}

/** What one app's account APIs differ in. */
export interface AccountApiSpec<A extends AccountRow> {
  readonly app: AccountApp;
  readonly username: AccountUsername;
  readonly accounts: {
    readonly list: (state: WorldState) => A[];
    readonly replace: (state: WorldState, rows: A[]) => void;
    readonly create: (person: Person, now: DateTime) => A;
  };
  /** App-specific `show_account` fields, after the shared ones. */
  readonly showAccount: {
    readonly response: Record<string, unknown>;
    readonly fields: (c: ApiContext, account: A) => Record<string, unknown>;
  };
  /** Apps whose users must verify their username before logging in. */
  readonly verification?: { readonly isVerified: (account: A) => boolean; readonly markVerified: (account: A) => void };
  /** Codes are derived from the world, so the same calls give the same codes on every machine. */
  readonly codes: { readonly salt: number; readonly key: (username: string, kind: CodeKind) => string };
}

/** The person behind a username who has an account in the app, or AppWorld's 409. */
export function registeredUser<A extends AccountRow>(
  state: WorldState,
  lookup: { spec: AccountApiSpec<A>; value: unknown },
): Person {
  const { spec, value } = lookup;
  const person = typeof value === "string" ? spec.username.find(state, value) : undefined;
  if (!person || !spec.accounts.list(state).some((a) => a.userId === person.id)) {
    throw new ApiFailure(409, { message: [`The user with ${spec.username.field} ${String(value)} does not exist.`] });
  }
  return person;
}

export function setPassword(state: WorldState, change: { app: AccountApp; person: Person; password: unknown }): void {
  state.passwords[change.person.id] = { ...state.passwords[change.person.id], [change.app]: String(change.password) };
}
