// Read the `const name = <literal>;` declarations of a `parameters` cell without a TypeScript
// compiler: a small scanner for the literal subset (strings, numbers, booleans, null, arrays, objects).

/** One declaration found in the parameters cell. */
export interface ParameterDefault {
  readonly name: string;
  /** The type annotation as written (`"a" | "b"`, `number`), if any. */
  readonly annotation: string | undefined;
  /** The default value when the initializer is a literal. */
  readonly value: unknown;
  /** False when the initializer is not a literal (a call, an identifier): its type cannot be read. */
  readonly isLiteral: boolean;
  /** 1-based line of the declaration inside the cell. */
  readonly line: number;
}

class LiteralSyntaxError extends Error {}

/** A cursor over the cell's source. */
class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  peek(): string {
    return this.text[this.pos] ?? "";
  }

  // Skip spaces, newlines and comments; with `stopAtNewline`, stop at the first newline outside comments.
  skipTrivia(stopAtNewline = false): void {
    for (;;) {
      const char = this.peek();
      if (char === "\n" && stopAtNewline) return;
      if (char === " " || char === "\t" || char === "\r" || char === "\n") this.pos++;
      else if (this.text.startsWith("//", this.pos)) {
        const end = this.text.indexOf("\n", this.pos);
        this.pos = end < 0 ? this.text.length : end;
      } else if (this.text.startsWith("/*", this.pos)) {
        const end = this.text.indexOf("*/", this.pos + 2);
        this.pos = end < 0 ? this.text.length : end + 2;
      } else return;
    }
  }

  readIdentifier(): string | undefined {
    const match = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.pos));
    if (!match) return undefined;
    this.pos += match[0].length;
    return match[0];
  }

  lineAt(pos: number): number {
    return this.text.slice(0, pos).split("\n").length;
  }
}

function readString(scanner: Scanner): string {
  const quote = scanner.peek();
  scanner.pos++;
  let value = "";
  for (;;) {
    const char = scanner.text[scanner.pos++];
    if (char === undefined || (char === "\n" && quote !== "`")) throw new LiteralSyntaxError("unterminated string");
    if (char === quote) return value;
    if (quote === "`" && char === "$" && scanner.peek() === "{")
      throw new LiteralSyntaxError("template with substitutions");
    if (char !== "\\") {
      value += char;
      continue;
    }
    const escaped = scanner.text[scanner.pos++] ?? "";
    const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v", "0": "\0" };
    if (escaped in simple) value += simple[escaped];
    else if (escaped === "u" || escaped === "x") {
      const braced = escaped === "u" && scanner.peek() === "{";
      const hex = braced
        ? scanner.text.slice(scanner.pos + 1, scanner.text.indexOf("}", scanner.pos))
        : scanner.text.slice(scanner.pos, scanner.pos + (escaped === "u" ? 4 : 2));
      scanner.pos += braced ? hex.length + 2 : hex.length;
      value += String.fromCodePoint(Number.parseInt(hex, 16));
    } else if (escaped !== "\n") value += escaped;
  }
}

