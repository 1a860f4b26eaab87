// Phone APIs 10–14: the contact book. A query ranks contacts (never filters); relationship filters.
import {
  fail,
  notFound,
  notYours,
  p,
  PAGING,
  MESSAGE,
  DT,
  EMAIL,
  type ApiDeclaration,
  type ApiContext,
} from "./define.js";
import { paginate, rankByQuery } from "./paging.js";
import { addContact, findPersonByPhone } from "../mutations.js";
import type { Contact } from "../state.js";

function contactView(contact: Contact) {
  return {
    contact_id: contact.id,
    first_name: contact.firstName,
    last_name: contact.lastName,
    email: contact.email,
    phone_number: contact.phoneNumber,
    relationships: contact.relationships.slice(),
    birthday: contact.birthday,
    home_address: contact.homeAddress,
    work_address: contact.workAddress,
    created_at: contact.createdAt,
  };
}

function ownContact(c: ApiContext): Contact {
  const contact = c.state.phone.contacts.find((x) => x.id === c.args.contact_id);
  if (!contact) notFound("contact", c.args.contact_id);
  if (contact.ownerId !== c.user.id) notYours("contact");
  return contact;
}

export const PHONE_CONTACTS: ApiDeclaration[] = [
  {
    name: "show_contact_relationships",
    method: "GET",
    path: "/contact_relationships",
    description: "Get a list of all relationships available in your contact book.",
    auth: true,
    response: ["string"],
    handler: (c) => {
      const all = c.state.phone.contacts.filter((x) => x.ownerId === c.user.id).flatMap((x) => x.relationships);
      return [...new Set(all)].sort();
    },
  },
  {
    name: "search_contacts",
    method: "GET",
    path: "/contacts",
    description: "Search your contact book for relatives' information.",
    auth: true,
    params: [
      p.str("query", "Search query for the contacts list.", { default: "" }),
      p.str("relationship", "Relationship with the person in the contacts list to filter by.", { default: null }),
      ...PAGING,
    ],
    response: [
      {
        contact_id: 1,
        first_name: "string",
        last_name: "string",
        email: EMAIL,
        phone_number: "string",
        relationships: ["string"],
        birthday: "string",
        home_address: "string",
        work_address: "string",
        created_at: DT,
      },
    ],
    handler: (c) => {
      const contacts = c.state.phone.contacts.filter(
        (x) =>
          x.ownerId === c.user.id &&
          (c.args.relationship === null || x.relationships.includes(String(c.args.relationship))),
      );
      const ranked = rankByQuery(contacts, c.args.query, (x) => [
        `${x.firstName} ${x.lastName}`,
        x.email ?? "",
        x.phoneNumber,
      ]);
      return paginate(ranked, c.args).map(contactView);
    },
  },
  {
    name: "add_contact",
    method: "POST",
    path: "/contacts",
    description: "Add a new contact.",
    auth: true,
    params: [
      p.str("first_name", "First name of the contact."),
      p.str("last_name", "Last name of the contact."),
      p.str("phone_number", "Phone number of the contact."),
      p.str("email", "Email of the contact.", { default: null, email: true }),
      p.list("relationships", "Relationship with the contact.", { default: null }),
      p.str("birthday", "Birthday of the contact in YYYY-MM-DD format.", { default: null }),
      p.str("home_address", "Home address of the contact.", { default: null }),
      p.str("work_address", "Work address of the contact.", { default: null }),
    ],
    response: { message: "string", contact_id: 1 },
    handler: (c) => {
      const phone = String(c.args.phone_number);
      if (c.state.phone.contacts.some((x) => x.ownerId === c.user.id && x.phoneNumber === phone)) {
        fail("A contact with this phone number already exists.");
      }
      if (c.args.birthday !== null && !/^\d{4}-\d{2}-\d{2}$/.test(String(c.args.birthday))) {
        fail("The birthday must be in YYYY-MM-DD format.");
      }
      const contact = addContact(c.state, {
        ownerId: c.user.id,
        personId: findPersonByPhone(c.state, phone)?.id ?? null,
        firstName: String(c.args.first_name),
        lastName: String(c.args.last_name),
        phoneNumber: phone,
        email: (c.args.email as string | null) ?? null,
        relationships: (c.args.relationships as string[] | null) ?? [],
        birthday: (c.args.birthday as string | null) ?? null,
        homeAddress: (c.args.home_address as string | null) ?? null,
        workAddress: (c.args.work_address as string | null) ?? null,
      });
      return { message: "Contact added.", contact_id: contact.id };
    },
  },
  {
    name: "update_contact",
    method: "PATCH",
    path: "/contacts/{contact_id}",
    description: "Update contact information.",
    auth: true,
    params: [
      p.int("contact_id", "ID of the contact to update."),
      p.str("first_name", "Updated first name of the contact.", { default: null }),
      p.str("last_name", "Updated last name of the contact.", { default: null }),
      p.str("phone_number", "Updated phone number of the contact.", { default: null }),
      p.str("email", "Updated email of the contact.", { default: null, email: true }),
      p.list("relationships", "Updated relationship with the contact.", { default: null }),
      p.str("birthday", "Updated birthday of the contact in YYYY-MM-DD format.", { default: null }),
      p.str("home_address", "Updated home address of the contact.", { default: null }),
      p.str("work_address", "Updated work address of the contact.", { default: null }),
    ],
    response: MESSAGE,
    handler: (c) => {
      const contact = ownContact(c);
      const a = c.args;
      if (typeof a.first_name === "string") contact.firstName = a.first_name;
      if (typeof a.last_name === "string") contact.lastName = a.last_name;
      if (typeof a.phone_number === "string") {
        contact.phoneNumber = a.phone_number;
        contact.personId = findPersonByPhone(c.state, a.phone_number)?.id ?? null;
      }
      if (typeof a.email === "string") contact.email = a.email;
      if (Array.isArray(a.relationships)) contact.relationships = a.relationships.map(String);
      if (typeof a.birthday === "string") contact.birthday = a.birthday;
      if (typeof a.home_address === "string") contact.homeAddress = a.home_address;
      if (typeof a.work_address === "string") contact.workAddress = a.work_address;
      return { message: "Contact updated." };
    },
  },
  {
    name: "delete_contact",
    method: "DELETE",
    path: "/contacts/{contact_id}",
    description: "Delete contact information.",
    auth: true,
    params: [p.int("contact_id", "ID of the contact to be deleted.")],
    response: MESSAGE,
    handler: (c) => {
      const contact = ownContact(c);
      c.state.phone.contacts = c.state.phone.contacts.filter((x) => x !== contact);
      return { message: "Contact deleted." };
    },
  },
];
