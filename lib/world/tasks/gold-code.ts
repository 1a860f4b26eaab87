// Python snippets of gold solutions, written the way an AppWorld agent writes them: read the docs,
// log in with the supervisor's passwords, page through lists until an empty page, then act.
import type { GoldStep } from "./types.js";

// A Python literal for a string or number taken from the instruction.
export function py(value: string | number | boolean | null): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(value);
  return JSON.stringify(value);
}

export function step(thought: string, action: string): GoldStep {
  return { thought, action: action.trim() };
}

export function describeApisStep(app: string, reason: string): GoldStep {
  return step(
    `${reason} Let me look at the APIs the ${app} app offers.`,
    `print(apis.api_docs.show_api_descriptions(app_name=${py(app)}))`,
  );
}

export function apiDocStep(app: string, api: string, reason: string): GoldStep {
  return step(reason, `print(apis.api_docs.show_api_doc(app_name=${py(app)}, api_name=${py(api)}))`);
}

// Logs into venmo (and phone when needed) with the supervisor's email / phone number and passwords.
export function loginStep(apps: readonly ("venmo" | "phone")[]): GoldStep {
  const lines = [
    "profile = apis.supervisor.show_profile()",
    'passwords = {item["account_name"]: item["password"] for item in apis.supervisor.show_account_passwords()}',
  ];
  if (apps.includes("venmo")) {
    lines.push(
      'venmo_access_token = apis.venmo.login(username=profile["email"], password=passwords["venmo"])["access_token"]',
    );
  }
  if (apps.includes("phone")) {
    lines.push(
      'phone_access_token = apis.phone.login(username=profile["phone_number"], password=passwords["phone"])["access_token"]',
    );
  }
  lines.push('print(profile["first_name"], profile["last_name"], profile["email"])');
  const names = apps.join(" and ");
  return step(
    `I need access tokens for ${names}. The supervisor's passwords are in the supervisor app; ${apps.includes("venmo") ? "Venmo logs in with the email" : ""}${apps.length > 1 ? " and " : ""}${apps.includes("phone") ? "the phone app with the phone number" : ""}.`,
    lines.join("\n"),
  );
}

// Python that pages through a list API into `target` until an empty page comes back.
export function pageLoop(target: string, call: string): string {
  return [
    `${target} = []`,
    "page_index = 0",
    "while True:",
    `    page = ${call.replace(/\)$/, ", page_index=page_index, page_limit=20)")}`,
    "    if not page:",
    "        break",
    `    ${target}.extend(page)`,
    "    page_index += 1",
  ].join("\n");
}

// Finds one contact by full name (search ranks, it does not filter, so the name is checked).
export function findContactByNameCode(variable: string, fullName: string): string {
  return [
    pageLoop(
      "candidates",
      `apis.phone.search_contacts(query=${py(fullName)}, access_token=phone_access_token)`,
    ).replace("while True:", "while True:  # search ranks by relevance, so look at every page"),
    `${variable} = next(c for c in candidates if (c["first_name"] + " " + c["last_name"]).lower() == ${py(fullName.toLowerCase())})`,
    `print(${variable}["first_name"], ${variable}["last_name"], ${variable}["email"])`,
  ].join("\n");
}

export function contactEmailStep(variable: string, fullName: string): GoldStep {
  return step(`I need ${fullName}'s email from my contacts.`, findContactByNameCode(variable, fullName));
}

// Pages through the payments `payer` sent me into `received`, keeping in `matches` those whose note contains `note`.
export function receivedPaymentsWithNoteCode(note: string): string {
  return [
    pageLoop(
      "received",
      'apis.venmo.show_transactions(user_email=payer["email"], direction="received", access_token=venmo_access_token)',
    ),
    `matches = [t for t in received if t["sender"]["email"] == payer["email"] and ${py(note.toLowerCase())} in t["description"].lower()]`,
  ].join("\n");
}

// Finds one contact by phone number, looking at every page of the ranked search.
export function findContactByPhoneCode(variable: string, phoneNumber: string): string {
  return [
    pageLoop("candidates", `apis.phone.search_contacts(query=${py(phoneNumber)}, access_token=phone_access_token)`),
    `${variable} = next(c for c in candidates if c["phone_number"] == ${py(phoneNumber)})`,
    `print(${variable}["first_name"], ${variable}["last_name"], ${variable}["email"])`,
  ].join("\n");
}

// All contacts carrying a relationship (the phone app filters by it), printed by name and email.
export function contactsByRelationshipCode(variable: string, relationship: string): string {
  return [
    pageLoop(variable, `apis.phone.search_contacts(relationship=${py(relationship)}, access_token=phone_access_token)`),
    `print([(c["first_name"] + " " + c["last_name"], c["email"]) for c in ${variable}])`,
  ].join("\n");
}

export function completeStep(answerExpr?: string): GoldStep {
  return answerExpr === undefined
    ? step("Everything the task asked for is done, so I mark it complete.", "apis.supervisor.complete_task()")
    : step("I have the answer, so I complete the task with it.", `apis.supervisor.complete_task(answer=${answerExpr})`);
}
