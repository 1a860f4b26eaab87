// The one reading of a run's metrics.jsonl (train.py appends one JSON object per event while the run goes
// on), shared by the job monitor, the training status and the report's curves, so that they agree on
// what a line is. The rules:
// - a blank line is skipped;
// - the last line, when no newline follows it and it does not parse, is skipped without a word: the writer
//   is in the middle of it, or was killed there (train.py cuts such a fragment before it appends again);
// - any other line that is not a JSON object is a problem, reported with its `file:line` and the fix, and
//   the other lines are still read: a live monitor keeps going and says what it passed over, while a
//   reader that must be exact (the report's curves) turns the problems into a ConfigError;
// - the names other trainers give the same quantities become one name, here only: `global_step` and
//   `current_steps` → `step`, `total_steps` and `total` → `max_steps`, `lr` → `learning_rate` (a name
//   already there wins; the other names are dropped, so a curve or a value list never shows a quantity twice).
import { z } from "zod";
import { configIssuesFromZod, describeValue } from "./errors.js";

/** One JSON object of metrics.jsonl, with the names of {@link METRICS_ALIASES} folded in. */
export interface MetricsRecord {
  /** 1-based line number in its file (or stream). */
  readonly line: number;
  readonly values: Readonly<Record<string, unknown>>;
}

/** A line passed over: where it is and what to do about it. */
export interface MetricsLineProblem {
  /** `file:line`, the line 1-based. */
  readonly path: string;
  readonly line: number;
  /** A whole sentence naming `path`, why the line was passed over and the fix. */
  readonly message: string;
}

/** How a reader tells its caller about the lines it passed over. */
export interface BadLineOptions {
  /** Called once for each line passed over. @default a process warning (code `AGENTFT_METRICS_LINE`) */
  readonly onBadLine?: (problem: MetricsLineProblem) => void;
}

/** A logged quantity: any number, NaN and the infinities included (a diverged loss is worth showing). */
export const metricNumber = z.custom<number>((value) => typeof value === "number", { message: "expected a number" });

/** Other trainers' names of a quantity, by the name every reader uses. */
const METRICS_ALIASES: Readonly<Record<string, readonly string[]>> = {
  step: ["global_step", "current_steps"],
  max_steps: ["total_steps", "total"],
  learning_rate: ["lr"],
};

// A problem of `file:line`, `what` saying what the line is not ("is not a JSON object (...)").
export function metricsLineProblem(file: string, line: number, what: string): MetricsLineProblem {
  const where = `${file}:${line}`;
  return { path: where, line, message: `${where} ${what}; fix or delete that line.` };
}

// A record whose known fields do not fit what a reader expects (`kind`: "a train.py event"), naming them.
export function schemaLineProblem(
  file: string,
  line: number,
  kind: string,
  error: z.ZodError,
  input: unknown,
): MetricsLineProblem {
  const why = configIssuesFromZod(error, { input })
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join("; ");
  return metricsLineProblem(file, line, `is not ${kind} (${why})`);
}

// The caller's callback, or a process warning: passing over a line of a run's metrics is never silent.
export function badLineReporter(options: BadLineOptions): (problem: MetricsLineProblem) => void {
  return options.onBadLine ?? ((problem) => process.emitWarning(problem.message, { code: "AGENTFT_METRICS_LINE" }));
}

type LineResult = { readonly values: Record<string, unknown> } | { readonly error: string } | undefined;

// One line: undefined when blank, its normalised values, or why it is not a JSON object.
function parseLine(line: string): LineResult {
  if (line.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    // Python's json writes a diverged loss as a bare NaN or Infinity, which is not JSON: read it as one.
    const quoted = line.replace(PYTHON_NON_FINITE, '$1"$2"');
    if (quoted === line) return { error: (error as Error).message };
    try {
      value = JSON.parse(quoted);
    } catch {
      return { error: (error as Error).message };
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { error: `found ${describeValue(value)}` };
  }
  return { values: normalizeAliases(nonFiniteNumbers(value as Record<string, unknown>)) };
}

// A bare NaN, Infinity or -Infinity in a value's place (after `:`, `,` or `[`, before `,`, `}` or `]`).
const PYTHON_NON_FINITE = /([:,[]\s*)(NaN|-?Infinity)(?=\s*[,}\]])/g;
const NON_FINITE: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Infinity, "-Infinity": -Infinity };

// train.py writes non-finite numbers as the strings "NaN", "Infinity" and "-Infinity": numbers again here.
function nonFiniteNumbers(raw: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    values[key] = typeof value === "string" && Object.hasOwn(NON_FINITE, value) ? NON_FINITE[value] : value;
  }
  return values;
}

function normalizeAliases(raw: Record<string, unknown>): Record<string, unknown> {
  const values = { ...raw };
  for (const [name, aliases] of Object.entries(METRICS_ALIASES)) {
    for (const alias of aliases) {
      if (!(alias in values)) continue;
      if (values[name] === undefined) values[name] = values[alias];
      delete values[alias];
    }
  }
  return values;
}

const notAnObject = (file: string, line: number, error: string) =>
  metricsLineProblem(file, line, `is not a JSON object (${error})`);

/** The records of a metrics.jsonl text and the lines passed over, by the rules of this module. */
export interface MetricsLog {
  readonly records: readonly MetricsRecord[];
  readonly problems: readonly MetricsLineProblem[];
}

// Read a whole metrics.jsonl text; `file` names it in the problems.
export function parseMetricsLog(text: string, file = "metrics.jsonl"): MetricsLog {
  const lines = text.split("\n");
  const records: MetricsRecord[] = [];
  const problems: MetricsLineProblem[] = [];
  lines.forEach((line, i) => {
    const result = parseLine(line);
    if (result === undefined) return;
    if ("values" in result) records.push({ line: i + 1, values: result.values });
    // Only the element after the last "\n" lacks its newline.
    else if (i < lines.length - 1) problems.push(notAnObject(file, i + 1, result.error));
  });
  return { records, problems };
}

// Read lines as they arrive (a followed file yields each line once its newline is there, and what is left
// when it ends): a bad line is reported once another line follows it, and skipped as a torn tail when none
// does. Good lines are yielded at once, so a live reader is never a line behind.
export async function* parseMetricsStream(
  lines: AsyncIterable<string>,
  options: BadLineOptions & { readonly file?: string } = {},
): AsyncGenerator<MetricsRecord> {
  const report = badLineReporter(options);
  const file = options.file ?? "metrics.jsonl";
  let number = 0;
  let pending: MetricsLineProblem | undefined;
  for await (const line of lines) {
    number++;
    if (pending) report(pending);
    pending = undefined;
    const result = parseLine(line);
    if (result === undefined) continue;
    if ("values" in result) yield { line: number, values: result.values };
    else pending = notAnObject(file, number, result.error);
  }
}
