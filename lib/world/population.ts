// The seeded population of a world: people with Venmo and phone accounts, the supervisor's cards,
// contacts, friends, payment history and pending requests. Same seed, same world on every machine:
// every draw comes from `createRandom(seed)` and the clock is the `now` option.
import { CARD_NAMES, CITIES, FIRST_NAMES, LAST_NAMES, STREET_NAMES, STREET_SUFFIXES } from "./names.js";
import { createRandom, deriveSeed, type Random } from "./random.js";
import { parseDateTime, formatDateTime } from "./datetime.js";
import { addPaymentCard, roundMoney } from "./mutations.js";
import { populateHistory } from "./population-history.js";
import type { Address, Person, WorldState } from "./state.js";

/** Options of `createWorldState`. */
export interface WorldOptions {
  /** Seed of every random draw; any integer. */
  seed: number;
  /** The frozen clock. @default "2023-05-18T12:00:00" */
  now?: string;
  /** Index into the population of the person the agent acts for. @default drawn from the seed */
  supervisorIndex?: number;
}

export const DEFAULT_NOW = "2023-05-18T12:00:00";

const cache = new Map<string, WorldState>();

// Builds the world for a seed. The base world is built once per option set and cloned, so a task
// setup costs one structuredClone.
export function createWorldState(options: WorldOptions): WorldState {
  const now = options.now ?? DEFAULT_NOW;
  if (!Number.isInteger(options.seed)) {
    throw new TypeError(
      `Expected \`seed\` to be an integer, got \`${String(options.seed)}\` (${typeof options.seed}).`,
    );
  }
  parseDateTime(now);
  const key = `${options.seed}|${now}|${options.supervisorIndex ?? ""}`;
  let base = cache.get(key);
  if (!base) {
    base = buildWorld(options.seed, now, options.supervisorIndex);
    if (cache.size >= 256) cache.clear();
    cache.set(key, base);
  }
  return structuredClone(base);
}

function buildWorld(seed: number, now: string, supervisorIndex: number | undefined): WorldState {
  const rng = createRandom(seed);
  const state: WorldState = {
    now,
    seed,
    people: [],
    passwords: {},
    supervisor: {
      personId: 0,
      addresses: [],
      accountPasswords: [],
      task: { instruction: "", status: null, answer: "<<NOT_GIVEN>>" },
    },
    cards: [],
    venmo: {
      accounts: [],
      friendships: [],
      transactions: [],
      comments: [],
      requests: [],
      bankTransfers: [],
      notifications: [],
    },
    phone: { accounts: [], contacts: [], textMessages: [], voiceMessages: [], alarms: [] },
    authCodes: [],
    tokens: [],
    nextId: {
      transaction: 1,
      paymentRequest: 1,
      bankTransfer: 1,
      comment: 1,
      notification: 1,
      paymentCard: 1,
      contact: 1,
      textMessage: 1,
      voiceMessage: 1,
      alarm: 1,
      token: 1,
    },
  };
  const count = rng.int(64, 76);
  drawPeople(state, rng, count);
  const index = supervisorIndex ?? rng.int(0, count - 1);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(
      `Expected \`supervisorIndex\` to be an integer in 0..${count - 1} for seed ${seed}, got \`${index}\`.`,
    );
  }
  const supervisor = state.people[index] as Person;
  state.supervisor.personId = supervisor.id;
  drawAccounts(state, rng);
  drawSupervisorHoldings(state, createRandom(deriveSeed(seed, "holdings")), supervisor);
  populateHistory(state, createRandom(deriveSeed(seed, "history")));
  return state;
}

function drawPeople(state: WorldState, rng: Random, count: number): void {
  const usedNames = new Set<string>();
  const usedPhones = new Set<string>();
  const usedEmails = new Set<string>();
  while (state.people.length < count) {
    const [first, sex, nicknames] = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    if (usedNames.has(`${first} ${last}`)) continue;
    usedNames.add(`${first} ${last}`);
    let phone = "";
    do phone = String(rng.int(2, 9)) + rng.chars("0123456789", 9);
    while (usedPhones.has(phone));
    usedPhones.add(phone);
    let email = "";
    do email = drawEmail(rng, first, last);
    while (usedEmails.has(email));
    usedEmails.add(email);
    const year = rng.int(1955, 2002);
    state.people.push({
      id: state.people.length + 1,
      firstName: first,
      lastName: last,
      email,
      phoneNumber: phone,
      birthday: `${year}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`,
      sex,
      nicknames: nicknames.slice(),
    });
  }
}

// Email styles seen in AppWorld's data: `first.last`, `firstlast`, `first_last`, `fi-last`, truncated names.
function drawEmail(rng: Random, first: string, last: string): string {
  const f = first.toLowerCase();
  const l = last.toLowerCase();
  const styles = [
    `${f}.${l}`,
    `${f}${l}`,
    `${f}_${l}`,
    `${f.slice(0, 2)}-${l.slice(0, 4)}`,
    `${f}.${l.slice(0, 4)}`,
    `${f.slice(0, 2)}${l}`,
    `${f}${l}${rng.int(1, 99)}`,
  ];
  return `${rng.pick(styles)}@gmail.com`;
}

