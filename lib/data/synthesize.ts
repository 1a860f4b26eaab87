// Synthesis with GPT-4o or any OpenAI-compatible model: paraphrases of task requests, and full step
// trajectories proposed for them. Unlike the seed (whose 1,595 synthesized rows were never run), a
// proposed trajectory is kept only when its actions run in the task's world and the task's tests pass;
// its observations are the world's real outputs, never the model's. Runs resume from a journal.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { ChatMessage } from "../model/index.js";
import type { JsonAnswer, SynthesisClient, SynthesisUsage } from "./synthesis-client.js";
import type { Trajectory } from "./schema.js";
import { executeSteps, type TaskEnvironment } from "./trajectories.js";
import { mapBounded } from "../concurrency.js";
import { openJournal } from "./work-queue.js";

/** Registers and dialects asked for by default (the seed asked for "different English dialects like Boston, New York"). */
export const DEFAULT_PARAPHRASE_STYLES: readonly string[] = [
  "plain American English",
  "casual text message",
  "formal and polite",
  "terse command",
  "Boston dialect",
  "New York dialect",
  "Southern US English",
  "British English",
  "Australian English",
  "Indian English",
  "non-native speaker",
  "rambling with extra context",
];

const ParaphraseAnswer = z.object({
  paraphrases: z.array(z.object({ text: z.string().min(1), style: z.string() })).min(1),
});

const ProposalAnswer = z.object({
  steps: z
    .array(z.object({ thought: z.string(), action: z.string().min(1) }))
    .min(1)
    .max(40),
});

/** One paraphrase of a request. */
export interface Paraphrase {
  readonly query: string;
  readonly text: string;
  readonly style: string;
}

/** Options shared by the synthesis runs. */
export interface SynthesisRunOptions {
  /** Append-only JSON lines of finished items; a rerun skips what it lists. */
  readonly journalFile?: string;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** Options of `paraphraseQueries`. */
export interface ParaphraseOptions extends SynthesisRunOptions {
  /** Paraphrases asked per query. @default 30 (the seed's count) */
  readonly countPerQuery?: number;
  /** Registers and dialects to spread them over. @default DEFAULT_PARAPHRASE_STYLES */
  readonly styles?: readonly string[];
}

/** Paraphrases kept, queries whose answer never validated, paraphrases dropped for losing a fact or repeating. */
export interface ParaphraseResult {
  readonly paraphrases: Paraphrase[];
  readonly failed: { readonly query: string; readonly error: string }[];
  readonly dropped: number;
  readonly usage: SynthesisUsage;
}

const keyOf = (parts: unknown): string => createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 24);

// Numbers and emails of a request; a paraphrase that loses one changes the task and is dropped.
function factsOf(text: string): string[] {
  return [...text.matchAll(/[\w.+-]+@[\w-]+\.[\w.]+|\d+(?:\.\d+)?/g)].map((m) => m[0]);
}

function paraphraseMessages(query: string, count: number, styles: readonly string[]): ChatMessage[] {
  return [
    {
      role: "system",
      content: "You rewrite requests that people give to a payments assistant. You keep their meaning and every fact.",
    },
    {
      role: "user",
      content:
        `Rewrite this request in ${count} different ways:\n"""${query}"""\n` +
        `Spread the rewrites over these registers and dialects: ${styles.join("; ")}. ` +
        "Keep every amount, number, phone number, email, name and quoted note exactly as written. Do not add facts.\n" +
        'Answer with JSON only: {"paraphrases": [{"text": "...", "style": "..."}]}',
    },
  ];
}

// Ask for `countPerQuery` paraphrases of each query, one request per query, keeping only fact-preserving, new ones.
export async function paraphraseQueries(
  client: SynthesisClient,
  queries: readonly string[],
  options: ParaphraseOptions = {},
): Promise<ParaphraseResult> {
  const count = options.countPerQuery ?? 30;
  const styles = options.styles ?? DEFAULT_PARAPHRASE_STYLES;
  const journal = await openJournal(options.journalFile);
  const result = { paraphrases: [] as Paraphrase[], failed: [] as { query: string; error: string }[], dropped: 0 };
  let done = 0;
  const answers = await mapBounded(
    queries,
    client.options.concurrency,
    async (query) => {
      const key = keyOf(["paraphrase", client.model.model, query, count, styles]);
      let entry = journal.entries.get(key);
      if (!entry) {
        const answer = await client.completeJson(
          paraphraseMessages(query, count, styles),
          ParaphraseAnswer,
          options.signal === undefined ? {} : { signal: options.signal },
        );
        entry = answer.ok ? { key, query, paraphrases: answer.value.paraphrases } : { key, query, error: answer.error };
        await journal.append(entry);
      }
      done += 1;
      options.onProgress?.(done, queries.length);
      return entry as unknown as { query: string; paraphrases?: { text: string; style: string }[]; error?: string };
    },
    options.signal === undefined ? {} : { signal: options.signal },
  ).finally(() => journal.close());
  for (const answer of answers) {
    if (answer.paraphrases === undefined) {
      result.failed.push({ query: answer.query, error: answer.error ?? "no answer" });
      continue;
    }
    const facts = factsOf(answer.query);
    const seen = new Set([answer.query.trim().toLowerCase()]);
    for (const { text, style } of answer.paraphrases) {
      const normal = text.trim().toLowerCase();
      if (seen.has(normal) || !facts.every((fact) => text.includes(fact))) {
        result.dropped += 1;
        continue;
      }
      seen.add(normal);
      result.paraphrases.push({ query: answer.query, text: text.trim(), style });
    }
  }
  return { ...result, usage: client.usage() };
}

