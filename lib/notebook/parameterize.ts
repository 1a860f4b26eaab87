// papermill-style parameters for TypeScript notebooks: the `parameters` cell keeps its defaults and
// an `injected-parameters` cell of `const` declarations follows it, each value checked against its default.
import { ConfigError, describeValue, type ConfigIssue } from "../errors.js";
import { createCellId, hasTag, sourceText, splitLines, type CodeCell, type Notebook } from "./nbformat.js";
import { readParameterDefaults, type ParameterDefault } from "./parameter-defaults.js";

/** Options of {@link parameterizeNotebook}. */
export interface ParameterizeOptions {
  /** Typed values (from code or a JSON file): checked against the defaults as they are. */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** Values from `-p key=value`: read as the default's type (a number default reads `5` as 5). */
  readonly parameterStrings?: Readonly<Record<string, string>>;
  /** Notebook name used in error messages. */
  readonly file?: string;
}

/** The parameterized copy and what happened. */
export interface ParameterizeResult {
  readonly notebook: Notebook;
  /** The final values, as recorded in `metadata.papermill.parameters`. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The defaults read from the `parameters` cell. */
  readonly defaults: readonly ParameterDefault[];
  readonly injectedCellIndex: number | undefined;
  readonly warnings: readonly string[];
}

type Kind = "string" | "number" | "boolean" | "null" | "array" | "object" | "undefined";

function kindOf(value: unknown): Kind {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const type = typeof value;
  return type === "string" || type === "number" || type === "boolean" || type === "undefined" ? type : "object";
}

function isIdentifier(key: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(key);
}

// The TypeScript type a literal default stands for, widened as `let` would widen it.
export function typeOfDefault(value: unknown): string {
  const kind = kindOf(value);
  if (kind === "array") {
    const items = [...new Set((value as unknown[]).map(typeOfDefault))];
    if (items.length === 0) return "any[]";
    return items.length === 1 ? `${items[0]}[]` : `(${items.join(" | ")})[]`;
  }
  if (kind === "object") {
    const fields = Object.entries(value as Record<string, unknown>).map(
      ([key, item]) => `${isIdentifier(key) ? key : JSON.stringify(key)}: ${typeOfDefault(item)}`,
    );
    return fields.length === 0 ? "Record<string, unknown>" : `{ ${fields.join("; ")} }`;
  }
  return kind;
}

// Check a value against a default's structure; returns what is wrong, or undefined when it fits.
function mismatch(value: unknown, expected: unknown, at: string): string | undefined {
  const want = kindOf(expected);
  const got = kindOf(value);
  if (want !== got) return `\`${at}\`: expected ${typeOfDefault(expected)}, got ${describeValue(value)}`;
  if (want === "number" && !Number.isFinite(value))
    return `\`${at}\`: expected a finite number, got ${describeValue(value)}`;
  if (want === "array") {
    const items = expected as unknown[];
    if (items.length === 0) return undefined;
    for (const [index, item] of (value as unknown[]).entries()) {
      const problems = items.map((sample) => mismatch(item, sample, `${at}[${index}]`));
      if (problems.every((problem) => problem !== undefined)) return problems[0];
    }
  }
  if (want === "object") {
    const shape = expected as Record<string, unknown>;
    const given = value as Record<string, unknown>;
    for (const key of Object.keys(shape)) {
      if (!(key in given)) return `\`${at}.${key}\` is missing`;
      const problem = mismatch(given[key], shape[key], `${at}.${key}`);
      if (problem) return problem;
    }
    const extra = Object.keys(given).find((key) => !(key in shape));
    if (extra !== undefined && Object.keys(shape).length > 0) return `\`${at}.${extra}\` is not a field of the default`;
  }
  return undefined;
}

// Literal members of an annotation such as `"a" | "b"` or `number | null`; undefined when it has other parts.
function annotationMembers(annotation: string): unknown[] | undefined {
  const members: unknown[] = [];
  for (const part of annotation
    .split("|")
    .map((item) => item.trim())
    .filter(Boolean)) {
    if (part === "string") members.push("");
    else if (part === "number") members.push(0);
    else if (part === "boolean") members.push(false);
    else if (part === "null") members.push(null);
    else if (/^(string|number|boolean)\[\]$/.test(part))
      members.push([part === "string[]" ? "" : part === "number[]" ? 0 : false]);
    else if (/^(".*"|'.*')$/.test(part)) members.push({ literal: part.slice(1, -1) });
    else if (/^-?\d+(\.\d+)?$/.test(part)) members.push({ literal: Number(part) });
    else if (part === "true" || part === "false") members.push({ literal: part === "true" });
    else return undefined;
  }
  return members;
}

function checkValue(value: unknown, declared: ParameterDefault): string | undefined {
  const members = declared.annotation ? annotationMembers(declared.annotation) : undefined;
  if (members) {
    const fits = members.some((member) =>
      member !== null && typeof member === "object" && "literal" in member
        ? (member as { literal: unknown }).literal === value
        : mismatch(value, member, declared.name) === undefined,
    );
    return fits ? undefined : `\`${declared.name}\`: expected ${declared.annotation}, got ${describeValue(value)}`;
  }
  return mismatch(value, declared.value, declared.name);
}

