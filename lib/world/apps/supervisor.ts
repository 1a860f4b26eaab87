// The `supervisor` app: the person the agent acts for (profile, addresses, cards, passwords) and the task.
//
// Choices where AppWorld's behaviour is unconfirmed: completing with no answer stores null; a second
// complete_task overwrites the first (AppWorld answered it with the same success message, as here).
import { defineApp, intShownAsFloat, EMAIL, MESSAGE, p, type ApiContext } from "./define.js";
import { getPerson } from "../mutations.js";

function supervisorOf(c: ApiContext) {
  return getPerson(c.state, c.state.supervisor.personId);
}

export const SUPERVISOR_APIS = defineApp("supervisor", [
  {
    name: "show_active_task",
    method: "GET",
    path: "/active_task",
    description: "Show the currently active task assigned to you by the supervisor.",
    response: { instruction: "string", status: "string", answer: "string" },
    handler: (c) => ({
      instruction: c.state.supervisor.task.instruction,
      status: c.state.supervisor.task.status,
      answer: structuredClone(c.state.supervisor.task.answer),
    }),
  },
  {
    name: "complete_task",
    method: "POST",
    path: "/message",
    description: "Mark the currently active task as complete with the given answer.",
    params: [
      p.any(
        "answer",
        "The answer to the task instruction. Pass it if and only if the task requests an answer, e.g., 'How many songs are in the Spotify queue?'. The answer must be concise, such as a number, a yes/no, or a specific entity, name, etc, e.g., '10' in this case. If the task is not a question, e.g., 'Start my Spotify music player.', the answer must be left to the default value, i.e., None.",
        { default: null },
      ),
      p.str("status", "Mark the task complete.", { default: "success", oneOf: ["success", "fail"] }),
    ],
    response: MESSAGE,
    handler: (c) => {
      c.state.supervisor.task.status = c.args.status as "success" | "fail";
      c.state.supervisor.task.answer = c.args.answer ?? null;
      return { message: "Marked the active task complete." };
    },
  },
  {
    name: "show_profile",
    method: "GET",
    path: "/profile",
    description: "Show your supervisor's profile information.",
    response: {
      first_name: "string",
      last_name: "string",
      email: EMAIL,
      phone_number: "string",
      birthday: "string",
      sex: "male",
    },
    handler: (c) => {
      const s = supervisorOf(c);
      return {
        first_name: s.firstName,
        last_name: s.lastName,
        email: s.email,
        phone_number: s.phoneNumber,
        birthday: s.birthday,
        sex: s.sex,
      };
    },
  },
  {
    name: "show_addresses",
    method: "GET",
    path: "/addresses",
    description: "Show your supervisor's addresses.",
    response: [
      {
        name: "Home",
        street_address: "string",
        city: "string",
        state: "string",
        country: "string",
        zip_code: intShownAsFloat(10000),
      },
    ],
    handler: (c) => c.state.supervisor.addresses.map((a) => ({ ...a })),
  },
  {
    name: "show_payment_cards",
    method: "GET",
    path: "/payment_cards",
    description: "Show your supervisor's payment_cards.",
    response: [
      {
        owner_name: "string",
        card_name: "Visa",
        card_number: intShownAsFloat(1000000000000000),
        expiry_year: 1,
        expiry_month: intShownAsFloat(1),
        cvv_number: intShownAsFloat(100),
      },
    ],
    handler: (c) =>
      c.state.cards
        .filter((card) => card.ownerId === c.state.supervisor.personId)
        .map((card) => ({
          owner_name: card.ownerName,
          card_name: card.cardName,
          card_number: card.cardNumber,
          expiry_year: card.expiryYear,
          expiry_month: card.expiryMonth,
          cvv_number: card.cvvNumber,
        })),
  },
  {
    name: "show_account_passwords",
    method: "GET",
    path: "/account_passwords",
    description: "Show your supervisor's app account passwords.",
    response: [{ account_name: "string", password: "string" }],
    handler: (c) => {
      // Read from the live password table so a reset_password shows here too.
      const live = c.state.passwords[c.state.supervisor.personId] ?? {};
      return c.state.supervisor.accountPasswords
        .map((e) => ({ account_name: e.account_name, password: live[e.account_name] ?? e.password }))
        .sort((a, b) => (a.account_name < b.account_name ? -1 : 1));
    },
  },
]);
