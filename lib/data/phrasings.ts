// Phrasings of a send_money request and the purposes people pay for. `{a}` is the amount, `{r}` the
// recipient, `{n}` the note; `[...]` is dropped when the note is absent. Which slots a phrasing fills
// decides the follow-up turns: a request without `{a}` or `{r}` makes the assistant ask for it.
import type { Random } from "../world/index.js";

/** Which slots a phrasing states. */
export type PhrasingSlots = "full" | "no-amount" | "no-recipient";

/** A phrasing; `needsNote` ones only make sense with a purpose. */
export interface Phrasing {
  readonly text: string;
  readonly slots: PhrasingSlots;
  readonly needsNote?: boolean;
  readonly casual?: boolean;
}

const FULL: readonly Phrasing[] = [
  { text: "Send {a} to {r}[ for {n}]", slots: "full" },
  { text: "Please send {r} {a}[ for {n}]", slots: "full" },
  { text: "Transfer {a} to {r}[ for {n}]", slots: "full" },
  { text: "Pay {r} {a}[ for {n}]", slots: "full" },
  { text: "Venmo {r} {a}[ for {n}]", slots: "full" },
  { text: "Wire {a} to {r}[ for {n}]", slots: "full" },
  { text: "Send over {a} to {r}[ for {n}]", slots: "full" },
  { text: "Shoot over {a} to {r}[ for {n}]", slots: "full", casual: true },
  { text: "Shoot {r} {a}[ for {n}]", slots: "full", casual: true },
  { text: "Can you zelle {a} to {r}[ for {n}]?", slots: "full", casual: true },
  { text: "Can you send {a} to {r}[ for {n}]?", slots: "full" },
  { text: "Could you transfer {a} to {r}[ for {n}]?", slots: "full" },
  { text: "Could you please pay {r} {a}[ for {n}]?", slots: "full" },
  { text: "Would you mind sending {r} {a}[ for {n}]?", slots: "full" },
  { text: "I need to pay {r} {a}[ for {n}]", slots: "full" },
  { text: "I owe {r} {a}[ for {n}], can you send it?", slots: "full" },
  { text: "I owe {r} {a}[ for {n}]. Please pay them.", slots: "full" },
  { text: "Pay back {r} {a}[ for {n}]", slots: "full" },
  { text: "{r} covered {n}, send them {a}", slots: "full", needsNote: true },
  { text: "{r} paid for {n}. Pay them back {a}.", slots: "full", needsNote: true },
  { text: "Split {n} with {r}: send them {a}", slots: "full", needsNote: true },
  { text: "Kindly remit {a} to {r}[ regarding {n}]", slots: "full" },
  { text: "Go ahead and send {a} to {r}[ for {n}]", slots: "full" },
  { text: "Send {r} {a} on Venmo[ for {n}]", slots: "full" },
  { text: "Use Venmo to send {a} to {r}[ for {n}]", slots: "full" },
  { text: "Make a Venmo payment of {a} to {r}[ for {n}]", slots: "full" },
  { text: "hey can u send {a} to {r}[ 4 {n}]", slots: "full", casual: true },
  { text: "yo send {r} {a}[ for {n}]", slots: "full", casual: true },
  { text: "toss {r} {a}[ for {n}]", slots: "full", casual: true },
  { text: "spot {r} {a}[ for {n}]", slots: "full", casual: true },
  { text: "hit {r} with {a}[ for {n}]", slots: "full", casual: true },
  { text: "get {a} over to {r}[ for {n}]", slots: "full", casual: true },
  { text: "need u to venmo {r} {a}[ for {n}] asap", slots: "full", casual: true },
  { text: "Send {a}[ for {n}] to {r}", slots: "full" },
  { text: "[For {n}, ]send {r} {a}", slots: "full" },
  { text: "Pay {a} to {r}[ for {n}] please", slots: "full" },
  { text: "Reimburse {r} {a}[ for {n}]", slots: "full" },
  { text: "Settle up with {r}: {a}[ for {n}]", slots: "full" },
  { text: "Let's send {r} {a}[ for {n}]", slots: "full" },
  { text: "I'd like to send {a} to {r}[ for {n}]", slots: "full" },
];

const NO_AMOUNT: readonly Phrasing[] = [
  { text: "Send money to {r}[ for {n}]", slots: "no-amount" },
  { text: "Pay {r}[ for {n}]", slots: "no-amount" },
  { text: "I need to pay {r} back[ for {n}]", slots: "no-amount" },
  { text: "Can you venmo {r}[ for {n}]?", slots: "no-amount", casual: true },
  { text: "Could you send {r} some money[ for {n}]?", slots: "no-amount" },
  { text: "I owe {r} for {n}", slots: "no-amount", needsNote: true },
  { text: "{r} paid for {n}, pay them back", slots: "no-amount", needsNote: true },
  { text: "shoot {r} some cash[ for {n}]", slots: "no-amount", casual: true },
];

