import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const writer = path.join(repoRoot, "test/fixtures/journal-writer.ts");
const dir = mkdtempSync(path.join(tmpdir(), "agentft-journal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Run the writer; with `tearAt` it is SIGKILLed once it has written half of that item's line.
async function runWriter(journal: string, requests: string, count: number, tearAt?: number): Promise<void> {
  const child = execa("node", ["--import", "tsx", writer, journal, requests, String(count)], {
    cwd: repoRoot,
    reject: false,
    env: tearAt === undefined ? {} : { TEAR_AT: String(tearAt) },
  });
  if (tearAt === undefined) {
    const result = await child;
    expect(result.stdout.trim(), result.stderr).toBe("done");
    return;
  }
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("torn")) resolve();
    });
    child.catch(reject);
    void child.then((r) => reject(new Error(`the writer exited before tearing a line: ${r.stderr}`)));
  });
  child.kill("SIGKILL");
  expect((await child).signal).toBe("SIGKILL");
}

describe("journal", () => {
  it("after a writer is SIGKILLed mid-line twice in a row, every item is recorded once and requested again only when torn", async () => {
    const journal = path.join(dir, "run.journal.jsonl");
    const requests = path.join(dir, "requests.log");
    await runWriter(journal, requests, 8, 2);
    await runWriter(journal, requests, 8, 5);
    await runWriter(journal, requests, 8);
    // A fourth run finds everything done and asks for nothing.
    await runWriter(journal, requests, 8);

    const asked = readFileSync(requests, "utf8").trim().split("\n");
    const timesAsked = (item: number): number => asked.filter((key) => key === `item-${item}`).length;
    // The two torn items were paid for twice (their answers were lost with the kill); nothing else was.
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(timesAsked)).toEqual([1, 1, 2, 1, 1, 2, 1, 1]);
    const lines = readFileSync(journal, "utf8").split("\n");
    expect(lines.at(-1)).toBe("");
    const keys = lines.slice(0, -1).map((line) => (JSON.parse(line) as { key: string }).key);
    expect(keys.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => `item-${i}`));
  });
});
