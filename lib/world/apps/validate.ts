// Request validation with the messages FastAPI + pydantic v1 give (as seen in AppWorld transcripts):
// `Validation error. Reason: \n<field>: <msg>`, e.g. `page_limit: ensure this value is less than or equal to 20`.
import type { ApiDefinition, ParamSpec } from "./define.js";

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const TRUE_TEXT = new Set(["1", "on", "t", "true", "y", "yes"]);
const FALSE_TEXT = new Set(["0", "off", "f", "false", "n", "no"]);

type Checked = { ok: true; value: unknown } | { ok: false; message: string };

function coerce(spec: ParamSpec, value: unknown): Checked {
  switch (spec.type) {
    case "string":
      if (typeof value === "string") return { ok: true, value };
      if (typeof value === "number") return { ok: true, value: String(value) };
      return { ok: false, message: "str type expected" };
    case "integer": {
      const n = typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : value;
      if (typeof n === "number" && Number.isInteger(n)) return { ok: true, value: n };
      if (typeof n === "boolean") return { ok: true, value: n ? 1 : 0 };
      return { ok: false, message: "value is not a valid integer" };
    }
    case "number": {
      const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
      if (typeof n === "number" && !Number.isNaN(n)) return { ok: true, value: n };
      return { ok: false, message: "value is not a valid float" };
    }
    case "boolean":
      if (typeof value === "boolean") return { ok: true, value };
      if (value === 0 || value === 1) return { ok: true, value: value === 1 };
      if (typeof value === "string" && TRUE_TEXT.has(value.toLowerCase())) return { ok: true, value: true };
      if (typeof value === "string" && FALSE_TEXT.has(value.toLowerCase())) return { ok: true, value: false };
      return { ok: false, message: "value could not be parsed to a boolean" };
    case "list[string]":
      if (!Array.isArray(value)) return { ok: false, message: "value is not a valid list" };
      if (!value.every((v) => typeof v === "string")) return { ok: false, message: "str type expected" };
      return { ok: true, value: value.slice() };
    default:
      return { ok: true, value };
  }
}

function checkConstraints(spec: ParamSpec, value: unknown): string | null {
  if (typeof value === "number") {
    if (spec.ge !== undefined && !(value >= spec.ge)) return `ensure this value is greater than or equal to ${spec.ge}`;
    if (spec.gt !== undefined && !(value > spec.gt)) return `ensure this value is greater than ${spec.gt}`;
    if (spec.le !== undefined && !(value <= spec.le)) return `ensure this value is less than or equal to ${spec.le}`;
    if (spec.lt !== undefined && !(value < spec.lt)) return `ensure this value is less than ${spec.lt}`;
  }
  if (typeof value === "string") {
    if (spec.minLength !== undefined && value.length < spec.minLength) {
      return `ensure this value has at least ${spec.minLength} characters`;
    }
    if (spec.maxLength !== undefined && value.length > spec.maxLength) {
      return `ensure this value has at most ${spec.maxLength} characters`;
    }
    if (spec.email && !EMAIL.test(value)) return "value is not a valid email address";
    if (spec.oneOf && !spec.oneOf.includes(value)) {
      return `unexpected value; permitted: ${spec.oneOf.map((v) => `'${v}'`).join(", ")}`;
    }
  }
  return null;
}

/** Validated arguments, or the 422 message listing every bad field. */
export type ValidationResult = { ok: true; args: Record<string, unknown> } | { ok: false; message: string };

// Validates keyword arguments against an API's parameters (access_token is checked by the caller).
export function validateArguments(api: ApiDefinition, kwargs: Record<string, unknown>): ValidationResult {
  const args: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const spec of api.parameters) {
    if (spec.name === "access_token") continue;
    const given = kwargs[spec.name];
    if (given === undefined || given === null) {
      if (spec.required) {
        errors.push(
          `${spec.name}: ${given === null && api.method !== "GET" ? "none is not an allowed value" : "field required"}`,
        );
      } else {
        args[spec.name] = spec.default;
      }
      continue;
    }
    const checked = coerce(spec, given);
    if (!checked.ok) {
      errors.push(`${spec.name}: ${checked.message}`);
      continue;
    }
    const problem = checkConstraints(spec, checked.value);
    if (problem) errors.push(`${spec.name}: ${problem}`);
    else args[spec.name] = checked.value;
  }
  if (errors.length > 0) return { ok: false, message: `Validation error. Reason: \n${errors.join("\n")}` };
  return { ok: true, args };
}
