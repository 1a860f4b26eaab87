// The shape of a task family: a template builds one variant from a fresh world, changing the world
// (setup) and returning the instruction, the gold steps and the expected effects.
import type { Random } from "../random.js";
import type { WorldState } from "../state.js";
import type { ExpectedEffects, TestSpec } from "./expected.js";
import type { GoldStep } from "./types.js";

/** What a template gets for one variant. */
export interface TemplateContext {
  /** A fresh world of the variant's seed; the template's setup changes it in place. */
  readonly state: WorldState;
  /** Draws for this variant (recipients, amounts). */
  readonly rng: Random;
  /** Draws shared by the three variants of a scenario (phrasing, private/public, note or not). */
  readonly scenario: Random;
  /** Harder variant (test_challenge): more records to page through, distractors, more rules. */
  readonly challenge: boolean;
}

/** One variant, as a template describes it. */
export interface TaskBlueprint {
  readonly instruction: string;
  readonly goldSteps: readonly GoldStep[];
  readonly effects: ExpectedEffects;
  /** Tests beyond those the effects imply. */
  readonly extraTests?: readonly TestSpec[];
}

export interface TaskTemplate {
  /** Stable name, e.g. `send_money_by_name`. */
  readonly name: string;
  /** Intent family (`send_money`, `request_money`, ...). */
  readonly intent: string;
  readonly difficulty: 1 | 2 | 3;
  /** Apps beyond `api_docs` and `supervisor`. */
  readonly apps: readonly string[];
  /** Whether the template has a harder form for test_challenge. */
  readonly hasChallenge: boolean;
  readonly build: (context: TemplateContext) => TaskBlueprint;
}

// Money for an instruction: `$45` or `$45.50`.
export function money(amount: number): string {
  return Number.isInteger(amount) ? `$${amount}` : `$${amount.toFixed(2)}`;
}

// A whole-dollar or cents amount in a range, drawn so that variants differ.
export function drawAmount(rng: Random, min: number, max: number, cents = false): number {
  const whole = rng.int(min, max);
  return cents ? Math.round((whole + rng.int(1, 99) / 100) * 100) / 100 : whole;
}

export const NOTES = [
  "Pizza night",
  "Concert tickets",
  "Groceries",
  "Uber ride",
  "Movie tickets",
  "Birthday gift",
  "Gas money",
  "Lunch",
  "Coffee",
  "Book club",
  "Dinner",
  "Parking",
  "Brunch",
  "Electricity bill",
  "Internet bill",
  "Game night snacks",
  "Gym class",
  "Museum tickets",
  "Car wash",
  "Flowers",
] as const;
