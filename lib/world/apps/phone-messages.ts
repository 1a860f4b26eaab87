// Phone APIs 15–19 (text messages) and 25–29 (voice messages): one generator for both kinds, since the
// two differ only in names, ids and a few description words.
import { fail, notFound, notYours, p, PAGING, DT, type ApiDeclaration, type ApiContext } from "./define.js";
import { paginate, searchSortPage } from "./paging.js";
import { allocateId, personName } from "../mutations.js";
import type { TextMessage } from "../state.js";

type Kind = "text" | "voice";

const PARTY = { contact_id: 1, name: "string", phone_number: "string" };

function messagesOf(c: ApiContext, kind: Kind): TextMessage[] {
  return kind === "text" ? c.state.phone.textMessages : c.state.phone.voiceMessages;
}

function party(c: ApiContext, phone: string) {
  const contact = c.state.phone.contacts.find((x) => x.ownerId === c.user.id && x.phoneNumber === phone);
  if (contact) return { contact_id: contact.id, name: `${contact.firstName} ${contact.lastName}`, phone_number: phone };
  const person = c.state.people.find((x) => x.phoneNumber === phone);
  return { contact_id: null, name: person ? personName(c.state, person.id) : phone, phone_number: phone };
}

function view(c: ApiContext, kind: Kind, m: TextMessage) {
  return {
    [`${kind}_message_id`]: m.id,
    sender: party(c, m.senderPhone),
    receiver: party(c, m.receiverPhone),
    message: m.message,
    sent_at: m.sentAt,
  };
}

function mine(c: ApiContext, kind: Kind, withPhone?: string | null): TextMessage[] {
  const me = c.user.phoneNumber;
  return messagesOf(c, kind).filter((m) => {
    if (m.senderPhone !== me && m.receiverPhone !== me) return false;
    if (!withPhone) return true;
    return m.senderPhone === withPhone || m.receiverPhone === withPhone;
  });
}

function byTime(a: TextMessage, b: TextMessage): number {
  return a.sentAt < b.sentAt ? -1 : a.sentAt > b.sentAt ? 1 : a.id - b.id;
}

// "YYYY-MM-DD|HH:MM:SS" (or a plain ISO datetime) to the world's datetime form.
function windowBound(value: unknown, name: string): string {
  const text = String(value).replace("|", "T");
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/.test(text))
    fail(`The ${name} must be in YYYY-MM-DD|HH:MM:SS format.`);
  return text.length === 10 ? `${text}T00:00:00` : text;
}

function ownMessage(c: ApiContext, kind: Kind): TextMessage {
  const id = c.args[`${kind}_message_id`];
  const m = messagesOf(c, kind).find((x) => x.id === id);
  if (!m) notFound(`${kind} message`, id);
  if (m.senderPhone !== c.user.phoneNumber && m.receiverPhone !== c.user.phoneNumber) notYours(`${kind} message`);
  return m;
}

const SORT_TEXT = (what: string) =>
  `The attribute to sort the ${what} by prefixed with +/- to reflect ascending/descending. Valid attributes: created_at. If both query and sort_by are given and non-empty, results will be first ranked by query relevance, then paginated, and will then be sorted by the given attribute within each page. If both query and sort_by are not given, null, or empty, sort_by will default to -created_at.`;

