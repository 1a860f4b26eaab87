// Intent and scenario keys for rows whose source does not carry them (the seed CSV, bare prompt files).
import { createHash } from "node:crypto";

const INTENT_RULES: readonly (readonly [string, RegExp])[] = [
  ["refund", /\b(refund|money back|pay (them|him|her) back)\b/i],
  ["approve_requests", /\b(accept|approve)\b.*\brequests?\b/i],
  ["deny_requests", /\b(deny|decline|reject)\b.*\brequests?\b/i],
  ["split_bill", /\b(split|shared equally|share of the|divide)\b/i],
  ["add_balance", /\b(add|top up|load)\b.*\bvenmo balance\b/i],
  ["request_money", /\b(make|send|create)\b.*\brequests?\b|\brequest \$?\d/i],
  ["question", /^(how|what|who|when|which|did|do|is|are)\b|\?\s*$/i],
  ["send_money", /\b(send|pay|transfer|venmo|zelle|wire)\b/i],
];

// Guess a task's intent family from its instruction; "other" when no rule matches.
export function inferIntent(instruction: string): string {
  for (const [intent, pattern] of INTENT_RULES) if (pattern.test(instruction)) return intent;
  return "other";
}

// The scenario of a task: AppWorld ids `{scenario}_{n}` share `{scenario}`; without an id, instructions that
// differ only in numbers ("Send $91 ..." / "Send $68 ...") are variants of one scenario.
export function scenarioKeyOf(taskId: string, instruction: string): string {
  const match = /^([0-9a-f]{7})_\d+$/.exec(taskId);
  if (match) return match[1]!;
  const template = instruction
    .toLowerCase()
    .replace(/\d+(\.\d+)?/g, "#")
    .replace(/\s+/g, " ")
    .trim();
  return `i${createHash("sha256").update(template).digest("hex").slice(0, 6)}`;
}
