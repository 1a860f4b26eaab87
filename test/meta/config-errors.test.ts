import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { libRoot, listSources } from "./lib-sources.js";

// A zod error becomes a ConfigError in lib/errors.ts only (`configErrorFromZod`, `configIssuesFromZod`,
// `configErrorFromIssues`): a conversion written again elsewhere drifts (its own path rendering, no value
// received, no fix, no cause). Each file below reads zod issues or renders an issue list itself, for its reason.
const OWN_RENDERING: Record<string, string> = {
  "env/request-handler.ts": "a 422 body for an HTTP client, in FastAPI's shape, not a config error",
  "grpo/reward-server.ts": "a 422 body for TRL's reward call, in FastAPI's shape, not a config error",
  "world/executor/protocol.ts": "a malformed message from the REPL child is a protocol error, not the user's config",
  "notebook/parameterize.ts":
    "parameters are checked against the declared types of a notebook cell, not a zod schema; each message names the parameter's nested path itself",
};

// What a conversion by hand looks like: reading a zod error's issues, joining an issue path, zod's own
// pretty-printer, or a ConfigError whose message maps over an issue list.
const PATTERNS: readonly RegExp[] = [
  /\berror\.issues\b/,
  /\b\w+\.path\.join\(/,
  /\bprettifyError\(/,
  /new ConfigError\([\s\S]{0,200}?\bissues\.map\(/,
];

describe("config errors", () => {
  const files = listSources(libRoot).map((file) => ({
    rel: path.relative(libRoot, file).split(path.sep).join("/"),
    text: readFileSync(file, "utf8"),
  }));

  it("turn zod issues into a ConfigError in lib/errors.ts only", () => {
    const violations = files.flatMap(({ rel, text }) =>
      rel === "errors.ts" || OWN_RENDERING[rel] !== undefined
        ? []
        : PATTERNS.filter((pattern) => pattern.test(text)).map((pattern) => `${rel} matches ${pattern}`),
    );
    expect(violations).toEqual([]);
  });

  it("the scan finds what it looks for, and every exception is still one", () => {
    expect(PATTERNS.some((pattern) => pattern.test(files.find((f) => f.rel === "errors.ts")!.text))).toBe(true);
    const stale = Object.keys(OWN_RENDERING).filter((rel) => {
      const file = files.find((f) => f.rel === rel);
      return file === undefined || !PATTERNS.some((pattern) => pattern.test(file.text));
    });
    expect(stale).toEqual([]);
  });
});
