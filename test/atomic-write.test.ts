import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeFileAtomic, writeFileAtomicSync } from "../lib/atomic-write.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const scratch = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "agentft-atomic-"));
  dirs.push(dir);
  return dir;
};

describe("atomic writes", () => {
  // A job's time limit and an explicit cancel record why it stopped at the same moment: with one temp
  // name per process the second rename found its temp file already moved (ENOENT).
  it("lets one process write the same file many times at once", async () => {
    const file = path.join(scratch(), "logs", "job.cancel");
    const texts = Array.from({ length: 50 }, (_, i) => `record ${i}\n`);
    await Promise.all(texts.map((text) => writeFileAtomic(file, text)));
    expect(texts).toContain(readFileSync(file, "utf8"));
    expect(readdirSync(path.dirname(file))).toEqual(["job.cancel"]);
  });

  it("writes synchronously, creating the folder, and leaves no temp file", () => {
    const dir = scratch();
    const file = path.join(dir, "a", "b.json");
    writeFileAtomicSync(file, "{}\n");
    writeFileAtomicSync(file, "[]\n");
    expect(readFileSync(file, "utf8")).toBe("[]\n");
    expect(readdirSync(path.join(dir, "a"))).toEqual(["b.json"]);
  });
});
