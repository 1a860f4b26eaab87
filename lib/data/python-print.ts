// What the world's REPL prints for `print(x)` where x is a decoded API response: AppWorld's print
// replacement writes `json.dumps(x)` (", " and ": " separators, ASCII only), or `json.dumps(x, indent=1)`
// when that is 100 characters or more, then a newline (reference/appworld-api-surface.md §7.1).
// Working from the server's JSON text keeps number literals exactly as Python decoded them (47.0 stays 47.0).

type Node =
  | { kind: "atom"; text: string }
  | { kind: "list"; items: Node[] }
  | { kind: "dict"; entries: [string, Node][] };

// Python json.dumps string escaping with ensure_ascii: everything outside space..~ is \uXXXX.
function dumpString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i]!;
    const code = value.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

class JsonReader {
  pos = 0;
  constructor(private readonly text: string) {}

  read(): Node {
    const ch = this.text[this.pos];
    if (ch === "[") {
      this.pos += 1;
      const items: Node[] = [];
      if (this.text[this.pos] === "]") {
        this.pos += 1;
        return { kind: "list", items };
      }
      for (;;) {
        items.push(this.read());
        const next = this.text[this.pos++];
        if (next === "]") return { kind: "list", items };
      }
    }
    if (ch === "{") {
      this.pos += 1;
      const entries: [string, Node][] = [];
      if (this.text[this.pos] === "}") {
        this.pos += 1;
        return { kind: "dict", entries };
      }
      for (;;) {
        const key = this.readStringToken();
        this.pos += 1; // ':'
        entries.push([dumpString(JSON.parse(key) as string), this.read()]);
        const next = this.text[this.pos++];
        if (next === "}") return { kind: "dict", entries };
      }
    }
    if (ch === '"') return { kind: "atom", text: dumpString(JSON.parse(this.readStringToken()) as string) };
    const match = /^(true|false|null|-?[0-9][0-9.eE+-]*)/.exec(this.text.slice(this.pos, this.pos + 40));
    if (!match) throw new SyntaxError(`Unexpected JSON at offset ${this.pos}`);
    this.pos += match[0].length;
    return { kind: "atom", text: match[0] };
  }

  private readStringToken(): string {
    const start = this.pos;
    this.pos += 1;
    while (this.text[this.pos] !== '"') this.pos += this.text[this.pos] === "\\" ? 2 : 1;
    this.pos += 1;
    return this.text.slice(start, this.pos);
  }
}

function dumpFlat(node: Node): string {
  if (node.kind === "atom") return node.text;
  if (node.kind === "list") return `[${node.items.map(dumpFlat).join(", ")}]`;
  return `{${node.entries.map(([k, v]) => `${k}: ${dumpFlat(v)}`).join(", ")}}`;
}

function dumpIndented(node: Node, depth: number): string {
  if (node.kind === "atom") return node.text;
  const inner = " ".repeat(depth + 1);
  const outer = " ".repeat(depth);
  if (node.kind === "list") {
    if (node.items.length === 0) return "[]";
    return `[\n${node.items.map((item) => inner + dumpIndented(item, depth + 1)).join(",\n")}\n${outer}]`;
  }
  if (node.entries.length === 0) return "{}";
  return `{\n${node.entries.map(([k, v]) => `${inner}${k}: ${dumpIndented(v, depth + 1)}`).join(",\n")}\n${outer}}`;
}

// The REPL output of `print(json.loads(jsonText))` for a list or dict response, newline included.
export function formatPrintedJson(jsonText: string): string {
  const node = new JsonReader(jsonText).read();
  // Scalars print through Python's plain print (True, None, unquoted text); callers only print containers.
  if (node.kind === "atom") throw new TypeError(`Expected a JSON list or object, got \`${jsonText.slice(0, 40)}\`.`);
  const flat = dumpFlat(node);
  return `${flat.length >= 100 ? dumpIndented(node, 0) : flat}\n`;
}
