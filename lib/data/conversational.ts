// Conversational send_money data (the seed's Approach 3 data, without its bugs): multi-turn `messages`
// records where the assistant asks only for what is really missing or ambiguous, acts with Python code
// for the world's APIs, sees the world's real outputs and confirms at the end.
import { createWriteStream } from "node:fs";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { once } from "node:events";
import { createRandom, deriveSeed, type Random } from "../world/index.js";
import { formatUsd } from "./amounts.js";
import { buildSendCode, openConversationWorld, type ConversationWorld, type Payee } from "./conversation-world.js";
import type { DataMessage } from "./schema.js";
import { contactFullName, drawMention, drawRequest, type DrawnRequest, type UtteranceSlots } from "./utterances.js";

/** Options of `generateConversations`. */
export interface ConversationalOptions {
  /** Records to make. @default 5000 */
  readonly count?: number;
  /** Seed of every draw; the same seed gives the same file. @default 0 */
  readonly seed?: number;
  /** Worlds whose supervisors send the money (contacts, balances). @default [1, 2, 3, 4, 5, 6] */
  readonly worldSeeds?: readonly number[];
  /** Amounts at or above this are confirmed before sending. @default 250 @unit US dollars */
  readonly confirmAboveUsd?: number;
  /** Share of requests without an amount (the assistant asks). @default 0.12 */
  readonly missingAmountShare?: number;
  /** Share of requests without a recipient (the assistant asks). @default 0.08 */
  readonly missingRecipientShare?: number;
  /** Share of requests with a purpose (the transaction's note). @default 0.75 */
  readonly noteShare?: number;
  /** Share of large amounts (≥ confirmAboveUsd, where the balance allows). @default 0.08 */
  readonly largeShare?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** What the conversation must achieve: checked by the task tests of `verifyConversations`. */
export interface ConversationTarget {
  readonly world_seed: number;
  readonly recipient_name: string;
  readonly recipient_email: string;
  readonly amount: number;
  readonly note: string | null;
  /** Follow-ups the assistant made: `amount`, `recipient`, `disambiguate`, `confirm`. */
  readonly follow_ups: readonly string[];
}

/** One JSON line of the conversational data set. */
export interface ConversationRecord {
  readonly messages: DataMessage[];
  readonly slots: UtteranceSlots;
  readonly target: ConversationTarget;
}

/** The system message of every record. */
export const CONVERSATION_SYSTEM_PROMPT =
  "You are a payments assistant. Act by writing Python in a ```python block; it runs in a REPL where " +
  '`apis.<app>.<api>(...)` calls the supervisor, phone and venmo apps, and its output comes back as "Output:". ' +
  "Ask when the amount or recipient is missing or ambiguous, and confirm large payments first.";

const pick = <T>(rng: Random, items: readonly T[]): T => rng.pick(items);

const SYSTEM_MESSAGE: DataMessage = { role: "system", content: CONVERSATION_SYSTEM_PROMPT };

function action(thought: string, code: string): DataMessage {
  return { role: "assistant", content: `${thought}\n\`\`\`python\n${code}\n\`\`\`` };
}

// Messages that repeat across records (login, searches, their outputs) are shared objects, so the
// writer serializes each of them once (see `serializeConversation`).
const sharedMessages = new Map<string, DataMessage>();
const sharedObjects = new WeakSet<DataMessage>([SYSTEM_MESSAGE]);
function shared(key: string, make: () => DataMessage): DataMessage {
  let message = sharedMessages.get(key);
  if (!message) {
    message = make();
    sharedMessages.set(key, message);
    sharedObjects.add(message);
  }
  return message;
}

const LOGIN_THOUGHTS = [
  "First I'll log in to your phone and Venmo accounts.",
  "Let me sign in to your phone and Venmo apps first.",
  "I'll start by logging in to the phone and Venmo apps.",
];

// How an observation is shown to the model: AppWorld's simplified agent's "Output:" block.
export function renderObservation(observation: string): DataMessage {
  return { role: "user", content: `Output:\n\`\`\`\n${observation.replace(/\n$/, "")}\n\`\`\`` };
}

function describeCandidate(payee: Payee): string {
  const relation = payee.contact.relationships[0];
  return `${contactFullName(payee)} (${relation ? `${relation}, ` : ""}${payee.contact.phoneNumber})`;
}

// The user's answer to "which one?": the full name, the last name, or the phone number.
function answerWhichOne(rng: Random, payee: Payee, others: readonly Payee[]): string {
  const lastUnique = others.every((o) => o.contact.lastName !== payee.contact.lastName);
  const options = [
    contactFullName(payee),
    `The one ending in ${payee.contact.phoneNumber.slice(-4)}`,
    `I meant ${contactFullName(payee)}`,
  ];
  if (lastUnique) options.push(`${payee.contact.firstName} ${payee.contact.lastName[0]}.`, `${payee.contact.lastName}`);
  return pick(rng, options);
}

// Build the whole dialogue of one drawn request against its world.
export function buildConversation(
  rng: Random,
  world: ConversationWorld,
  request: DrawnRequest,
  confirmAboveUsd: number,
): ConversationRecord {
  const messages: DataMessage[] = [SYSTEM_MESSAGE, { role: "user", content: request.utterance }];
  const followUps: string[] = [];
  const { payee, note, amount } = request;
  const usd = formatUsd(amount);
  const forNote = note === null ? "" : ` for ${note}`;
  let mention = request.mention;
  if (request.pattern === "no-amount") {
    followUps.push("amount");
    messages.push({
      role: "assistant",
      content: pick(rng, [
        `How much would you like to send to ${mention.text}${forNote}?`,
        `Sure. How much should I send ${mention.text}?`,
        `Happy to help. What amount should I send to ${mention.text}?`,
      ]),
    });
    messages.push({
      role: "user",
      content: pick(rng, [
        request.amountText,
        `${request.amountText} please`,
        `Make it ${request.amountText}`,
        `${request.amountText}.`,
      ]),
    });
  } else if (request.pattern === "no-recipient") {
    followUps.push("recipient");
    mention = drawMention(rng, world, payee);
    messages.push({
      role: "assistant",
      content: pick(rng, [
        `Who should I send ${usd} to?`,
        `Sure. Who is the ${usd} for?`,
        `Who would you like to pay ${usd}${forNote}?`,
      ]),
    });
    messages.push({
      role: "user",
      content: pick(rng, [mention.text, `To ${mention.text}`, `${mention.text}, please`]),
    });
  }
  const thought = rng.int(0, LOGIN_THOUGHTS.length - 1);
  messages.push(
    shared(`login\u0000${world.seed}\u0000${thought}`, () => action(LOGIN_THOUGHTS[thought]!, world.loginCode)),
  );
  messages.push(shared("login-output", () => renderObservation(world.loginObservation)));
  const lookFor = mention.queryReason === undefined ? "" : ` (${mention.queryReason})`;
  messages.push(
    shared(`search\u0000${world.seed}\u0000${mention.text}\u0000${mention.query}`, () =>
      action(`Now I'll look up ${mention.text} in your contacts${lookFor}.`, world.searchCode(mention.query)),
    ),
  );
  messages.push(
    shared(`search-output\u0000${world.seed}\u0000${mention.query}`, () =>
      renderObservation(world.searchObservation(mention.query)),
    ),
  );
  let resolved: string;
  if (mention.candidates.length > 1) {
    followUps.push("disambiguate");
    const others = mention.candidates.filter((c) => c !== payee);
    messages.push({
      role: "assistant",
      content: `I found ${mention.candidates.length} contacts who match "${mention.text}": ${mention.candidates.map(describeCandidate).join(" and ")}. Which one do you mean?`,
    });
    messages.push({ role: "user", content: answerWhichOne(rng, payee, others) });
    resolved = `Got it, ${contactFullName(payee)} (${payee.email}).`;
  } else {
    resolved = `${contactFullName(payee)}'s email is ${payee.email}.`;
  }
  if (amount >= confirmAboveUsd) {
    followUps.push("confirm");
    messages.push({
      role: "assistant",
      content: `${resolved} That's a large payment, so please confirm: send ${usd} to ${contactFullName(payee)}${forNote}?`,
    });
    messages.push({
      role: "user",
      content: pick(rng, ["Yes, go ahead.", "Yes", "Confirmed.", "yep, send it", "Yes please."]),
    });
    resolved = "Thanks for confirming.";
  }
  messages.push(
    action(`${resolved} Sending ${usd}${forNote} from your Venmo balance.`, buildSendCode(payee.email, amount, note)),
  );
  const sent = world.sendObservation(payee.email, amount, note);
  messages.push(renderObservation(sent));
  const transactionId = /"transaction_id": (\d+)/.exec(sent)?.[1];
  messages.push({
    role: "assistant",
    content:
      pick(rng, [
        `Done! I sent ${usd} to ${contactFullName(payee)}${forNote}.`,
        `All set: ${usd} is on its way to ${contactFullName(payee)}${forNote}.`,
        `Sent ${usd} to ${contactFullName(payee)}${forNote}.`,
      ]) + (transactionId ? ` (Venmo transaction ${transactionId})` : ""),
  });
  return {
    messages,
    slots: request.slots,
    target: {
      world_seed: world.seed,
      recipient_name: contactFullName(payee),
      recipient_email: payee.email,
      amount,
      note,
      follow_ups: followUps,
    },
  };
}

// Records one by one: a generator, so 70,000 of them can be written without holding them all.
export function* iterateConversations(options: ConversationalOptions = {}): Generator<ConversationRecord> {
  const count = options.count ?? 5000;
  const seed = options.seed ?? 0;
  const confirmAboveUsd = options.confirmAboveUsd ?? 250;
  const shares = {
    missingAmount: options.missingAmountShare ?? 0.12,
    missingRecipient: options.missingRecipientShare ?? 0.08,
    note: options.noteShare ?? 0.75,
    large: options.largeShare ?? 0.08,
    confirmAboveUsd,
  };
  const worlds = (options.worldSeeds ?? [1, 2, 3, 4, 5, 6])
    .map(openConversationWorld)
    .filter((w) => w.payees.length > 0 && w.balance >= 1);
  if (worlds.length === 0)
    throw new RangeError(
      "None of the `worldSeeds` has a supervisor with Venmo contacts and a balance; pass other seeds.",
    );
  const rng = createRandom(deriveSeed(seed, "conversational"));
  const seen = new Set<string>();
  for (let i = 0; i < count; i += 1) {
    let world = rng.pick(worlds);
    let request = drawRequest(rng, world, shares);
    // Redraw repeated utterances; past 50 tries the space is exhausted and a repeat is allowed.
    for (let tries = 0; seen.has(request.utterance) && tries < 50; tries += 1) {
      world = rng.pick(worlds);
      request = drawRequest(rng, world, shares);
    }
    seen.add(request.utterance);
    yield buildConversation(rng, world, request, confirmAboveUsd);
    if (options.onProgress && (i + 1) % 1000 === 0) options.onProgress(i + 1, count);
  }
  options.onProgress?.(count, count);
}

export function generateConversations(options: ConversationalOptions = {}): ConversationRecord[] {
  return [...iterateConversations(options)];
}

const serialized = new WeakMap<DataMessage, string>();

// `JSON.stringify(record)`, reusing the JSON of shared messages: most of a record's bytes are repeats.
export function serializeConversation(record: ConversationRecord): string {
  let messages = "";
  for (const message of record.messages) {
    let json = serialized.get(message);
    if (json === undefined) {
      // Same text as JSON.stringify(message): the two keys, in this order, are all a message has.
      json = `{"role":"${message.role}","content":${JSON.stringify(message.content)}}`;
      if (sharedObjects.has(message)) serialized.set(message, json);
    }
    messages += messages === "" ? json : `,${json}`;
  }
  return `{"messages":[${messages}],"slots":${JSON.stringify(record.slots)},"target":${JSON.stringify(record.target)}}`;
}

/** What `writeConversations` wrote. */
export interface WrittenConversations {
  readonly records: number;
  readonly distinctUtterances: number;
  readonly bytes: number;
}

const encodedShared = new WeakMap<DataMessage, Buffer>();
const CHUNK_BYTES = 8 << 20;

// Write the bytes of `serializeConversation(record) + "\n"` into `out` at `offset`; shared messages are copied
// from their encoded form instead of being encoded again. Returns the end offset, or -1 when out is too small.
function encodeConversation(record: ConversationRecord, out: Buffer, offset: number): number {
  let at = offset;
  // Text between shared messages is gathered and written in one call (each Buffer#write call has a fixed cost).
  let pending = '{"messages":[';
  for (let i = 0; i < record.messages.length; i += 1) {
    const message = record.messages[i]!;
    if (i > 0) pending += ",";
    if (!sharedObjects.has(message)) {
      pending += `{"role":"${message.role}","content":${JSON.stringify(message.content)}}`;
      continue;
    }
    let bytes = encodedShared.get(message);
    if (!bytes) {
      bytes = Buffer.from(`{"role":"${message.role}","content":${JSON.stringify(message.content)}}`);
      encodedShared.set(message, bytes);
    }
    if (out.length - at < pending.length * 3 + bytes.length) return -1;
    at += out.write(pending, at);
    pending = "";
    out.set(bytes, at);
    at += bytes.length;
  }
  pending += `],"slots":${JSON.stringify(record.slots)},"target":${JSON.stringify(record.target)}}\n`;
  if (out.length - at < pending.length * 3) return -1;
  return at + out.write(pending, at);
}

// Stream records to a JSON lines file (one `{"messages", "slots", "target"}` object per line, the text of
// `serializeConversation`), encoding into one reused buffer so repeated messages cost a copy, not an encode.
export async function writeConversations(
  file: string,
  records: Iterable<ConversationRecord>,
): Promise<WrittenConversations> {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  // A deep queue lets the file writes (libuv's thread pool) overlap generation instead of waiting on each chunk.
  const stream = createWriteStream(file, { highWaterMark: 8 * CHUNK_BYTES });
  const utterances = new Set<string>();
  let count = 0;
  let bytes = 0;
  let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  const flush = async (): Promise<void> => {
    if (used === 0) return;
    bytes += used;
    const full = buffer.subarray(0, used);
    buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    used = 0;
    if (!stream.write(full)) await once(stream, "drain");
  };
  for (const record of records) {
    utterances.add(record.messages[1]!.content);
    let end = encodeConversation(record, buffer, used);
    if (end < 0) {
      await flush();
      end = encodeConversation(record, buffer, 0);
      if (end < 0) {
        // A record larger than a chunk: write it on its own.
        const text = Buffer.from(`${serializeConversation(record)}\n`);
        bytes += text.length;
        if (!stream.write(text)) await once(stream, "drain");
        end = 0;
      }
    }
    used = end;
    count += 1;
  }
  await flush();
  stream.end();
  await once(stream, "finish");
  return { records: count, distinctUtterances: utterances.size, bytes };
}
