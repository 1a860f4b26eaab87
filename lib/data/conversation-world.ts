// The worlds behind the conversational data: each assistant action is Python code for the world's APIs,
// and its observation is what the world's REPL prints for it. Generation computes those outputs with the
// world's own API implementation (`callApi`) and the REPL's print rules, because starting a REPL per
// record would make 70,000 records take minutes; `verifyConversations` replays records through the real
// Python REPL and checks every printed output matches byte for byte.
import { InternalError } from "../errors.js";
import {
  callApi,
  createWorldState,
  type ApiResponse,
  type Contact,
  type Person,
  type WorldState,
} from "../world/index.js";
import { reprPythonString } from "./python-literal.js";
import { formatPrintedJson } from "./python-print.js";

/** Apps a send_money conversation may use. */
export const CONVERSATION_APPS: readonly string[] = ["api_docs", "supervisor", "phone", "venmo"];

/** A contact the supervisor can pay: the phone contact and the Venmo user behind it. */
export interface Payee {
  readonly contact: Contact;
  readonly person: Person;
  readonly email: string;
}

/** One world, logged in, with memoized observations. */
export interface ConversationWorld {
  readonly seed: number;
  readonly supervisor: Person;
  /** Supervisor's Venmo balance at the start: the most a conversation can send. */
  readonly balance: number;
  readonly payees: readonly Payee[];
  readonly loginCode: string;
  readonly loginObservation: string;
  /** `buildSearchCode(query)`, memoized. */
  searchCode(query: string): string;
  /** Observation of `searchCode(query)`: the contacts the phone app ranks first for it. */
  searchObservation(query: string): string;
  /** The contacts `searchCode(query)` shows, in order (for picking candidates the assistant can see). */
  searchResults(query: string): readonly number[];
  /** Observation of `sendCode(...)` on the world as it was before the send (the send is undone afterwards). */
  sendObservation(email: string, amount: number, note: string | null): string;
}

const py = reprPythonString;

// Python literal of an amount: whole dollars as an int, cents with two decimals.
export function amountLiteral(amount: number): string {
  return Number.isInteger(amount) ? String(amount) : amount.toFixed(2);
}

export function buildLoginCode(supervisor: Person): string {
  return [
    'passwords = {item["account_name"]: item["password"] for item in apis.supervisor.show_account_passwords()}',
    `phone_token = apis.phone.login(username=${py(supervisor.phoneNumber)}, password=passwords["phone"])["access_token"]`,
    `venmo_token = apis.venmo.login(username=${py(supervisor.email)}, password=passwords["venmo"])["access_token"]`,
  ].join("\n");
}

// One line per contact: name, email, phone and relationships; Python's print joins its arguments with spaces.
export function buildSearchCode(query: string): string {
  return (
    `contacts = apis.phone.search_contacts(query=${py(query)}, access_token=phone_token)\n` +
    'for contact in contacts:\n    print(contact["first_name"], contact["last_name"], contact["email"], contact["phone_number"], ", ".join(contact["relationships"]))'
  );
}

// What that loop prints: str() of each value (None for a missing email), space-separated, one line per contact.
function printContacts(contacts: readonly Record<string, unknown>[]): string {
  const text = (value: unknown): string => (value === null || value === undefined ? "None" : String(value));
  const lines = contacts.map((c) =>
    [c.first_name, c.last_name, c.email, c.phone_number, (c.relationships as string[]).join(", ")].map(text).join(" "),
  );
  return lines.length === 0 ? "Execution successful." : `${lines.join("\n")}\n`;
}

export function buildSendCode(email: string, amount: number, note: string | null): string {
  const description = note === null ? "" : `, description=${py(note)}`;
  return `result = apis.venmo.create_transaction(receiver_email=${py(email)}, amount=${amountLiteral(amount)}${description}, access_token=venmo_token)\nprint(result)`;
}

function expectOk(response: ApiResponse, what: string): ApiResponse {
  if (response.status !== 200)
    throw new InternalError(`The conversation world refused ${what}: HTTP ${response.status} ${response.json}`);
  return response;
}