const NO_RECIPIENT: readonly Phrasing[] = [
  { text: "Send {a}[ for {n}]", slots: "no-recipient" },
  { text: "Can you send {a}[ for {n}]?", slots: "no-recipient" },
  { text: "Pay {a}[ for {n}]", slots: "no-recipient" },
  { text: "I need to venmo someone {a}[ for {n}]", slots: "no-recipient", casual: true },
  { text: "Transfer {a} on Venmo[ for {n}]", slots: "no-recipient" },
  { text: "send {a} pls[ for {n}]", slots: "no-recipient", casual: true },
];

/** Every phrasing by slot pattern. */
export const PHRASINGS: Readonly<Record<PhrasingSlots, readonly Phrasing[]>> = {
  full: FULL,
  "no-amount": NO_AMOUNT,
  "no-recipient": NO_RECIPIENT,
};

/** Purposes of a payment; the note of the transaction is the purpose as said. */
export const PURPOSES: readonly string[] = [
  "lunch",
  "dinner",
  "breakfast",
  "brunch",
  "coffee",
  "drinks",
  "groceries",
  "rent",
  "utilities",
  "the electricity bill",
  "the water bill",
  "internet",
  "Uber",
  "Lyft",
  "the cab",
  "gas",
  "parking",
  "tolls",
  "concert tickets",
  "movie tickets",
  "the game tickets",
  "pizza",
  "sushi",
  "tacos",
  "takeout",
  "the pizza last night",
  "happy hour",
  "the bar tab",
  "birthday gift",
  "the wedding gift",
  "baby shower gift",
  "flowers",
  "the cake",
  "party supplies",
  "decorations",
  "the Airbnb",
  "hotel",
  "flights",
  "the road trip",
  "ski trip",
  "camping gear",
  "beach house",
  "gym membership",
  "yoga class",
  "tennis lessons",
  "the golf round",
  "bowling",
  "karaoke",
  "escape room",
  "museum tickets",
  "books",
  "textbooks",
  "school supplies",
  "tutoring",
  "babysitting",
  "dog walking",
  "pet sitting",
  "the vet bill",
  "haircut",
  "cleaning",
  "laundry",
  "furniture",
  "the couch",
  "moving truck",
  "storage unit",
  "phone bill",
  "Netflix",
  "Spotify",
  "streaming",
  "the fantasy league",
  "poker night",
  "the office pool",
  "charity run",
  "carpool",
  "train tickets",
  "bus pass",
  "snacks",
  "ice cream",
  "the farmers market",
  "the bake sale",
];

/** Openers and closers of casual and polite requests. */
const CASUAL_OPENERS = ["", "", "", "hey ", "yo ", "ok ", "hey, ", "quick one: ", "hi! "];
const POLITE_OPENERS = ["", "", "", "Hi, ", "Hello, ", "Hey there, ", "Good morning! ", "Quick favor: "];
const CLOSERS = ["", "", "", ".", "!", " please", " thanks", " thx", " ty", ". Thanks!", " asap"];

// Fill a phrasing; optional `[...]` parts appear only with a note. Names keep their capitals so slot labels match the text.
export function fillPhrasing(
  rng: Random,
  phrasing: Phrasing,
  slots: { amount?: string; recipient?: string; note?: string },
): string {
  let text = phrasing.text.replace(/\[([^\]]*)\]/g, (_m, part: string) => (slots.note === undefined ? "" : part));
  text = text
    .replace(/\{a\}/g, () => slots.amount ?? "")
    .replace(/\{r\}/g, () => slots.recipient ?? "")
    .replace(/\{n\}/g, () => slots.note ?? "");
  const opener = rng.pick(phrasing.casual ? CASUAL_OPENERS : POLITE_OPENERS);
  const endsWithPunctuation = /[?.!]$/.test(text);
  const picked = endsWithPunctuation ? "" : rng.pick(CLOSERS);
  const closer = picked.trim() !== "" && text.toLowerCase().endsWith(picked.trim().toLowerCase()) ? "" : picked;
  // After "Hi, " or "hey " the request continues the sentence; after "Good morning! " a new one starts.
  const continues = opener !== "" && (/[,:] $/.test(opener) || /^[a-z]/.test(opener));
  const out = opener + (continues ? lowerFirstWord(text) : text) + closer;
  return out.charAt(0).toUpperCase() === out.charAt(0) || phrasing.casual
    ? out
    : out.charAt(0).toUpperCase() + out.slice(1);
}

// "Send" → "send" after an opener, but never a name ("Mike ...") or "I".
function lowerFirstWord(text: string): string {
  const first = text.split(" ")[0] ?? "";
  if (first === "I" || first === "I'd" || first.startsWith("{") || /^[A-Z][a-z]+$/.test(first) === false) return text;
  const verbs = [
    "Send",
    "Please",
    "Transfer",
    "Pay",
    "Venmo",
    "Wire",
    "Shoot",
    "Can",
    "Could",
    "Would",
    "Split",
    "Kindly",
    "Go",
    "Use",
    "Make",
    "Reimburse",
    "Settle",
    "Let's",
    "For",
  ];
  return verbs.includes(first) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
