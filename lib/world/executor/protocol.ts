// The JSON-lines wire between the TypeScript side and repl.py. Every line the child sends is parsed
// here, once: a line that does not match is reported as data, never thrown.
import { z } from "zod";

/** Sent once, when the REPL has finished its set-up and installed its safety layers. */
const readyMessageSchema = z.object({
  type: z.literal("ready"),
  pid: z.number().int(),
  uid: z.number().int(),
  droppedRoot: z.boolean(),
  /** Whether the kernel filter (no fork, exec, sockets, ...) is in force. */
  seccomp: z.boolean(),
  /** Whether the REPL has a /tmp of its own (else a folder of its own in one shared by its host's REPLs). */
  privateTmp: z.boolean(),
  /** Whether the REPL is alone in a PID namespace of its own (it sees and can signal no other process). */
  pidNamespace: z.boolean(),
  python: z.string(),
});

/** An `apis.<app>.<api>(**kwargs)` call made by the running cell; it blocks until answered. */
const callMessageSchema = z.object({
  type: z.literal("call"),
  exec: z.number().int(),
  seq: z.number().int().positive(),
  app: z.string(),
  api: z.string(),
  kwargs: z.record(z.string(), z.unknown()),
});

/** The end of one execution; `counted` says whether AppWorld would count it as an interaction. */
const doneMessageSchema = z.object({
  type: z.literal("done"),
  exec: z.number().int(),
  output: z.string(),
  counted: z.boolean(),
});

const childMessageSchema = z.discriminatedUnion("type", [readyMessageSchema, callMessageSchema, doneMessageSchema]);

export type ReadyMessage = z.output<typeof readyMessageSchema>;
export type CallMessage = z.output<typeof callMessageSchema>;
export type DoneMessage = z.output<typeof doneMessageSchema>;
export type ChildMessage = z.output<typeof childMessageSchema>;

/** A parsed child line, or why it could not be used. */
export type ParsedChildLine =
  | { readonly ok: true; readonly message: ChildMessage }
  | { readonly ok: false; readonly error: string };

// Parse one line written by repl.py; malformed JSON or an unknown shape comes back as `{ok: false}`.
export function parseChildLine(line: string): ParsedChildLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, error: `not JSON (${(error as Error).message}): ${preview(line)}` };
  }
  const parsed = childMessageSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, error: `unexpected message shape (${z.prettifyError(parsed.error)}): ${preview(line)}` };
  }
  return { ok: true, message: parsed.data };
}

/**
 * One execution request. The limits (executions per world, API calls per execution, the time) are not
 * sent: the TypeScript side counts and enforces them, since nothing counted inside the REPL can be trusted.
 */
export interface ExecuteRequest {
  readonly exec: number;
  readonly code: string;
  /** Seconds before the REPL raises its in-cell time-out (the hard limit is kept by the TypeScript side). */
  readonly timeoutSeconds: number;
}

// Encode an execution request as one protocol line.
export function encodeExecuteRequest(request: ExecuteRequest): string {
  const { exec, code, timeoutSeconds } = request;
  return `${JSON.stringify({ type: "execute", exec, code, timeoutSeconds })}\n`;
}

/** The answer to one API call, as the REPL turns it into a return value or an exception. */
export interface CallResult {
  readonly exec: number;
  readonly seq: number;
  readonly status: number;
  readonly json: string;
  readonly clientError?: string | undefined;
}

// Encode an API answer as one protocol line.
export function encodeCallResult(result: CallResult): string {
  return `${JSON.stringify({ type: "result", ...result })}\n`;
}

/** AppWorld's NumRequestsLimitError text, sent as the `clientError` of the first call over the limit and after. */
export function requestLimitMessage(limit: number): string {
  return `Number of requests exceeded the limit of ${limit}. This potentially means that you have an infinite loop in your code.`;
}

/** AppWorld's output for an execution past `max_interactions`: the cell is replaced by a raise. */
export function interactionLimitOutput(limit: number): string {
  return (
    "Execution failed. Traceback:\n" +
    '  File "<python-input>", line 1, in <module>\n' +
    `    raise Exception(f"Maximum number of executions (${limit}) reached.")\n` +
    `Exception: Maximum number of executions (${limit}) reached.`
  );
}

function preview(line: string): string {
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