// The five message APIs of one kind, in AppWorld's order: window, search, show, delete, send.
export function messageApis(kind: Kind): ApiDeclaration[] {
  const idName = `${kind}_message_id`;
  const example = { [idName]: 1, sender: PARTY, receiver: PARTY, message: "string", sent_at: DT };
  const label = kind === "text" ? "text message" : "voice message";
  return [
    {
      name: `show_${kind}_message_window`,
      method: "GET",
      path: `/messages/${kind}/window`,
      description: `Show ${kind} messages with a contact around a given date and time.`,
      auth: true,
      params: [
        p.str("phone_number", "The phone number of the contact to show messages with."),
        p.str("min_datetime", "The minimum datetime to show messages on or after in YYYY-MM-DD|HH:MM:SS format.", {
          default: "1500-01-01|00:00:00",
        }),
        p.str("max_datetime", "The maximum datetime to show messages on or before in YYYY-MM-DD|HH:MM:SS format.", {
          default: "3000-01-01|00:00:00",
        }),
        p.str(
          "pagination_order",
          "If set to ascending, as page_index increases, the results will have newer messages. If set to descending, as page_index increases, the results will have older messages. The messages within each page will always be oldest to newest.",
          { default: "descending", oneOf: ["ascending", "descending"] },
        ),
        ...PAGING,
      ],
      response: [example],
      handler: (c) => {
        const min = windowBound(c.args.min_datetime, "min_datetime");
        const max = windowBound(c.args.max_datetime, "max_datetime");
        const list = mine(c, kind, String(c.args.phone_number))
          .filter((m) => m.sentAt >= min && m.sentAt <= max)
          .sort(byTime);
        if (c.args.pagination_order === "descending") list.reverse();
        return paginate(list, c.args)
          .sort(byTime)
          .map((m) => view(c, kind, m));
      },
    },
    {
      name: `search_${kind}_messages`,
      method: "GET",
      path: `/messages/${kind}`,
      description:
        kind === "text"
          ? "Show or search your text messages."
          : "Show or search text voice_messages between the user and a contact.",
      auth: true,
      params: [
        p.str("query", "The search query string.", { default: "" }),
        p.str(
          "phone_number",
          `The phone number of the contact to show ${kind === "text" ? "messages" : "voice_messages"} with.`,
          { default: null },
        ),
        p.bool("only_latest_per_contact", "If set to true, only the latest message from each contact will be shown.", {
          default: false,
        }),
        ...PAGING,
        p.str("sort_by", SORT_TEXT(kind === "text" ? "messages" : "voice messages"), { default: null }),
      ],
      response: [example],
      handler: (c) => {
        let list = mine(c, kind, c.args.phone_number as string | null).sort(byTime);
        if (c.args.only_latest_per_contact) {
          const latest = new Map<string, TextMessage>();
          for (const m of list) latest.set(m.senderPhone === c.user.phoneNumber ? m.receiverPhone : m.senderPhone, m);
          list = [...latest.values()].sort(byTime);
        }
        const page = searchSortPage(list, c.args, {
          textsOf: (m) => [m.message, party(c, m.senderPhone).name, party(c, m.receiverPhone).name],
          sortFields: ["created_at"],
          sortKey: (m) => m.sentAt,
          defaultSort: "-created_at",
        });
        return page.map((m) => view(c, kind, m));
      },
    },
    {
      name: `show_${kind}_message`,
      method: "GET",
      path: `/messages/${kind}/{${idName}}`,
      description: `Show ${label} details.`,
      auth: true,
      params: [p.int(idName, `ID of the ${label} to show.`)],
      response: example,
      handler: (c) => view(c, kind, ownMessage(c, kind)),
    },
    {
      name: `delete_${kind}_message`,
      method: "DELETE",
      path: `/messages/${kind}/{${idName}}`,
      description: `Delete a ${label}.`,
      auth: true,
      params: [
        p.int(
          idName,
          kind === "text" ? "ID of the text message to be deleted." : "The ID of the voice message to delete.",
        ),
      ],
      response: { message: "string" },
      handler: (c) => {
        const m = ownMessage(c, kind);
        if (kind === "text") c.state.phone.textMessages = c.state.phone.textMessages.filter((x) => x !== m);
        else c.state.phone.voiceMessages = c.state.phone.voiceMessages.filter((x) => x !== m);
        return { message: `${kind === "text" ? "Text" : "Voice"} message deleted.` };
      },
    },
    {
      name: `send_${kind}_message`,
      method: "POST",
      path: `/messages/${kind}/{phone_number}`,
      description: `Send a ${label} on the given phone number.`,
      auth: true,
      params: [
        p.str(
          "phone_number",
          kind === "text"
            ? "The phone number of the contact to send the message to."
            : "The phone number of the contact to send the voice message to.",
        ),
        p.str(
          "message",
          kind === "text" ? "The content of the text message." : "The message text of the voice_message.",
          { minLength: 1 },
        ),
      ],
      response: { message: "string", [idName]: 1 },
      handler: (c) => {
        const phone = String(c.args.phone_number);
        if (!/^\d{10}$/.test(phone)) fail("The phone number must be a 10-digit number.");
        const id = allocateId(c.state, kind === "text" ? "textMessage" : "voiceMessage");
        messagesOf(c, kind).push({
          id,
          senderPhone: c.user.phoneNumber,
          receiverPhone: phone,
          message: String(c.args.message),
          sentAt: c.state.now,
        });
        return { message: `${kind === "text" ? "Text" : "Voice"} message sent.`, [idName]: id };
      },
    },
  ];
}
