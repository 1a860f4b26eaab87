// Lenient parsing of a json-react reply `{"thought": ..., "action": ...}`, as small models actually write it.

/** A reply that held a thought and an action; `strict` is false when JSON.parse alone could not read it. */
export interface ParsedAction {
  readonly ok: true;
  readonly thought: string;
  readonly action: string;
  readonly strict: boolean;
}

/** A reply with no readable `{thought, action}` object: a format error of the step. */
export interface ActionFormatError {
  readonly ok: false;
  readonly error: string;
}

export type ParseActionResult = ParsedAction | ActionFormatError;

// Accepts code fences, text around the object, Python-dict quotes, True/False/None, raw newlines in strings, trailing commas.
export function parseAction(reply: string): ParseActionResult {
  const candidates = findObjectTexts(reply);
  if (candidates.length === 0) return { ok: false, error: "no `{...}` object in the reply" };
  let lastError = "";
  for (const text of candidates) {
    let value: unknown;
    let strict = true;
    try {
      value = JSON.parse(text);
    } catch {
      strict = false;
      try {
        value = new LiteralReader(text).readDocument();
      } catch (error) {
        lastError = (error as Error).message;
        continue;
      }
    }
    const checked = checkFields(value);
    if (typeof checked === "string") {
      lastError = checked;
      continue;
    }
    return { ok: true, thought: checked.thought, action: stripFence(checked.action), strict };
  }
  return { ok: false, error: lastError };
}

function checkFields(value: unknown): { thought: string; action: string } | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "the reply's JSON is not an object";
  const record = value as Record<string, unknown>;
  const action = record["action"];
  if (typeof action !== "string") return 'the object has no string "action"';
  const thought = record["thought"];
  return {
    thought: typeof thought === "string" ? thought : thought === undefined ? "" : JSON.stringify(thought),
    action,
  };
}

// Every balanced top-level `{...}` span, outermost first, skipping braces inside quoted strings.
function findObjectTexts(reply: string): string[] {
  const spans: string[] = [];
  for (let start = reply.indexOf("{"); start !== -1; start = reply.indexOf("{", start + 1)) {
    const end = findClosingBrace(reply, start);
    if (end !== -1) {
      spans.push(reply.slice(start, end + 1));
      start = end;
    }
  }
  return spans;
}

function findClosingBrace(text: string, start: number): number {
  let depth = 0;
  let quote = "";
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === "\\") i++;
      else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = "";
      }
    } else if (char === '"' || char === "'") {
      quote = text.startsWith(char.repeat(3), i) ? char.repeat(3) : char;
      i += quote.length - 1;
    } else if (char === "{") depth++;
    else if (char === "}" && --depth === 0) return i;
  }
  return -1;
}

function stripFence(action: string): string {
  const fenced = /^\s*```[A-Za-z0-9_-]*\n([\s\S]*?)\n?```\s*$/.exec(action);
  return fenced?.[1] ?? action;
}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", "0": "\0", "/": "/" };
const WORDS: Record<string, unknown> = { true: true, false: false, null: null, True: true, False: false, None: null };

// A reader for the JSON/Python-literal superset models emit; throws with the offset on anything else.
class LiteralReader {
  private pos = 0;
  constructor(private readonly text: string) {}

  readDocument(): unknown {
    const value = this.readValue();
    this.skipSpace();
    if (this.pos < this.text.length) this.fail("unexpected text after the object");
    return value;
  }

  private readValue(): unknown {
    this.skipSpace();
    const char = this.text[this.pos];
    if (char === "{") return this.readObject();
    if (char === "[") return this.readArray();
    if (char === '"' || char === "'") return this.readString();
    const word = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[A-Za-z]+)/.exec(this.text.slice(this.pos))?.[0];
    if (word === undefined) return this.fail("expected a value");
    if (word in WORDS || /^-?\d/.test(word)) {
      this.pos += word.length;
      return word in WORDS ? WORDS[word] : Number(word);
    }
    return this.fail(`unknown word \`${word}\``);
  }

  private readObject(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.pos++;
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === "}") {
        this.pos++;
        return result;
      }
      const key = this.readValue();
      if (typeof key !== "string") this.fail("expected a string key");
      this.skipSpace();
      if (this.text[this.pos++] !== ":") this.fail("expected `:`");
      result[key as string] = this.readValue();
      this.skipSpace();
      if (this.text[this.pos] === ",") this.pos++;
      else if (this.text[this.pos] !== "}") this.fail("expected `,` or `}`");
    }
  }

  private readArray(): unknown[] {
    const result: unknown[] = [];
    this.pos++;
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === "]") {
        this.pos++;
        return result;
      }
      result.push(this.readValue());
      this.skipSpace();
      if (this.text[this.pos] === ",") this.pos++;
      else if (this.text[this.pos] !== "]") this.fail("expected `,` or `]`");
    }
  }

  private readString(): string {
    const char = this.text[this.pos] as string;
    const quote = this.text.startsWith(char.repeat(3), this.pos) ? char.repeat(3) : char;
    this.pos += quote.length;
    let out = "";
    while (this.pos < this.text.length) {
      if (this.text.startsWith(quote, this.pos)) {
        this.pos += quote.length;
        return out;
      }
      const next = this.text[this.pos++] as string;
      if (next !== "\\") {
        out += next;
        continue;
      }
      const escaped = this.text[this.pos++] ?? "";
      if (escaped === "u") {
        out += String.fromCharCode(parseInt(this.text.slice(this.pos, this.pos + 4), 16));
        this.pos += 4;
      } else out += ESCAPES[escaped] ?? escaped;
    }
    return this.fail("unterminated string");
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] as string)) this.pos++;
  }

  private fail(message: string): never {
    throw new Error(`${message} at offset ${this.pos}`);
  }
}
