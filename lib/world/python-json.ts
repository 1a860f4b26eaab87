// JSON text as AppWorld's Python server writes it: compact separators, and floats that keep their
// `.0` (`{"venmo_balance":47.0}`), so `json.loads` in the REPL gives Python floats for money.

/** A number that Python holds as a float. `realInt` marks doc examples printed as floats whose real values are ints (`card_number`). */
export class PyFloat {
  constructor(
    readonly value: number,
    readonly realInt = false,
  ) {}
}

/** A number whose exact Python text cannot be held by a JS number (`9223372036854775807`). */
export class RawNumber {
  constructor(readonly text: string) {}
}

export function pyFloat(value: number): PyFloat {
  return new PyFloat(value);
}

// Python's `repr(float)`: shortest round-trip digits, exponent form from 1e16 up and below 1e-4.
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e16 || abs < 1e-4)) {
    return value.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
  }
  const text = String(value);
  return Number.isInteger(value) ? `${text}.0` : text;
}

function encodeNumber(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e16 ? String(value) : pyFloatRepr(value);
}

// Compact JSON of a value that may hold PyFloat / RawNumber markers; plain integral numbers print as ints.
export function encodePythonJson(value: unknown): string {
  return encodeWithExample(value, undefined);
}

// Compact JSON of a response body, taking float-ness from the response example (where a PyFloat marks a
// float field). Written as one recursive walk without intermediate arrays: it runs on every API call.
export function encodeWithExample(body: unknown, example: unknown): string {
  switch (typeof body) {
    case "string":
      return JSON.stringify(body);
    case "number":
      if (example instanceof PyFloat && !example.realInt) return pyFloatRepr(body);
      return encodeNumber(body);
    case "boolean":
      return body ? "true" : "false";
    case "object": {
      if (body === null) return "null";
      if (Array.isArray(body)) {
        const item = Array.isArray(example) ? example[0] : undefined;
        let out = "[";
        for (let i = 0; i < body.length; i++) out += (i === 0 ? "" : ",") + encodeWithExample(body[i], item);
        return `${out}]`;
      }
      if (body instanceof PyFloat) return pyFloatRepr(body.value);
      if (body instanceof RawNumber) return body.text;
      const shape =
        example !== null && typeof example === "object" && !Array.isArray(example)
          ? (example as Record<string, unknown>)
          : undefined;
      let out = "{";
      let first = true;
      for (const key in body as Record<string, unknown>) {
        const value = (body as Record<string, unknown>)[key];
        if (value === undefined) continue;
        out += `${first ? "" : ","}${JSON.stringify(key)}:${encodeWithExample(value, shape?.[key])}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      return "null";
  }
}

// Replaces markers by plain numbers, for TypeScript callers that read `body`.
export function toPlain(value: unknown): unknown {
  if (value instanceof PyFloat) return value.value;
  if (value instanceof RawNumber) return Number(value.text);
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
    return out;
  }
  return value;
}