function readLiteral(scanner: Scanner): unknown {
  scanner.skipTrivia();
  const char = scanner.peek();
  if (char === '"' || char === "'" || char === "`") return readString(scanner);
  if (char === "[") {
    scanner.pos++;
    const items: unknown[] = [];
    for (;;) {
      scanner.skipTrivia();
      if (scanner.peek() === "]") break;
      items.push(readLiteral(scanner));
      scanner.skipTrivia();
      if (scanner.peek() === ",") scanner.pos++;
      else if (scanner.peek() !== "]") throw new LiteralSyntaxError("expected , or ]");
    }
    scanner.pos++;
    return items;
  }
  if (char === "{") {
    scanner.pos++;
    const object: Record<string, unknown> = {};
    for (;;) {
      scanner.skipTrivia();
      if (scanner.peek() === "}") break;
      const quote = scanner.peek();
      const key = quote === '"' || quote === "'" ? readString(scanner) : scanner.readIdentifier();
      if (key === undefined) throw new LiteralSyntaxError("expected a property name");
      scanner.skipTrivia();
      if (scanner.peek() !== ":") throw new LiteralSyntaxError("expected :");
      scanner.pos++;
      object[key] = readLiteral(scanner);
      scanner.skipTrivia();
      if (scanner.peek() === ",") scanner.pos++;
      else if (scanner.peek() !== "}") throw new LiteralSyntaxError("expected , or }");
    }
    scanner.pos++;
    return object;
  }
  const number = /^-?(?:0[xX][\da-fA-F_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?)/.exec(
    scanner.text.slice(scanner.pos),
  );
  if (number) {
    scanner.pos += number[0].length;
    return Number(number[0].replaceAll("_", ""));
  }
  const word = scanner.readIdentifier();
  if (word === "true") return true;
  if (word === "false") return false;
  if (word === "null") return null;
  throw new LiteralSyntaxError("not a literal");
}

// Move past the current statement: to a `;` or a newline outside brackets and strings.
function skipStatement(scanner: Scanner): void {
  let depth = 0;
  while (scanner.pos < scanner.text.length) {
    const char = scanner.peek();
    if (char === '"' || char === "'" || char === "`") {
      try {
        readString(scanner);
      } catch {
        scanner.pos++;
      }
      continue;
    }
    if ("([{".includes(char)) depth++;
    else if (")]}".includes(char)) depth--;
    else if ((char === ";" || char === "\n") && depth <= 0) {
      scanner.pos++;
      return;
    }
    scanner.pos++;
  }
}

// Read the type annotation up to the initializer's `=` (not `=>`), outside brackets.
function readAnnotation(scanner: Scanner): string {
  const start = scanner.pos;
  let depth = 0;
  while (scanner.pos < scanner.text.length) {
    const char = scanner.peek();
    const next = scanner.text[scanner.pos + 1];
    if ("([{<".includes(char)) depth++;
    else if (")]}".includes(char) || (char === ">" && scanner.text[scanner.pos - 1] !== "=")) depth--;
    else if (char === "=" && next !== ">" && depth <= 0) break;
    scanner.pos++;
  }
  return scanner.text.slice(start, scanner.pos).trim();
}

// Read every top-level `const|let|var name[: type] = value` of a parameters cell.
export function readParameterDefaults(source: string): ParameterDefault[] {
  const scanner = new Scanner(source);
  const found: ParameterDefault[] = [];
  for (;;) {
    scanner.skipTrivia();
    if (scanner.pos >= source.length) return found;
    const start = scanner.pos;
    const keyword = scanner.readIdentifier();
    if (keyword !== "const" && keyword !== "let" && keyword !== "var") {
      if (keyword === undefined) scanner.pos++;
      skipStatement(scanner);
      continue;
    }
    scanner.skipTrivia();
    const name = scanner.readIdentifier();
    scanner.skipTrivia();
    if (name === undefined) {
      skipStatement(scanner);
      continue;
    }
    let annotation: string | undefined;
    if (scanner.peek() === ":") {
      scanner.pos++;
      annotation = readAnnotation(scanner);
    }
    if (scanner.peek() !== "=") {
      skipStatement(scanner);
      continue;
    }
    scanner.pos++;
    const initializer = scanner.pos;
    const line = scanner.lineAt(start);
    try {
      const value = readLiteral(scanner);
      scanner.skipTrivia(true);
      if (scanner.text.startsWith("as const", scanner.pos)) scanner.pos += "as const".length;
      scanner.skipTrivia(true);
      const end = scanner.peek();
      if (end !== ";" && end !== "\n" && end !== "") throw new LiteralSyntaxError("expression continues");
      found.push({ name, annotation, value, isLiteral: true, line });
    } catch (error) {
      if (!(error instanceof LiteralSyntaxError)) throw error;
      scanner.pos = initializer;
      found.push({ name, annotation, value: undefined, isLiteral: false, line });
    }
    skipStatement(scanner);
  }
}