/** A request to write a trajectory for, in the world of `taskId`, with a solved example to imitate. */
export interface ProposalRequest {
  readonly taskId: string;
  readonly instruction: string;
  /** A solved trajectory of a similar request (usually the task's own gold run), observations included. */
  readonly example: Trajectory;
}

/** Options of `synthesizeTrajectories`. */
export interface ProposalOptions extends SynthesisRunOptions {
  /** Worlds verified at once. @default the client's concurrency */
  readonly concurrency?: number;
}

/** Kept trajectories, the rejected proposals with their reason, and the rejection rate (rejected / proposed). */
export interface ProposalResult {
  readonly kept: Trajectory[];
  readonly rejected: { readonly taskId: string; readonly instruction: string; readonly reason: string }[];
  readonly rejectionRate: number;
  readonly usage: SynthesisUsage;
}

function renderExample(example: Trajectory): string {
  const steps = example.steps.map(
    (step, i) =>
      `Step ${i + 1}\nThought: ${step.thought}\nAction:\n\`\`\`python\n${step.action}\n\`\`\`\nOutput:\n\`\`\`\n${step.observation ?? "(not recorded)"}\n\`\`\``,
  );
  return `Request: ${example.instruction}\n\n${steps.join("\n\n")}`;
}

function proposalMessages(request: ProposalRequest): ChatMessage[] {
  const person = request.example.supervisor;
  return [
    {
      role: "system",
      content:
        "You solve a person's request by writing Python code that runs step by step in a REPL, calling app APIs as " +
        "`apis.<app>.<api>(...)`. Variables persist between steps. Each step has a thought (why) and an action (the code). " +
        "End with `apis.supervisor.complete_task()` (with `answer=...` when the request is a question).",
    },
    {
      role: "user",
      content:
        `Here is a solved example of a similar request, with what each step printed:\n\n${renderExample(request.example)}\n\n` +
        `Now write all the steps for this request${person ? ` of ${person.first_name} ${person.last_name} (${person.email}, ${person.phone_number})` : ""}:\n` +
        `"""${request.instruction}"""\n` +
        'Answer with JSON only: {"steps": [{"thought": "...", "action": "..."}]}',
    },
  ];
}

// Ask for a full trajectory per request, run it in the task's world and keep it only when every action runs and the tests pass.
export async function synthesizeTrajectories(
  client: SynthesisClient,
  env: TaskEnvironment,
  requests: readonly ProposalRequest[],
  options: ProposalOptions = {},
): Promise<ProposalResult> {
  const journal = await openJournal(options.journalFile);
  let done = 0;
  const signalOption = options.signal === undefined ? {} : { signal: options.signal };
  const outcomes = await mapBounded(
    requests,
    options.concurrency ?? client.options.concurrency,
    async (request) => {
      const key = keyOf(["trajectory", client.model.model, request.taskId, request.instruction]);
      let entry = journal.entries.get(key);
      if (!entry) {
        const answer: JsonAnswer<z.output<typeof ProposalAnswer>> = await client.completeJson(
          proposalMessages(request),
          ProposalAnswer,
          signalOption,
        );
        entry = answer.ok
          ? await verifyProposal(env, request, answer.value.steps, key)
          : { key, status: "rejected", reason: `invalid answer: ${answer.error}` };
        await journal.append(entry);
      }
      done += 1;
      options.onProgress?.(done, requests.length);
      return { request, entry: entry as unknown as { status: string; reason?: string; trajectory?: Trajectory } };
    },
    signalOption,
  ).finally(() => journal.close());
  const kept: Trajectory[] = [];
  const rejected: ProposalResult["rejected"] = [];
  for (const { request, entry } of outcomes) {
    if (entry.status === "kept" && entry.trajectory) kept.push(entry.trajectory);
    else
      rejected.push({ taskId: request.taskId, instruction: request.instruction, reason: entry.reason ?? "rejected" });
  }
  const proposed = kept.length + rejected.length;
  return { kept, rejected, rejectionRate: proposed === 0 ? 0 : rejected.length / proposed, usage: client.usage() };
}

async function verifyProposal(
  env: TaskEnvironment,
  request: ProposalRequest,
  steps: readonly { thought: string; action: string }[],
  key: string,
) {
  const run = await executeSteps(
    env,
    {
      taskId: request.taskId,
      instruction: request.instruction,
      steps,
      ...(request.example.intent !== undefined ? { intent: request.example.intent } : {}),
      ...(request.example.split !== undefined ? { split: request.example.split } : {}),
    },
    { source: "synthesized", experimentName: `synthesis-${key}` },
  );
  if (run.failedSteps.length > 0) {
    const first = run.failedSteps[0]!;
    return {
      key,
      status: "rejected",
      reason: `step ${first + 1} failed to run: ${run.trajectory.steps[first]!.observation!.split("\n").slice(-1)[0]}`,
    };
  }
  if (!run.evaluation.success) {
    return {
      key,
      status: "rejected",
      reason: `${run.evaluation.failures.length} of ${run.evaluation.num_tests} task tests failed: ${run.evaluation.failures.map((f) => f.requirement).join("; ")}`,
    };
  }
  return { key, status: "kept", trajectory: run.trajectory };
}
