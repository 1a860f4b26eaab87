// The one reader of a run's `metrics.jsonl`: one JSON object per line, appended by the run's script while it
// trains (train.py's TrainerCallback, or another trainer's log). The jobs monitor, the training status and
// the report's curves all read lines through here, under one rule set:
// - a blank line is skipped;
// - a last line without its newline is being written (or its writer was killed mid-line): skipped, not bad;
// - any other line that is not a JSON object is bad: readers get the good records and the bad lines (with
//   their line numbers), and each decides what to do with them (a live monitor goes on, a report refuses);
// - upstream spellings of the common fields are read under one name: `step` (`global_step`, LLaMA-Factory's
//   `current_steps`), `max_steps` (`total_steps`, `total`) and `learning_rate` (`lr`); the line's own keys
//   are kept too.

/** A metrics line as read: every key of the object, the common fields under their one name when numbers. */
export type MetricsRecord = Readonly<Record<string, unknown>> & {
  readonly step?: number;
  readonly max_steps?: number;
  readonly learning_rate?: number;
};

/** A line that is not a JSON object, with its 1-based number. */
export interface BadMetricsLine {
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

/** What a metrics.jsonl text holds. */
export interface MetricsLog {
  /** Each good line, in file order, with its 1-based line number. */
  readonly records: readonly { readonly line: number; readonly record: MetricsRecord }[];
  readonly bad: readonly BadMetricsLine[];
}

/** The common fields and their spellings, the field's own name first. */
export const METRIC_ALIASES: Readonly<Record<"step" | "max_steps" | "learning_rate", readonly string[]>> = {
  step: ["step", "global_step", "current_steps"],
  max_steps: ["max_steps", "total_steps", "total"],
  learning_rate: ["learning_rate", "lr"],
};

/** One line read: its record, or why it is not one. */
export type ParsedMetricsLine = { readonly record: MetricsRecord } | { readonly error: string };

// One line: the normalised record, or why it is not one.
export function parseMetricsLine(text: string): ParsedMetricsLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: (error as Error).message };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { error: `expected a JSON object, got ${Array.isArray(value) ? "an array" : typeof value}` };
  }
  const record: Record<string, unknown> = { ...value };
  for (const [name, spellings] of Object.entries(METRIC_ALIASES)) {
    const found = spellings.map((key) => record[key]).find((v): v is number => typeof v === "number");
    if (found === undefined) delete record[name];
    else record[name] = found;
  }
  return { record: record as MetricsRecord };
}

// A whole file's text, as the rules above read it.
export function parseMetricsLog(text: string): MetricsLog {
  const lines = text.split("\n");
  const records: { line: number; record: MetricsRecord }[] = [];
  const bad: BadMetricsLine[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    const parsed = parseMetricsLine(line);
    if ("record" in parsed) records.push({ line: i + 1, record: parsed.record });
    else if (i < lines.length - 1) bad.push({ line: i + 1, text: line.slice(0, 200), reason: parsed.error });
  });
  return { records, bad };
}

// The message for a bad line: where it is and what to do.
export function describeBadMetricsLine(file: string, bad: BadMetricsLine): string {
  return `${file}:${bad.line} is not a JSON object (${bad.reason}); fix or delete that line.`;
}
