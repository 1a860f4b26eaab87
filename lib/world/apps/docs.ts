// API documentation derived from the definitions: the `show_api_doc` dict (newer AppWorld form, with the
// app prefix in `path` and bounds printed in the parameter's own type), descriptions, and doc search.
import { PyFloat, RawNumber, pyFloatRepr } from "../python-json.js";
import type { ApiDefinition, ParamSpec } from "./define.js";

function bound(spec: ParamSpec, value: number): string {
  return spec.type === "number" ? pyFloatRepr(value) : String(value);
}

// The constraint strings of `show_api_doc` (`value >= 1, <= 20`, `length >= 1`, `value is email address`, ...).
export function describeConstraints(spec: ParamSpec): string[] {
  const out: string[] = [];
  const lower =
    spec.ge !== undefined ? `>= ${bound(spec, spec.ge)}` : spec.gt !== undefined ? `> ${bound(spec, spec.gt)}` : null;
  const upper =
    spec.le !== undefined ? `<= ${bound(spec, spec.le)}` : spec.lt !== undefined ? `< ${bound(spec, spec.lt)}` : null;
  if (lower || upper) out.push(`value ${[lower, upper].filter(Boolean).join(", ")}`);
  if (spec.minLength !== undefined || spec.maxLength !== undefined) {
    const parts = [
      spec.minLength !== undefined ? `>= ${spec.minLength}` : null,
      spec.maxLength !== undefined ? `<= ${spec.maxLength}` : null,
    ].filter(Boolean);
    out.push(`length ${parts.join(", ")}`);
  }
  if (spec.email) out.push("value is email address");
  if (spec.oneOf) out.push(`value in [${spec.oneOf.map((v) => `'${v}'`).join(", ")}]`);
  return out;
}

function docDefault(spec: ParamSpec): unknown {
  if (spec.defaultText !== undefined) return new RawNumber(spec.defaultText);
  if (spec.type === "number" && typeof spec.default === "number") return new PyFloat(spec.default);
  return spec.default;
}

/** A doc with PyFloat/RawNumber markers, for exact JSON text; `toPlain` gives the plain object. */
export type MarkedDoc = Record<string, unknown>;

// The `show_api_doc` dict of one API, in AppWorld's key order.
export function buildApiDoc(api: ApiDefinition): MarkedDoc {
  return {
    app_name: api.app,
    api_name: api.name,
    path: `/${api.app}${api.path}`,
    method: api.method,
    description: api.description,
    parameters: api.parameters.map((spec) => ({
      name: spec.name,
      type: spec.type,
      required: spec.required,
      description: spec.description,
      default: docDefault(spec),
      constraints: describeConstraints(spec),
    })),
    response_schemas: { success: api.response, failure: { message: "string" } },
  };
}

const STOP_WORDS = new Set([
  "a",
  "an",
  "the",
  "of",
  "or",
  "and",
  "to",
  "for",
  "in",
  "on",
  "your",
  "my",
  "with",
  "is",
  "by",
  "from",
  "all",
  "me",
  "i",
]);

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0 && !STOP_WORDS.has(t))
    .map(stem);
}

// A light stemmer so "transaction" meets "transactions" and "requests" meets "request".
function stem(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

// Ranks APIs for a free-text query: first by how many query words an API matches, then name matches weigh most, then description, then parameter names,
// each normalized by field length and weighted by rarity. Unmatched APIs follow in doc order.
export function rankApis(apis: readonly ApiDefinition[], query: string): ApiDefinition[] {
  const wanted = [...new Set(tokens(query))];
  if (wanted.length === 0) return apis.slice();
  const fields = apis.map((api) => ({
    name: tokens(`${api.app} ${api.name}`),
    description: tokens(api.description),
    params: tokens(api.parameters.map((spec) => spec.name).join(" ")),
  }));
  const df = new Map<string, number>();
  for (const f of fields)
    for (const t of new Set([...f.name, ...f.description, ...f.params])) df.set(t, (df.get(t) ?? 0) + 1);
  const scored = apis.map((api, index) => {
    const f = fields[index] as (typeof fields)[number];
    let score = 0;
    let covered = 0;
    for (const t of wanted) {
      if (f.name.includes(t) || f.description.includes(t) || f.params.includes(t)) covered += 1;
      const idf = Math.log(1 + apis.length / (df.get(t) ?? apis.length));
      const hits = (list: string[]) => list.filter((x) => x === t).length;
      score +=
        idf *
        ((3 * hits(f.name)) / Math.sqrt(f.name.length || 1) +
          hits(f.description) / Math.sqrt(f.description.length || 1) +
          (0.3 * hits(f.params)) / Math.sqrt(f.params.length || 1));
    }
    // Matching more of the query's words beats matching one rare word often.
    return { api, index, score: covered > 0 ? covered * 100 + score : 0 };
  });
  return scored.sort((a, b) => b.score - a.score || a.index - b.index).map((s) => s.api);
}
