// Replays conversational records in the real Python REPL of a fresh world each: every action must run,
// print exactly what the record shows, and leave the world in the state the task asks for (one payment
// of the right amount and note to the right person, nothing else). Follow-up turns are checked against
// what the request really lacked.
import {
  callApi,
  createReplPool,
  createWorldState,
  startPythonRepl,
  type ApiCaller,
  type WorldState,
} from "../world/index.js";
import { CONVERSATION_APPS } from "./conversation-world.js";
import { renderObservation, type ConversationRecord } from "./conversational.js";

/** Options of `verifyConversations`. */
export interface VerifyConversationsOptions {
  /** Must match the generator's threshold. @default 250 @unit US dollars */
  readonly confirmAboveUsd?: number;
  /** `none` runs the REPL without bubblewrap (faster, for trusted generated code). @default "auto" */
  readonly sandbox?: "auto" | "bwrap" | "none";
  readonly onProgress?: (done: number, total: number) => void;
}

/** The outcome: records checked, and every problem found with the record's index. */
export interface ConversationVerification {
  readonly checked: number;
  readonly passed: number;
  readonly actionsRun: number;
  readonly problems: { readonly index: number; readonly problem: string }[];
}

const CODE_BLOCK = /```python\n([\s\S]*?)\n```$/;
// Names the records' actions define; cleared between records so none can lean on a previous one.
const RESET = ["passwords", "phone_token", "venmo_token", "contacts", "result"]
  .map((n) => `try:\n    del ${n}\nexcept NameError:\n    pass`)
  .join("\n");

// The task tests of a send_money conversation: one new transaction, to the target, of the amount, with the note.
export function checkSendMoneyTask(record: ConversationRecord, start: WorldState, end: WorldState): string[] {
  const problems: string[] = [];
  const { target } = record;
  const supervisorId = start.supervisor.personId;
  const added = end.venmo.transactions.slice(start.venmo.transactions.length);
  if (added.length !== 1) return [`expected 1 new transaction, found ${added.length}`];
  const tx = added[0]!;
  const receiver = end.people.find((p) => p.id === tx.receiverId);
  if (tx.senderId !== supervisorId) problems.push("the new transaction is not from the supervisor");
  if (receiver?.email !== target.recipient_email)
    problems.push(`sent to ${receiver?.email ?? "nobody"}, expected ${target.recipient_email}`);
  if (Math.abs(tx.amount - target.amount) > 1e-9) problems.push(`sent ${tx.amount}, expected ${target.amount}`);
  if (tx.description !== (target.note ?? ""))
    problems.push(`note \`${tx.description}\`, expected \`${target.note ?? ""}\``);
  const balance = (state: WorldState) =>
    state.venmo.accounts.find((a) => a.userId === supervisorId)?.balance ?? Number.NaN;
  if (Math.abs(balance(start) - target.amount - balance(end)) > 0.005)
    problems.push(`balance went from ${balance(start)} to ${balance(end)}`);
  if (end.venmo.requests.length !== start.venmo.requests.length) problems.push("payment requests changed");
  return problems;
}

// Follow-ups must match what the request lacked: amount, recipient, several matching contacts, a large amount.
function checkFollowUps(
  record: ConversationRecord,
  search: { query: string; output: string } | undefined,
  confirmAboveUsd: number,
): string[] {
  const problems: string[] = [];
  const asked = new Set(record.target.follow_ups);
  if (asked.has("amount") !== (record.slots.amount === null))
    problems.push("asked for the amount iff it was missing: violated");
  if (asked.has("recipient") !== (record.slots.recipient === null))
    problems.push("asked for the recipient iff it was missing: violated");
  if (asked.has("confirm") !== record.target.amount >= confirmAboveUsd)
    problems.push(`confirmation iff the amount is at least ${confirmAboveUsd}: violated`);
  const utterance = record.messages[1]!.content.toLowerCase();
  for (const [slot, value] of [
    ["amount_text", record.slots.amount_text],
    ["recipient", record.slots.recipient],
    ["note", record.slots.note],
  ] as const) {
    if (value !== null && !utterance.includes(value.toLowerCase()))
      problems.push(`slot ${slot} \`${value}\` is not in the utterance`);
  }
  if (search !== undefined) {
    // The contacts the search showed that fit the query: a phone number, a full name, or a first name / nickname prefix.
    const shown = search.output.split("\n").flatMap((line) => {
      const m = /^(\S+) (\S+) \S+ (\d+)/.exec(line);
      return m ? [{ first_name: m[1]!, last_name: m[2]!, phone_number: m[3]! }] : [];
    });
    const q = search.query;
    const fits = shown.filter((c) =>
      /^\d+$/.test(q)
        ? c.phone_number === q
        : q.includes(" ")
          ? `${c.first_name} ${c.last_name}` === q
          : c.first_name.toLowerCase().startsWith(q.toLowerCase()),
    );
    if (asked.has("disambiguate") && fits.length < 2)
      problems.push(`asked which contact although ${fits.length} shown contact fits \`${q}\``);
    if (
      !asked.has("disambiguate") &&
      (fits.length !== 1 || `${fits[0]!.first_name} ${fits[0]!.last_name}` !== record.target.recipient_name)
    ) {
      problems.push(`paid without asking although ${fits.length} shown contacts fit \`${q}\``);
    }
  }
  return problems;
}

// Replay every record (one REPL, a fresh world per record) and collect the problems.
export async function verifyConversations(
  records: readonly ConversationRecord[],
  options: VerifyConversationsOptions = {},
): Promise<ConversationVerification> {
  const confirmAboveUsd = options.confirmAboveUsd ?? 250;
  let current: WorldState = createWorldState({ seed: 1 });
  const callOptions = { allowedApps: CONVERSATION_APPS };
  const caller: ApiCaller = (app, api, kwargs) => callApi(current, app, api, kwargs, callOptions);
  const pool = createReplPool({ size: 0, sandbox: options.sandbox ?? "auto" });
  const repl = startPythonRepl(caller, { pool });
  const problems: { index: number; problem: string }[] = [];
  let passed = 0;
  let actionsRun = 0;
  try {
    for (let index = 0; index < records.length; index += 1) {
      const record = records[index]!;
      const found: string[] = [];
      const start = createWorldState({ seed: record.target.world_seed });
      current = createWorldState({ seed: record.target.world_seed });
      await repl.execute(RESET);
      let search: { query: string; output: string } | undefined;
      for (let i = 0; i < record.messages.length; i += 1) {
        const code =
          record.messages[i]!.role === "assistant" ? CODE_BLOCK.exec(record.messages[i]!.content)?.[1] : undefined;
        if (code === undefined) continue;
        const output = await repl.execute(code);
        actionsRun += 1;
        if (output.startsWith("Execution failed."))
          found.push(`action ${i} failed: ${output.split("\n").slice(-1)[0]}`);
        const shown = record.messages[i + 1];
        if (shown?.content !== renderObservation(output).content)
          found.push(`message ${i + 1} does not show the real output of action ${i}`);
        const query = /search_contacts\(query=(['"])(.*?)\1/.exec(code)?.[2];
        if (query !== undefined) search = { query, output };
      }
      found.push(...checkSendMoneyTask(record, start, current), ...checkFollowUps(record, search, confirmAboveUsd));
      if (found.length === 0) passed += 1;
      for (const problem of found) problems.push({ index, problem });
      options.onProgress?.(index + 1, records.length);
    }
  } finally {
    await repl.close();
    await pool.close();
  }
  return { checked: records.length, passed, actionsRun, problems };
}
