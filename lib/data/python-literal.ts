// Python `repr` of strings, lists and dicts, and a parser for Python literals, because the seed stored
// thoughts as `repr(list)` and completions as `repr(dict)`; reproducing its rows needs Python's exact rules.
import { AgentftError } from "../errors.js";

/** A value a Python literal can hold here: str, int/float, bool, None, list, dict with str keys. */
export type PythonValue =
  | string
  | number
  | boolean
  | null
  | readonly PythonValue[]
  | { readonly [key: string]: PythonValue };

// Characters Python's str.isprintable() rejects (other than the space itself): they are escaped by repr.
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

// Python 3 `repr(str)`: single quotes unless the text has a ' and no ", escapes as CPython does.
export function reprPythonString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  // Most text needs no escape at all; one regex pass finds the characters that do.
  const special = quote === "'" ? /['\\\x00-\x1f\x7f-\u{10ffff}]/gu : /["\\\x00-\x1f\x7f-\u{10ffff}]/gu;
  return quote + text.replace(special, (ch) => escapeChar(ch, quote)) + quote;
}

function escapeChar(ch: string, quote: string): string {
  if (ch === quote || ch === "\\") return `\\${ch}`;
  if (ch === "\n") return "\\n";
  if (ch === "\r") return "\\r";
  if (ch === "\t") return "\\t";
  if (ch === "\x7f" || ch < " " || NON_PRINTABLE.test(ch)) return escapeCodePoint(ch.codePointAt(0) ?? 0);
  return ch;
}

function escapeCodePoint(code: number): string {
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, "0")}`;
  return `\\U${code.toString(16).padStart(8, "0")}`;
}

// Python `repr` of a value built from str, int/float, bool, None, list and dict (insertion order kept).
export function reprPython(value: PythonValue): string {
  if (typeof value === "string") return reprPythonString(value);
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  // JavaScript numbers do not remember int vs float; integral values print as Python ints.
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return `[${(value as readonly PythonValue[]).map(reprPython).join(", ")}]`;
  const entries = Object.entries(value as { readonly [key: string]: PythonValue });
  return `{${entries.map(([k, v]) => `${reprPythonString(k)}: ${reprPython(v)}`).join(", ")}}`;
}

/** Where a Python literal failed to parse: the offset into the text and why. */
export class PythonLiteralSyntaxError extends AgentftError {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super("python-literal-syntax", `${message} at offset ${offset}`);
    this.name = "PythonLiteralSyntaxError";
    this.offset = offset;
  }
}

// Parse one Python literal (what `ast.literal_eval` accepts for str/number/bool/None/list/tuple/dict).
export function parsePythonLiteral(text: string): PythonValue {
  const parser = new LiteralParser(text);
  const value = parser.parseValue();
  parser.skipSpace();
  if (parser.pos !== text.length) throw new PythonLiteralSyntaxError("unexpected text after the literal", parser.pos);
  return value;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  n: "\n",
  r: "\r",
  t: "\t",
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
  "0": "\0",
};

class LiteralParser {
  pos = 0;
  constructor(private readonly text: string) {}

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] ?? "")) this.pos += 1;
  }

  parseValue(): PythonValue {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === "'" || ch === '"') return this.parseAdjacentStrings();
    if (ch === "[" || ch === "(") return this.parseSequence(ch === "[" ? "]" : ")");
    if (ch === "{") return this.parseDict();
    const word = /^(True|False|None)\b/.exec(this.text.slice(this.pos, this.pos + 6));
    if (word) {
      this.pos += word[1]!.length;
      return word[1] === "None" ? null : word[1] === "True";
    }
    const number = /^[-+]?(\d+\.?\d*(e[-+]?\d+)?|\.\d+(e[-+]?\d+)?)/i.exec(this.text.slice(this.pos));
    if (number) {
      this.pos += number[0].length;
      return Number(number[0]);
    }
    throw new PythonLiteralSyntaxError(`unexpected ${ch === undefined ? "end of text" : JSON.stringify(ch)}`, this.pos);
  }

  // Python joins adjacent string literals ('a' 'b' == 'ab').
  private parseAdjacentStrings(): string {
    let out = this.parseString();
    for (;;) {
      const save = this.pos;
      this.skipSpace();
      const ch = this.text[this.pos];
      if (ch !== "'" && ch !== '"') {
        this.pos = save;
        return out;
      }
      out += this.parseString();
    }
  }

  private parseString(): string {
    const quote = this.text[this.pos]!;
    const triple = this.text.startsWith(quote.repeat(3), this.pos);
    const close = triple ? quote.repeat(3) : quote;
    this.pos += close.length;
    let out = "";
    for (;;) {
      if (this.pos >= this.text.length) throw new PythonLiteralSyntaxError("unterminated string", this.pos);
      if (this.text.startsWith(close, this.pos)) {
        this.pos += close.length;
        return out;
      }
      const ch = this.text[this.pos]!;
      if (ch === "\n" && !triple) throw new PythonLiteralSyntaxError("newline in a single-quoted string", this.pos);
      if (ch !== "\\") {
        out += ch;
        this.pos += 1;
        continue;
      }
      out += this.parseEscape();
    }
  }

  private parseEscape(): string {
    const next = this.text[this.pos + 1];
    if (next === undefined) throw new PythonLiteralSyntaxError("backslash at end of text", this.pos);
    if (next === "\n") {
      this.pos += 2;
      return "";
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      this.pos += 2;
      return simple;
    }
    const widths: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };
    const width = widths[next];
    if (width !== undefined) {
      const hex = this.text.slice(this.pos + 2, this.pos + 2 + width);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width)
        throw new PythonLiteralSyntaxError(`bad \\${next} escape`, this.pos);
      this.pos += 2 + width;
      return String.fromCodePoint(parseInt(hex, 16));
    }
    // Python keeps unknown escapes (`\d`) as the two characters.
    this.pos += 2;
    return `\\${next}`;
  }

  private parseSequence(end: string): PythonValue[] {
    this.pos += 1;
    const items: PythonValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === end) {
        this.pos += 1;
        return items;
      }
      items.push(this.parseValue());
      this.skipSpace();
      const ch = this.text[this.pos];
      if (ch === ",") this.pos += 1;
      else if (ch !== end) throw new PythonLiteralSyntaxError(`expected "," or "${end}"`, this.pos);
    }
  }

  private parseDict(): { [key: string]: PythonValue } {
    this.pos += 1;
    const out: { [key: string]: PythonValue } = {};
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === "}") {
        this.pos += 1;
        return out;
      }
      const key = this.parseValue();
      if (typeof key !== "string" && typeof key !== "number")
        throw new PythonLiteralSyntaxError("dict keys must be strings or numbers", this.pos);
      this.skipSpace();
      if (this.text[this.pos] !== ":") throw new PythonLiteralSyntaxError('expected ":"', this.pos);
      this.pos += 1;
      out[String(key)] = this.parseValue();
      this.skipSpace();
      const ch = this.text[this.pos];
      if (ch === ",") this.pos += 1;
      else if (ch !== "}") throw new PythonLiteralSyntaxError('expected "," or "}"', this.pos);
    }
  }
}
