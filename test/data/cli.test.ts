import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { startScriptedOpenAiServer } from "../helpers/openai-server.js";
import { missing, seedPath } from "../helpers/prerequisites.js";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const bin = path.join(repoRoot, "lib/bin/agentft.js");
const seedFile = seedPath("seed-data", "base_tasks_train_data.csv");
const noSeed = missing("seed");
const dir = mkdtempSync(path.join(tmpdir(), "data-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const agentft = (args: string[]) =>
  execa("node", [bin, ...args], { reject: false, cwd: repoRoot, env: { OPENAI_API_KEY: "" } });

describe("agentft data (built CLI)", () => {
  it("writes conversational records and verifies a sample in the REPL", async () => {
    const out = path.join(dir, "conv.jsonl");
    const result = await agentft([
      "data",
      "conversational",
      "--count",
      "40",
      "--seed",
      "2",
      "--verify",
      "5",
      "--out",
      out,
    ]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      /^Wrote 40 records \(40 distinct utterances, [\d.]+ MB\) to .*conv\.jsonl in [\d.]+ s\.\nVerified the first 5 records in the Python REPL: 5 passed, 15 actions run\.$/,
    );
    expect(readFileSync(out, "utf8").trimEnd().split("\n")).toHaveLength(40);
  }, 60_000);

  it.skipIf(noSeed)("rebuilds the seed CSV from its own trajectories", async () => {
    const out = path.join(dir, "seed.csv");
    const result = await agentft([
      "data",
      "stepwise",
      "--split",
      "all",
      "--seed-csv",
      seedFile,
      "--format",
      "seed-csv",
      "--out",
      out,
    ]);
    expect(result.stdout).toBe(`Wrote 54 seed-csv rows (v1) from 7 trajectories to ${out}.`);
    expect(readFileSync(out, "utf8")).toBe(readFileSync(seedFile, "utf8"));
  });

  it.skipIf(noSeed)("prints statistics as JSON", async () => {
    const result = await agentft(["data", "stats", seedFile, "--json"]);
    expect(JSON.parse(result.stdout).at(-1)).toMatchObject({ intent: "all", rows: 54 });
  });

  it.skipIf(noSeed)("paraphrases the seed's queries through an OpenAI-compatible server", async () => {
    const server = await startScriptedOpenAiServer(() => ({
      content: JSON.stringify({
        paraphrases: [{ text: "Please handle it, thanks: 91 2192158297 5734599766 100 68 2114992604 20", style: "x" }],
      }),
    }));
    try {
      const out = path.join(dir, "para.jsonl");
      const result = await agentft([
        "data",
        "synthesize",
        "--queries-from-seed-csv",
        seedFile,
        "--paraphrases",
        "1",
        "--base-url",
        server.baseUrl,
        "--api-key",
        "k",
        "--out",
        out,
      ]);
      expect(result.exitCode).toBe(0);
      expect(server.requests).toHaveLength(7);
      expect(result.stdout).toMatch(
        /^Wrote \d+ paraphrases of 7 queries to .*; \d+ dropped \(lost a fact or repeated\), 0 queries failed\.\nRequests 7 \(cache hits 0, retries 0, invalid answers 0\); tokens \d+ in \/ \d+ out; cost \$[\d.]+\.$/,
      );
    } finally {
      await server.close();
    }
  });

  it("fails with the flag, the value and the fix", async () => {
    const result = await agentft(["data", "stepwise", "--split", "bogus", "--out", path.join(dir, "x.jsonl")]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      "Error: Expected `--split` to be one of train, dev, test_normal, test_challenge, got `bogus`; to split a file by scenario instead, pass --seed-csv or --trajectories with --split all|train|test.",
    );
  });
});