function drawAccounts(state: WorldState, rng: Random): void {
  const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  for (const person of state.people) {
    state.passwords[person.id] = {
      venmo: drawPassword(rng, alphabet),
      phone: drawPassword(rng, alphabet),
    };
    const registeredAt = pastDateTime(rng, state.now, 900, 120);
    const lastLoggedIn = pastDateTime(rng, state.now, 60, 0);
    state.venmo.accounts.push({
      userId: person.id,
      balance: rng.int(0, 2400),
      verified: true,
      registeredAt,
      lastLoggedIn,
    });
    state.phone.accounts.push({
      userId: person.id,
      registeredAt: pastDateTime(rng, state.now, 1200, 200),
      lastLoggedIn,
    });
  }
}

function drawPassword(rng: Random, alphabet: string): string {
  return rng.chars(alphabet, rng.int(7, 10)) + rng.pick(["!", "$", "#", "%", ""]);
}

function drawSupervisorHoldings(state: WorldState, rng: Random, supervisor: Person): void {
  const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const passwords = state.passwords[supervisor.id] as Record<string, string>;
  for (const app of ["amazon", "file_system", "gmail", "simple_note", "splitwise", "spotify", "todoist"]) {
    passwords[app] = drawPassword(rng, alphabet);
  }
  state.supervisor.accountPasswords = Object.keys(passwords)
    .sort()
    .map((app) => ({ account_name: app, password: passwords[app] as string }));
  const [city, region] = rng.pick(CITIES);
  state.supervisor.addresses = ["Home", "Work"].map((name) => drawAddress(rng, name, city, region));
  const account = state.venmo.accounts.find((a) => a.userId === supervisor.id);
  if (account) account.balance = rng.int(180, 900);

  // Cards: usable ones with ample money, one nearly empty, one expired, one only outside Venmo.
  const year = Number(state.now.slice(0, 4));
  const names = rng.shuffle(CARD_NAMES);
  const specs = [
    { balance: rng.int(2000, 6000), expiryYear: year + rng.int(1, 4), expiryMonth: rng.int(1, 12), inVenmo: true },
    { balance: rng.int(1500, 5000), expiryYear: year + rng.int(1, 4), expiryMonth: rng.int(1, 12), inVenmo: true },
    { balance: rng.int(8, 45), expiryYear: year + rng.int(1, 3), expiryMonth: rng.int(1, 12), inVenmo: true },
    { balance: rng.int(1000, 4000), expiryYear: year - rng.int(1, 2), expiryMonth: rng.int(1, 12), inVenmo: true },
    { balance: rng.int(1000, 4000), expiryYear: year + rng.int(1, 4), expiryMonth: rng.int(1, 12), inVenmo: false },
  ];
  specs.forEach((spec, i) => {
    addPaymentCard(state, {
      ownerId: supervisor.id,
      cardName: names[i] as string,
      cardNumber: rng.int(2, 6) * 1e15 + rng.int(0, 999999) * 1e9 + rng.int(0, 999999999),
      cvvNumber: rng.int(100, 999),
      ...spec,
      balance: roundMoney(spec.balance),
    });
  });
  // Everyone else has one card in Venmo, so approvals and payments from others can be simulated.
  for (const person of state.people) {
    if (person.id === supervisor.id) continue;
    addPaymentCard(state, {
      ownerId: person.id,
      cardName: rng.pick(CARD_NAMES),
      cardNumber: rng.int(2, 6) * 1e15 + rng.int(0, 999999) * 1e9 + rng.int(0, 999999999),
      cvvNumber: rng.int(100, 999),
      expiryYear: year + rng.int(1, 4),
      expiryMonth: rng.int(1, 12),
      balance: rng.int(500, 5000),
    });
  }
}

function drawAddress(rng: Random, name: string, city: string, region: string): Address {
  return {
    name,
    street_address: `${rng.int(10, 9899)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_SUFFIXES)}${rng.chance(0.5) ? ` Suite ${rng.int(100, 999)}` : ""}`,
    city,
    state: region,
    country: "United States",
    zip_code: rng.int(10000, 99999),
  };
}

// A random datetime between `maxDaysBack` and `minDaysBack` days before `now`, whole seconds.
export function pastDateTime(rng: Random, now: string, maxDaysBack: number, minDaysBack: number): string {
  const end = parseDateTime(now) - minDaysBack * 86_400_000 - 60_000;
  const start = parseDateTime(now) - maxDaysBack * 86_400_000;
  return formatDateTime(start + Math.floor(rng.next() * Math.max(1, (end - start) / 1000)) * 1000);
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