// Read a `-p key=value` string as the default's type, so `-p epochs=5` is a number and `-p name=5` a string.
function coerceString(raw: string, declared: ParameterDefault | undefined): unknown {
  const kind = declared?.isLiteral ? kindOf(declared.value) : undefined;
  if (kind === "string") return raw;
  if (kind === "number") return raw.trim() === "" ? raw : Number(raw) || (Number(raw) === 0 ? 0 : raw);
  if (kind === "boolean") return /^(true|false)$/i.test(raw) ? raw.toLowerCase() === "true" : raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

// Turn a value into TypeScript source. JSON is a subset of TypeScript expressions.
export function translateValue(value: unknown): string {
  return JSON.stringify(value, null, 0).replaceAll("\u2028", "\\u2028").replaceAll("\u2029", "\\u2029");
}

function buildSource(values: Record<string, unknown>, defaults: Map<string, ParameterDefault>): string {
  const lines = ["// Parameters injected by `agentft notebook run`; the defaults are in the cell above."];
  for (const [name, value] of Object.entries(values)) {
    const declared = defaults.get(name);
    const type = declared?.annotation ?? (declared?.isLiteral ? typeOfDefault(declared.value) : undefined);
    lines.push(`const ${name}${type ? `: ${type}` : ""} = ${translateValue(value)};`);
  }
  return lines.join("\n");
}

// Insert (or replace) the injected-parameters cell after the `parameters` cell, checking every value.
export function parameterizeNotebook(source: Notebook, options: ParameterizeOptions = {}): ParameterizeResult {
  const file = options.file ?? "the notebook";
  const notebook = structuredClone(source);
  const warnings: string[] = [];
  const paramsIndex = notebook.cells.findIndex((cell) => cell.cell_type === "code" && hasTag(cell, "parameters"));
  const paramsCell = notebook.cells[paramsIndex];
  const declared = paramsCell ? readParameterDefaults(sourceText(paramsCell.source)) : [];
  const defaults = new Map(declared.map((entry) => [entry.name, entry]));
  const values: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(options.parameterStrings ?? {}))
    values[name] = coerceString(raw, defaults.get(name));
  Object.assign(values, options.parameters ?? {});

  const issues: ConfigIssue[] = [];
  const where = (entry: ParameterDefault): string => `line ${entry.line} of the parameters cell (cell ${paramsIndex})`;
  for (const [name, value] of Object.entries(values)) {
    if (!isIdentifier(name)) {
      issues.push({
        path: `parameters.${name}`,
        message: `\`${name}\` is not a valid TypeScript name; use letters, digits, _ or $.`,
      });
      continue;
    }
    const entry = defaults.get(name);
    if (paramsCell === undefined) continue;
    if (entry === undefined) {
      const known = declared.map((item) => item.name).join(", ") || "none";
      issues.push({
        path: `parameters.${name}`,
        message: `\`${name}\` is not declared in the parameters cell of ${file} (declared: ${known}); check the spelling.`,
      });
    } else if (!entry.isLiteral && !entry.annotation) {
      issues.push({
        path: `parameters.${name}`,
        message: `\`${name}\`'s default on ${where(entry)} is not a literal, so its type is unknown; give it a type annotation or a literal default.`,
      });
    } else {
      const problem = value === undefined ? `${name} has no value` : checkValue(value, entry);
      if (problem)
        issues.push({ path: `parameters.${name}`, message: `${problem}; the default is declared on ${where(entry)}.` });
    }
  }
  if (issues.length > 0) {
    throw new ConfigError(
      `Invalid parameters for ${file}; pass values of the declared types:\n${issues.map((issue) => `  - ${issue.message}`).join("\n")}`,
      issues,
    );
  }

  const existing = notebook.cells.findIndex((cell) => hasTag(cell, "injected-parameters"));
  if (existing >= 0) notebook.cells.splice(existing, 1);
  let injectedCellIndex: number | undefined;
  if (Object.keys(values).length > 0) {
    const cell: CodeCell = {
      id: createCellId(),
      cell_type: "code",
      metadata: { tags: ["injected-parameters"] },
      source: splitLines(buildSource(values, defaults)),
      outputs: [],
      execution_count: null,
    };
    const after = notebook.cells.findIndex((item) => item.cell_type === "code" && hasTag(item, "parameters"));
    if (after < 0)
      warnings.push(
        `${file} has no cell tagged \`parameters\`; the parameters were injected at the top without type checks.`,
      );
    injectedCellIndex = after + 1;
    notebook.cells.splice(injectedCellIndex, 0, cell);
  }
  notebook.metadata.papermill = { ...notebook.metadata.papermill, parameters: values };
  return { notebook, parameters: values, defaults: declared, injectedCellIndex, warnings };
}
