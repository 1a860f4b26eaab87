import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openResultStore, readTaskLog } from "../../lib/eval/result-store.js";
import { makeRecord } from "./make-record.js";

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "agentft-store-"));
  file = path.join(dir, "run", "tasks.jsonl");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("result store", () => {
  it("appends one JSON line per task and reads them back on reopen", async () => {
    const store = await openResultStore(file);
    expect(store.records).toEqual([]);
    await Promise.all([
      store.append(makeRecord("aaa_1", [["no_op_fail", true]])),
      store.append(makeRecord("aaa_2", [["no_op_fail", false]])),
    ]);
    expect(store.has("aaa_1", 1)).toBe(true);
    expect(store.has("aaa_1", 2)).toBe(false);
    await store.close();
    const lines = (await readFile(file, "utf8")).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    const reopened = await openResultStore(file);
    expect(reopened.records.map((r) => r.taskId)).toEqual(["aaa_1", "aaa_2"]);
    expect(reopened.tornBytes).toBe(0);
    await reopened.close();
  });

  it("cuts a torn last line (a writer killed mid-line) and appends after the good lines", async () => {
    const first = await openResultStore(file);
    await first.append(makeRecord("aaa_1", [["no_op_fail", true]]));
    await first.close();
    const torn = JSON.stringify(makeRecord("aaa_2", [["no_op_fail", true]])).slice(0, 57);
    await appendFile(file, torn);
    const store = await openResultStore(file);
    expect(store.records.map((r) => r.taskId)).toEqual(["aaa_1"]);
    expect(store.tornBytes).toBe(57);
    expect(store.has("aaa_2", 1)).toBe(false);
    await store.append(makeRecord("aaa_2", [["no_op_fail", true]]));
    await store.close();
    const log = await readTaskLog(file);
    expect(log.records.map((r) => r.taskId)).toEqual(["aaa_1", "aaa_2"]);
    expect(log.tornBytes).toBe(0);
  });

  it("keeps the first of duplicate (task, trial) lines", async () => {
    const store = await openResultStore(file);
    await store.append(makeRecord("aaa_1", [["no_op_fail", true]]));
    await store.append(makeRecord("aaa_1", [["no_op_fail", false]]));
    await store.close();
    const log = await readTaskLog(file);
    expect(log.records).toHaveLength(1);
    expect(log.records[0]?.evaluation.success).toBe(true);
  });

  it("refuses a corrupt line before the last, naming file:line and the fix", async () => {
    const good = JSON.stringify(makeRecord("aaa_1", [["no_op_fail", true]]));
    await openResultStore(file).then((s) => s.close());
    await writeFile(file, `${good}\nnot json\n${good}\n`);
    await expect(openResultStore(file)).rejects.toThrow(
      `${file}:2 is not a task record (not json); the file was edited by hand or by another program. ` +
        "Delete that line (its task will run again) or start a new run with another --run name.",
    );
  });

  it("reads a missing log as empty", async () => {
    expect(await readTaskLog(path.join(dir, "none.jsonl"))).toEqual({ records: [], validBytes: 0, tornBytes: 0 });
  });
});
