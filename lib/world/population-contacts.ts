// The supervisor's contact book: family (sharing the supervisor's last name), partner, roommates,
// a manager, coworkers and friends, two of whom share a first name.
import { FIRST_NAMES } from "./names.js";
import type { Random } from "./random.js";
import { addContact, findPersonByEmail } from "./mutations.js";
import { randomPastDateTime as past } from "./datetime.js";
import type { Person, WorldState } from "./state.js";

/** Relationship groups of the supervisor's contact book, with how many people each gets. */
const CONTACT_PLAN: readonly { relationships: readonly string[][]; count: [number, number]; family?: boolean }[] = [
  { relationships: [["partner", "wife"], ["partner", "husband"], ["partner"]], count: [1, 1] },
  {
    relationships: [
      ["parent", "mother"],
      ["parent", "father"],
    ],
    count: [2, 2],
    family: true,
  },
  {
    relationships: [
      ["sibling", "sister"],
      ["sibling", "brother"],
    ],
    count: [1, 2],
    family: true,
  },
  { relationships: [["roommate"]], count: [2, 3] },
  { relationships: [["manager", "coworker"]], count: [1, 1] },
  { relationships: [["coworker"], ["subordinate", "coworker"]], count: [4, 6] },
  { relationships: [["friend"]], count: [8, 12] },
];

// Adds the contact book and returns the people in it, in plan order.
export function addContactBook(state: WorldState, rng: Random, supervisor: Person, pool: Person[]): Person[] {
  const chosen: Person[] = [];
  let next = 0;
  for (const group of CONTACT_PLAN) {
    const n = rng.int(group.count[0], group.count[1]);
    for (let i = 0; i < n && next < pool.length; i++) {
      const person = pool[next++] as Person;
      const relationships = rng.pick(group.relationships).slice();
      if (group.family) renamePerson(state, rng, person, { lastName: supervisor.lastName });
      const gendered = relationships[1];
      if (gendered) person.sex = ["mother", "sister", "wife"].includes(gendered) ? "female" : "male";
      alignFirstNameWithSex(state, rng, person);
      chosen.push(person);
      addContact(state, {
        ownerId: supervisor.id,
        personId: person.id,
        relationships,
        homeAddress: drawAddressText(rng),
        workAddress: drawAddressText(rng),
        createdAt: past(rng, state, 900, 5),
      });
    }
  }
  // Two contacts share a first name, so instructions naming only a first name need disambiguation.
  const friends = chosen.slice(-6);
  const [a, b] = rng.sample(friends, 2) as [Person, Person];
  if (a.firstName !== b.firstName) {
    renamePerson(state, rng, b, { firstName: a.firstName, sex: a.sex, nicknames: a.nicknames.slice() });
  }
  return chosen;
}

// Renames a person (and the contacts pointing at them), drawing a fresh unused email for the new name.
function renamePerson(
  state: WorldState,
  rng: Random,
  person: Person,
  change: { firstName?: string; lastName?: string; sex?: Person["sex"]; nicknames?: string[] },
): void {
  const first = change.firstName ?? person.firstName;
  const last = change.lastName ?? person.lastName;
  if (state.people.some((p) => p !== person && p.firstName === first && p.lastName === last)) return;
  person.firstName = first;
  person.lastName = last;
  if (change.sex) person.sex = change.sex;
  if (change.nicknames) person.nicknames = change.nicknames;
  let email = "";
  for (let n = 0; ; n++) {
    const base = n < 3 ? rng.pick([`${first}.${last}`, `${first}${last}`, `${first}_${last}`]) : `${first}.${last}${n}`;
    email = `${base.toLowerCase()}@gmail.com`;
    const owner = findPersonByEmail(state, email);
    if (!owner || owner === person) break;
  }
  person.email = email;
  for (const c of state.phone.contacts) {
    if (c.personId === person.id) Object.assign(c, { firstName: first, lastName: last, email });
  }
  for (const card of state.cards) if (card.ownerId === person.id) card.ownerName = `${first} ${last}`;
}

function alignFirstNameWithSex(state: WorldState, rng: Random, person: Person): void {
  const current = FIRST_NAMES.find(([name]) => name === person.firstName);
  if (current && current[1] === person.sex) return;
  for (let i = 0; i < 20; i++) {
    const [first, sex, nicknames] = rng.pick(FIRST_NAMES);
    if (sex !== person.sex) continue;
    if (state.people.some((p) => p.firstName === first && p.lastName === person.lastName)) continue;
    renamePerson(state, rng, person, { firstName: first, nicknames: nicknames.slice() });
    return;
  }
}

function drawAddressText(rng: Random): string {
  const streets = ["Maple", "Cedar", "Lakeview", "Hillcrest", "Willow", "Harbor", "Orchard", "Summit"];
  return `${rng.int(10, 9899)} ${rng.pick(streets)} ${rng.pick(["Street", "Avenue", "Drive", "Lane"])}\nSeattle\nWashington\nUnited States\n${rng.int(10000, 99999)}`;
}
