// State helpers for people, ids, balances and the task: shared by the population generator, the app
// handlers and the task setups. They change the given state in place and never read a clock of their own.
import type { DateTime, IdCounters, Person, VenmoAccount, WorldState } from "./state.js";

// Takes the next id of a table and advances the counter.
export function allocateId(state: WorldState, table: keyof IdCounters): number {
  const id = state.nextId[table];
  state.nextId[table] = id + 1;
  return id;
}

// The person with this id, or an error naming the id (helpers use it where a missing person is a bug).
export function getPerson(state: WorldState, personId: number): Person {
  const person = state.people.find((p) => p.id === personId);
  if (!person)
    throw new RangeError(`No person with id ${personId} in the world (people ids 1..${state.people.length}).`);
  return person;
}

export function findPersonByEmail(state: WorldState, email: string): Person | undefined {
  const wanted = email.trim().toLowerCase();
  return state.people.find((p) => p.email.toLowerCase() === wanted);
}

export function findPersonByPhone(state: WorldState, phoneNumber: string): Person | undefined {
  const wanted = phoneNumber.replace(/\D/g, "");
  return state.people.find((p) => p.phoneNumber === wanted);
}

// People whose first name, nickname or full name matches (case-insensitive).
export function findPeopleByName(state: WorldState, name: string): Person[] {
  const wanted = name.trim().toLowerCase();
  return state.people.filter(
    (p) =>
      p.firstName.toLowerCase() === wanted ||
      `${p.firstName} ${p.lastName}`.toLowerCase() === wanted ||
      p.nicknames.some((n) => n.toLowerCase() === wanted),
  );
}

// "First Last" of a person given by id.
export function personName(state: WorldState, personId: number): string {
  const p = getPerson(state, personId);
  return `${p.firstName} ${p.lastName}`;
}

export function supervisorPerson(state: WorldState): Person {
  return getPerson(state, state.supervisor.personId);
}

export function venmoAccountOf(state: WorldState, personId: number): VenmoAccount | undefined {
  return state.venmo.accounts.find((a) => a.userId === personId);
}

export function venmoBalanceOf(state: WorldState, personId: number): number {
  return venmoAccountOf(state, personId)?.balance ?? 0;
}

// Sets a Venmo balance, rounded to cents as the app keeps it.
export function setVenmoBalance(state: WorldState, personId: number, amount: number): void {
  const account = venmoAccountOf(state, personId);
  if (!account) throw new RangeError(`Person ${personId} has no Venmo account.`);
  account.balance = roundMoney(amount);
}

export function roundMoney(amount: number): number {
  return Math.round(amount * 100) / 100;
}

// Money as AppWorld's messages print it: `$250.00`.
export function formatMoney(amount: number): string {
  return `$${amount.toFixed(2)}`;
}

/** Fields of a new person; the rest are derived (email from the name, a free phone number, ...). */
export interface NewPerson {
  firstName: string;
  lastName: string;
  email?: string;
  phoneNumber?: string;
  birthday?: string;
  sex?: Person["sex"];
  nicknames?: string[];
  /** App passwords; `venmo` and `phone` default to a password derived from the id. */
  passwords?: Record<string, string>;
  /** Creates a Venmo account with this balance (default 0). Pass `null` for no Venmo account. */
  venmoBalance?: number | null;
  /** Creates a phone account (default true). */
  withPhone?: boolean;
  registeredAt?: DateTime;
}

// Adds a person with Venmo and phone accounts; email and phone number must be unused.
export function addPerson(state: WorldState, spec: NewPerson): Person {
  const id = state.people.reduce((max, p) => Math.max(max, p.id), 0) + 1;
  const email = spec.email ?? freeEmail(state, spec.firstName, spec.lastName);
  const phoneNumber = spec.phoneNumber ?? freePhoneNumber(state, id);
  if (findPersonByEmail(state, email))
    throw new RangeError(`The email \`${email}\` is already used by another person.`);
  if (findPersonByPhone(state, phoneNumber)) {
    throw new RangeError(`The phone number \`${phoneNumber}\` is already used by another person.`);
  }
  const person: Person = {
    id,
    firstName: spec.firstName,
    lastName: spec.lastName,
    email,
    phoneNumber,
    birthday: spec.birthday ?? "1990-01-01",
    sex: spec.sex ?? "male",
    nicknames: spec.nicknames ?? [],
  };
  state.people.push(person);
  state.passwords[id] = {
    venmo: `vpw${id}x${state.seed & 0xffff}`,
    phone: `ppw${id}x${state.seed & 0xffff}`,
    ...spec.passwords,
  };
  const registeredAt = spec.registeredAt ?? "2022-01-01T09:00:00";
  if (spec.venmoBalance !== null) {
    state.venmo.accounts.push({
      userId: id,
      balance: roundMoney(spec.venmoBalance ?? 0),
      verified: true,
      registeredAt,
      lastLoggedIn: registeredAt,
    });
  }
  if (spec.withPhone !== false) state.phone.accounts.push({ userId: id, registeredAt, lastLoggedIn: registeredAt });
  return person;
}

function freeEmail(state: WorldState, first: string, last: string): string {
  const base = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "");
  for (let n = 0; ; n++) {
    const email = `${base}${n === 0 ? "" : n}@gmail.com`;
    if (!findPersonByEmail(state, email)) return email;
  }
}

function freePhoneNumber(state: WorldState, id: number): string {
  for (let n = id * 7919; ; n++) {
    const phone = String(5550000000 + (n % 9999999)).padStart(10, "0");
    if (!findPersonByPhone(state, phone)) return phone;
  }
}

// Sets the task instruction the supervisor shows, resetting completion.
export function setActiveTask(state: WorldState, instruction: string): void {
  state.supervisor.task = { instruction, status: null, answer: "<<NOT_GIVEN>>" };
}