// What a send changes, so it can be put back: appended records, balances, id counters.
function snapshotForSend(state: WorldState): () => void {
  const nextId = { ...state.nextId };
  const lengths = {
    transactions: state.venmo.transactions.length,
    notifications: state.venmo.notifications.length,
    bankTransfers: state.venmo.bankTransfers.length,
    tokens: state.tokens.length,
  };
  const balances = state.venmo.accounts.map((a) => a.balance);
  const cards = state.cards.map((c) => c.balance);
  return () => {
    state.nextId = nextId;
    state.venmo.transactions.length = lengths.transactions;
    state.venmo.notifications.length = lengths.notifications;
    state.venmo.bankTransfers.length = lengths.bankTransfers;
    state.tokens.length = lengths.tokens;
    state.venmo.accounts.forEach((a, i) => {
      a.balance = balances[i]!;
    });
    state.cards.forEach((c, i) => {
      c.balance = cards[i]!;
    });
  };
}

// Build the world of `seed`, log the supervisor in as the login action does, and index the payees.
export function openConversationWorld(seed: number): ConversationWorld {
  const state = createWorldState({ seed });
  const options = { allowedApps: CONVERSATION_APPS };
  const supervisor = state.people.find((p) => p.id === state.supervisor.personId)!;
  const passwords = expectOk(
    callApi(state, "supervisor", "show_account_passwords", {}, options),
    "show_account_passwords",
  ).body as { account_name: string; password: string }[];
  const password = (app: string): string => passwords.find((p) => p.account_name === app)?.password ?? "";
  const phoneToken = (
    expectOk(
      callApi(state, "phone", "login", { username: supervisor.phoneNumber, password: password("phone") }, options),
      "phone login",
    ).body as { access_token: string }
  ).access_token;
  const venmoToken = (
    expectOk(
      callApi(state, "venmo", "login", { username: supervisor.email, password: password("venmo") }, options),
      "venmo login",
    ).body as { access_token: string }
  ).access_token;
  const venmoUsers = new Set(state.venmo.accounts.map((a) => a.userId));
  const payees: Payee[] = [];
  for (const contact of state.phone.contacts) {
    if (
      contact.ownerId !== supervisor.id ||
      contact.personId === null ||
      contact.email === null ||
      !venmoUsers.has(contact.personId)
    )
      continue;
    const person = state.people.find((p) => p.id === contact.personId);
    if (person && person.email === contact.email) payees.push({ contact, person, email: contact.email });
  }
  const searches = new Map<string, { code: string; observation: string; ids: number[] }>();
  const search = (query: string) => {
    let hit = searches.get(query);
    if (!hit) {
      const response = expectOk(
        callApi(state, "phone", "search_contacts", { query, access_token: phoneToken }, options),
        `search_contacts(${query})`,
      );
      const contacts = response.body as Record<string, unknown>[];
      hit = {
        code: buildSearchCode(query),
        observation: printContacts(contacts),
        ids: contacts.map((c) => c.contact_id as number),
      };
      searches.set(query, hit);
    }
    return hit;
  };
  const sends = new Map<string, string>();
  const balance = state.venmo.accounts.find((a) => a.userId === supervisor.id)?.balance ?? 0;
  return {
    seed,
    supervisor,
    balance,
    payees,
    loginCode: buildLoginCode(supervisor),
    loginObservation: "Execution successful.",
    searchCode: (query) => search(query).code,
    searchObservation: (query) => search(query).observation,
    searchResults: (query) => search(query).ids,
    sendObservation(email, amount, note) {
      // A send from the balance that succeeds prints the same for any amount and note (the next transaction
      // id), so one real call per payee is run; a failing send would print differently, hence the balance cap
      // and the guard. verifyConversations replays every record in the real REPL to hold this to account.
      if (!(amount > 0 && amount <= balance))
        throw new InternalError(`A conversation draws ${amount}, outside the balance ${balance} of world ${seed}.`);
      let observation = sends.get(email);
      if (observation === undefined) {
        const restore = snapshotForSend(state);
        const args = {
          receiver_email: email,
          amount,
          ...(note === null ? {} : { description: note }),
          access_token: venmoToken,
        };
        const response = callApi(state, "venmo", "create_transaction", args, options);
        restore();
        observation = formatPrintedJson(expectOk(response, `create_transaction to ${email}`).json);
        sends.set(email, observation);
      }
      return observation;
    },
  };
}
