// tslab reports a failing cell only as stderr text plus an `error` execute_reply. This reads that
// text back into the ename / evalue / traceback of an nbformat `error` output.
import type { ErrorOutput } from "./nbformat.js";

/** The error output and how many trailing stderr characters it replaces. */
export interface ParsedCellError {
  readonly output: ErrorOutput;
  readonly consumedStderr: number;
}

// Compile diagnostics look like "3:7 - Type 'string' is not assignable to type 'number'."
const DIAGNOSTIC = /^\d+:\d+ - /m;
// Runtime errors start with the vm file name and the failing line, then "Name: message".
const RUNTIME_START = /^evalmachine\.<anonymous>:\d+/m;
// A rejected await prints the error alone: "Name: message" followed by stack frames.
const ERROR_WITH_STACK = /^[A-Za-z_$][\w$.]*: .*\n\s+at /m;
const ERROR_LINE = /^(?:Uncaught )?([A-Za-z_$][\w$.]*): ?(.*)$/;
// Frames from node's vm and tslab itself say nothing about the user's code.
const INTERNAL_FRAME = /^\s+at .*(\(node:|[\\/]tslab[\\/]|sigintHandlersWrap)/;

function lastIndex(text: string, pattern: RegExp): number {
  let index = -1;
  for (const match of text.matchAll(new RegExp(pattern.source, "gm"))) index = match.index ?? index;
  return index;
}

// Where the error report starts: compile diagnostics are all the cell printed (nothing ran);
// a runtime error is the last report, after whatever the cell logged before failing.
function findStart(stderr: string): number {
  if (DIAGNOSTIC.test(stderr) && stderr.search(DIAGNOSTIC) === 0) return 0;
  const header = lastIndex(stderr, RUNTIME_START);
  if (header >= 0) return header;
  const withStack = lastIndex(stderr, ERROR_WITH_STACK);
  return withStack >= 0 ? withStack : stderr.search(DIAGNOSTIC);
}

// Build the error output for a failed cell from its stderr.
export function parseCellError(stderr: string, status: "error" | "abort"): ParsedCellError {
  if (status === "abort") {
    return {
      output: {
        output_type: "error",
        ename: "ExecutionAborted",
        evalue: "The kernel skipped this cell because the cell before it failed.",
        traceback: [],
      },
      consumedStderr: 0,
    };
  }
  const start = findStart(stderr);
  const errorText = start >= 0 ? stderr.slice(start) : stderr;
  const lines = errorText.replace(/\n+$/, "").split("\n");
  let output: ErrorOutput;
  if (start >= 0 && DIAGNOSTIC.test(lines[0] ?? "")) {
    const diagnostics = lines.filter((line) => DIAGNOSTIC.test(line));
    output = {
      output_type: "error",
      ename: "TypeScriptError",
      evalue: diagnostics.join("\n"),
      traceback: lines,
    };
  } else {
    const errorLine = lines
      .map((line) => ERROR_LINE.exec(line))
      .find((match) => match !== null && !line0IsFrame(match[0]));
    const lastLine = lines.filter((line) => line.trim() !== "").at(-1) ?? "";
    output = {
      output_type: "error",
      ename: errorLine?.[1] ?? "Error",
      evalue: errorLine?.[2] ?? (lastLine || "The cell failed without printing an error."),
      traceback: lines.filter((line) => !INTERNAL_FRAME.test(line)),
    };
  }
  // Only text we recognized as the error report moves into the error output.
  return { output, consumedStderr: start >= 0 ? errorText.length : 0 };
}

function line0IsFrame(line: string): boolean {
  return /^\s+at /.test(line) || line.startsWith("evalmachine.");
}
