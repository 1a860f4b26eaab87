// Errors of the data area: a bad row names its file, line and field; a synthesis answer with no content.
import { AgentftError, ConfigError } from "../errors.js";

/** A row of a data file that does not have the expected shape. */
export class DataFormatError extends ConfigError {
  readonly file: string;
  readonly line: number;
  readonly field: string | undefined;
  constructor(
    place: { file: string; line: number; field?: string },
    problem: string,
    fix: string,
    options?: { cause?: unknown },
  ) {
    const where = `${place.file}:${place.line}`;
    const subject = place.field === undefined ? "" : ` field \`${place.field}\``;
    super(
      `${where}:${subject} ${problem}. ${fix}`,
      [{ path: where + (place.field ? ` ${place.field}` : ""), message: problem }],
      options,
    );
    this.name = "DataFormatError";
    this.file = place.file;
    this.line = place.line;
    this.field = place.field;
  }
}

/** A synthesis request whose answer carried no content (a refusal, a cut-off). */
export class SynthesisError extends AgentftError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("synthesis", message, options);
    this.name = "SynthesisError";
  }
}
