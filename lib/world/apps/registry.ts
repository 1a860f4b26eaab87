// The apps this world ships, in AppWorld's app order, with AppWorld's app descriptions.
import type { AppInfo } from "./define.js";
import { API_DOCS_APIS } from "./api-docs.js";
import { SUPERVISOR_APIS } from "./supervisor.js";
import { PHONE_APIS } from "./phone.js";
import { VENMO_APIS } from "./venmo.js";

export const APPS: readonly AppInfo[] = [
  { name: "api_docs", description: "An app to search and explore API documentation.", apis: API_DOCS_APIS },
  {
    name: "supervisor",
    description:
      "An app to access supervisor's personal information, account credentials, addresses, payment cards, and manage the assigned task.",
    apis: SUPERVISOR_APIS,
  },
  {
    name: "phone",
    description:
      "An app to find and manage contact information for friends, family members, etc., send and receive messages, and manage alarms.",
    apis: PHONE_APIS,
  },
  {
    name: "venmo",
    description: "A social payment app to send, receive and request money to and from others.",
    apis: VENMO_APIS,
  },
];

/** Names of the apps the embedded world implements. */
export const APP_NAMES: readonly string[] = APPS.map((a) => a.name);

// The shipped apps among `allowedApps` (all of them when not given), in AppWorld's order.
export function visibleApps(allowedApps?: readonly string[]): AppInfo[] {
  return APPS.filter((a) => !allowedApps || allowedApps.includes(a.name));
}
