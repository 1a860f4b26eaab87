// Every task family the catalog draws scenarios from, in a fixed order (the order is part of the
// catalog's determinism: adding a template changes which template later scenarios get).
import { ADD_BALANCE_TEMPLATES } from "./intents/add-balance.js";
import { PENDING_REQUEST_TEMPLATES } from "./intents/pending-requests.js";
import { QUESTION_TEMPLATES } from "./intents/questions.js";
import { REFUND_TEMPLATES } from "./intents/refund.js";
import { REQUEST_MONEY_TEMPLATES } from "./intents/request-money.js";
import { SEND_MONEY_TEMPLATES } from "./intents/send-money.js";
import type { TaskTemplate } from "./template.js";

export const TASK_TEMPLATES: readonly TaskTemplate[] = [
  ...SEND_MONEY_TEMPLATES,
  ...REQUEST_MONEY_TEMPLATES,
  ...ADD_BALANCE_TEMPLATES,
  ...PENDING_REQUEST_TEMPLATES,
  ...REFUND_TEMPLATES,
  ...QUESTION_TEMPLATES,
];

// Templates test_challenge draws from: those with a harder form, and the multi-step ones.
export const CHALLENGE_TEMPLATES: readonly TaskTemplate[] = TASK_TEMPLATES.filter(
  (t) => t.hasChallenge || t.difficulty >= 2,
);
