// How people say an amount of money: "$50", "50 bucks", "a tenner", "twenty dollars", "75", "$12.50".
import type { Random } from "../world/index.js";

const ONES = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

// English words for 0..9999 ("seventy-five", "two hundred fifty", "one thousand two hundred").
export function numberToWords(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 9999)
    throw new RangeError(`Expected an integer in 0..9999, got \`${value}\` (number).`);
  if (value < 20) return ONES[value]!;
  if (value < 100) return TENS[Math.floor(value / 10)]! + (value % 10 === 0 ? "" : `-${ONES[value % 10]}`);
  if (value < 1000) {
    const rest = value % 100;
    return `${ONES[Math.floor(value / 100)]} hundred${rest === 0 ? "" : ` ${numberToWords(rest)}`}`;
  }
  const rest = value % 1000;
  return `${numberToWords(Math.floor(value / 1000))} thousand${rest === 0 ? "" : ` ${numberToWords(rest)}`}`;
}

/** Money as the assistant writes it back: `$50.00`, `$1,250.00`. */
export function formatUsd(amount: number): string {
  // toLocaleString costs ~0.1 ms a call, which alone would take seconds over 70,000 records.
  const [whole, cents] = amount.toFixed(2).split(".") as [string, string];
  return `$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${cents}`;
}

// Slang with one fixed value.
const SLANG: Readonly<Record<number, readonly string[]>> = {
  5: ["a fiver", "five bucks"],
  10: ["a tenner", "ten bucks"],
  20: ["a twenty", "a Jackson", "twenty bucks"],
  50: ["a fifty", "fifty bucks"],
  100: ["a hundred bucks", "a C-note", "a Benjamin", "a hundred dollars"],
  1000: ["a grand", "one grand"],
};

const formsCache = new Map<number, readonly string[]>();

/** The ways an amount can be said; all of them mean exactly `amount` dollars. */
export function amountForms(amount: number): readonly string[] {
  let forms = formsCache.get(amount);
  if (!forms) {
    forms = buildAmountForms(amount);
    formsCache.set(amount, forms);
  }
  return forms;
}

function buildAmountForms(amount: number): string[] {
  const cents = Math.round(amount * 100) % 100;
  const dollars = Math.floor(amount);
  if (cents !== 0) {
    const fixed = amount.toFixed(2);
    return [`$${fixed}`, `${fixed} dollars`, `${dollars} dollars and ${cents} cents`, `$${dollars} and ${cents} cents`];
  }
  const forms = [
    `$${dollars}`,
    `${dollars} bucks`,
    `${dollars} dollars`,
    `${dollars}`,
    `$${dollars}.00`,
    `${dollars} USD`,
  ];
  if (dollars <= 100 || dollars % 50 === 0)
    forms.push(`${numberToWords(dollars)} dollars`, `${numberToWords(dollars)} bucks`);
  if (dollars >= 1000 && dollars % 100 === 0) forms.push(`${dollars / 1000}k`, `$${dollars / 1000}k`);
  forms.push(...(SLANG[dollars] ?? []));
  return forms;
}

// Common amounts people send; drawn more often than uniform ones so slang forms appear.
const COMMON = [5, 10, 12, 15, 20, 25, 30, 35, 40, 45, 50, 60, 65, 75, 80, 90, 100, 120, 150, 200, 250];

/** Options of `drawAmount`. */
export interface AmountDraw {
  /** The largest amount the sender can pay (their balance). */
  readonly max: number;
  /** Share of draws that are large (≥ the confirmation threshold). */
  readonly largeShare: number;
  readonly confirmAbove: number;
}

// An amount: common round values, any whole dollars, some with cents, some large enough to confirm.
export function drawAmount(rng: Random, draw: AmountDraw): number {
  const roll = rng.next();
  if (roll < draw.largeShare && draw.max > draw.confirmAbove) {
    const low = Math.ceil(draw.confirmAbove / 10) * 10 + 10;
    const high = Math.floor(draw.max / 10) * 10;
    return high >= low ? rng.int(low / 10, high / 10) * 10 : Math.floor(draw.max);
  }
  const cap = Math.min(draw.max, draw.confirmAbove);
  if (roll < draw.largeShare + 0.45) {
    const options = COMMON.filter((v) => v <= cap);
    if (options.length > 0) return rng.pick(options);
  }
  if (roll < draw.largeShare + 0.6 && cap >= 2) return rng.int(100, Math.floor(cap - 1) * 100 + 99) / 100;
  return rng.int(1, Math.max(1, Math.floor(cap)));
}
