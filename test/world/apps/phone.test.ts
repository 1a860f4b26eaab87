import { describe, expect, it } from "vitest";
import { addContact, addPerson, addTextMessage, createWorldState, callApi } from "../../../lib/world/index.js";
import { openWorld, passwordOf } from "./world-fixture.js";

describe("phone app", () => {
  it("logs in by 10-digit phone number and shows the account", () => {
    const w = openWorld(31);
    const me = w.state.people.find((p) => p.id === w.state.supervisor.personId);
    const account = w.phone("show_account").body as Record<string, unknown>;
    expect(Object.keys(account)).toEqual([
      "first_name",
      "last_name",
      "phone_number",
      "registered_at",
      "last_logged_in",
    ]);
    expect(account.phone_number).toBe(me?.phoneNumber);
    expect(w.call("phone", "login", { username: me?.email, password: passwordOf(w.call, "phone") }).json).toBe(
      '{"message":"Invalid credentials"}',
    );
    expect(w.call("phone", "show_account", { access_token: w.venmoToken }).body).toEqual({
      message:
        "You are either not authorized to access this phone API endpoint or your access token is missing, invalid or expired.",
    });
  });

  it("tells the frozen date and time", () => {
    const w = openWorld(31);
    expect(w.call("phone", "get_current_date_and_time", {}).json).toBe(
      '{"date":"Thursday, May 18, 2023","time":"12:00 PM"}',
    );
    const morning = createWorldState({ seed: 31, now: "2023-06-02T09:05:00" });
    expect(callApi(morning, "phone", "get_current_date_and_time", {}, { allowedApps: ["phone"] }).body).toEqual({
      date: "Friday, June 2, 2023",
      time: "09:05 AM",
    });
  });

  it("ranks contacts by the query without filtering them out", () => {
    const w = openWorld(31);
    const robert = addPerson(w.state, { firstName: "Robert", lastName: "Quill" });
    addContact(w.state, { ownerId: w.state.supervisor.personId, personId: robert.id, relationships: ["friend"] });
    const found = w.phone("search_contacts", { query: "Robert", page_limit: 20 }).body as Record<string, unknown>[];
    expect(found).toHaveLength(20);
    expect(found[0]).toMatchObject({
      first_name: "Robert",
      last_name: "Quill",
      phone_number: robert.phoneNumber,
      relationships: ["friend"],
    });
    expect(Object.keys(found[0] ?? {})).toEqual([
      "contact_id",
      "first_name",
      "last_name",
      "email",
      "phone_number",
      "relationships",
      "birthday",
      "home_address",
      "work_address",
      "created_at",
    ]);
  });

  it("finds a contact by phone number as the first search result", () => {
    const w = openWorld(31);
    const contacts = w.state.phone.contacts.filter((c) => c.ownerId === w.state.supervisor.personId);
    const target = contacts[contacts.length - 1];
    const found = w.phone("search_contacts", { query: target?.phoneNumber }).body as { contact_id: number }[];
    expect(found[0]?.contact_id).toBe(target?.id);
  });

  it("filters contacts by relationship and lists relationships alphabetically", () => {
    const w = openWorld(31);
    const relationships = w.phone("show_contact_relationships").body as string[];
    expect(relationships).toEqual([...relationships].sort());
    expect(relationships).toEqual(
      expect.arrayContaining(["coworker", "friend", "manager", "parent", "roommate", "sibling"]),
    );
    const roommates = w.phone("search_contacts", { relationship: "roommate", page_limit: 20 }).body as {
      relationships: string[];
    }[];
    expect(roommates.length).toBeGreaterThan(0);
    expect(roommates.every((c) => c.relationships.includes("roommate"))).toBe(true);
  });

  it("adds, updates and deletes a contact", () => {
    const w = openWorld(31);
    const added = w.phone("add_contact", {
      first_name: "Zed",
      last_name: "Alpha",
      phone_number: "5550001111",
      relationships: ["friend"],
    });
    const id = (added.body as { contact_id: number }).contact_id;
    expect(added.json).toBe(`{"message":"Contact added.","contact_id":${id}}`);
    expect(w.phone("update_contact", { contact_id: id, relationships: ["coworker"] }).body).toEqual({
      message: "Contact updated.",
    });
    expect(w.state.phone.contacts.find((c) => c.id === id)?.relationships).toEqual(["coworker"]);
    expect(w.phone("delete_contact", { contact_id: id }).body).toEqual({ message: "Contact deleted." });
    expect(w.phone("delete_contact", { contact_id: id }).json).toBe(
      `{"message":"The contact with id ${id} does not exist."}`,
    );
  });

  it("sends and finds text messages, newest first by default", () => {
    const w = openWorld(31);
    const me = w.state.people.find((p) => p.id === w.state.supervisor.personId);
    const contact = w.state.phone.contacts.find((c) => c.ownerId === me?.id);
    const sent = w.phone("send_text_message", { phone_number: contact?.phoneNumber, message: "See you at 7" });
    const id = (sent.body as { text_message_id: number }).text_message_id;
    expect(sent.json).toBe(`{"message":"Text message sent.","text_message_id":${id}}`);
    const latest = (w.phone("search_text_messages", { page_limit: 1 }).body as Record<string, unknown>[])[0];
    expect(latest).toEqual({
      text_message_id: id,
      sender: { contact_id: null, name: `${me?.firstName} ${me?.lastName}`, phone_number: me?.phoneNumber },
      receiver: {
        contact_id: contact?.id,
        name: `${contact?.firstName} ${contact?.lastName}`,
        phone_number: contact?.phoneNumber,
      },
      message: "See you at 7",
      sent_at: "2023-05-18T12:00:00",
    });
    const found = w.phone("search_text_messages", { query: "See you at 7", page_limit: 1 }).body as {
      text_message_id: number;
    }[];
    expect(found[0]?.text_message_id).toBe(id);
  });

  it("pages a message window from newest to oldest, each page oldest first", () => {
    const w = openWorld(31);
    const me = w.state.people.find((p) => p.id === w.state.supervisor.personId);
    const other = addPerson(w.state, { firstName: "Win", lastName: "Dow" });
    for (let day = 1; day <= 5; day++) {
      addTextMessage(w.state, {
        senderPhone: other.phoneNumber,
        receiverPhone: me?.phoneNumber ?? "",
        message: `m${day}`,
        sentAt: `2023-05-0${day}T10:00:00`,
      });
    }
    const page0 = w.phone("show_text_message_window", { phone_number: other.phoneNumber, page_limit: 2 }).body as {
      message: string;
    }[];
    const page1 = w.phone("show_text_message_window", { phone_number: other.phoneNumber, page_limit: 2, page_index: 1 })
      .body as { message: string }[];
    expect(page0.map((m) => m.message)).toEqual(["m4", "m5"]);
    expect(page1.map((m) => m.message)).toEqual(["m2", "m3"]);
    const ascending = w.phone("show_text_message_window", {
      phone_number: other.phoneNumber,
      page_limit: 2,
      pagination_order: "ascending",
      max_datetime: "2023-05-04|00:00:00",
    });
    expect((ascending.body as { message: string }[]).map((m) => m.message)).toEqual(["m1", "m2"]);
  });

  it("creates, shows, updates and deletes alarms", () => {
    const w = openWorld(31);
    const created = w.phone("create_alarm", { time: "06:30", repeat_days: ["monday", "friday"], label: "Run" });
    const id = (created.body as { alarm_id: number }).alarm_id;
    expect(created.body).toEqual({ message: "Alarm created.", alarm_id: id });
    expect(w.phone("show_alarm", { alarm_id: id }).body).toMatchObject({
      time: "06:30",
      repeat_days: ["monday", "friday"],
      label: "Run",
      enabled: true,
      snooze_minutes: 15,
    });
    expect(w.phone("create_alarm", { time: "25:00" }).body).toEqual({ message: "The time must be in HH:MM format." });
    expect(w.phone("update_alarm", { alarm_id: id, enabled: false }).body).toEqual({ message: "Alarm updated." });
    expect(w.phone("delete_alarm", { alarm_id: id }).body).toEqual({ message: "Alarm deleted." });
  });

  it("shows public profiles by phone number without a token", () => {
    const w = openWorld(31);
    const me = w.state.people.find((p) => p.id === w.state.supervisor.personId);
    expect(w.call("phone", "show_profile", { phone_number: me?.phoneNumber }).body).toMatchObject({
      first_name: me?.firstName,
      phone_number: me?.phoneNumber,
    });
    expect(w.call("phone", "show_profile", {}).body).toEqual({
      message: "Either email or phone_number must be provided.",
    });
  });
});
