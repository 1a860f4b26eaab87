import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadKeyValueCsv } from "../../lib/eval/load-results.js";
import { agreementTable, compareRuns, filterTasks, selectTasks } from "../../lib/report/compare-runs.js";
import { frameRows } from "../../lib/report/dataframe.js";
import { missing, repoRoot, seedPath } from "../helpers/prerequisites.js";

const shipped = (name: string) => path.join(repoRoot, "data", "seed", name);

async function seedRuns() {
  return [
    await loadKeyValueCsv(shipped("base_inferencing_14b_test_normal_23rdJun.csv"), { name: "base" }),
    await loadKeyValueCsv(shipped("base_gpt4o_test_normal_25Jun.csv"), { name: "gpt4o" }),
    await loadKeyValueCsv(shipped("inferencing_14b_test_normal_updated_23rdJun.csv"), { name: "fine-tuned" }),
  ];
}

// The seed report's "Results" table: Index, Task ID, base, GPT-4o, fine-tuned.
function readSeedTable(): { index: number; taskId: string; base: number; gpt4o: number; ft: number }[] {
  const text = readFileSync(seedPath("seed", "capstone-report.md"), "utf8");
  const section = text.slice(text.indexOf("# Results"));
  return section
    .split("\n")
    .filter((line) => /^\|\s*\d+\s*\|/.test(line))
    .map((line) => {
      const cells = line.split("|").map((c) => c.trim());
      return {
        index: Number(cells[1]),
        taskId: cells[2] as string,
        base: Number(cells[3]),
        gpt4o: Number(cells[4]),
        ft: Number(cells[5]),
      };
    });
}

describe("compareRuns on the seed's three files", () => {
  it("finds 31 improvements of the fine-tuned model over the base, 11 regressions, and the agreements", async () => {
    const comparison = compareRuns(await seedRuns(), { baseline: "base" });
    expect(comparison.tasks).toHaveLength(168);
    expect(comparison.table.columns).toEqual(["Index", "Task ID", "base", "gpt4o", "fine-tuned"]);
    expect(filterTasks(comparison, "improved", { run: "fine-tuned" })).toHaveLength(31);
    expect(filterTasks(comparison, "regressed", { run: "fine-tuned" })).toHaveLength(11);
    expect(filterTasks(comparison, "unchanged", { run: "fine-tuned" })).toHaveLength(126);
    expect(comparison.agreement).toEqual([
      { a: "base", b: "gpt4o", agree: 119, tasks: 168 },
      { a: "base", b: "fine-tuned", agree: 126, tasks: 168 },
      { a: "gpt4o", b: "fine-tuned", agree: 159, tasks: 168 },
    ]);
    expect(selectTasks(comparison, "agree", { run: "fine-tuned", other: "gpt4o" }).shape[0]).toBe(159);
    expect(frameRows(agreementTable(comparison))[1]).toEqual({
      Run: "gpt4o",
      base: 119,
      gpt4o: 168,
      "fine-tuned": 159,
    });
  });

  it.skipIf(missing("seed"))(
    "holds the report's 16 rows value by value among the improvements, and 15 more it left out",
    async () => {
      const seedTable = readSeedTable();
      expect(seedTable).toHaveLength(16);
      const comparison = compareRuns(await seedRuns(), { baseline: "base" });
      const improved = frameRows(selectTasks(comparison, "improved", { run: "fine-tuned" }));
      for (const row of seedTable) {
        expect(improved).toContainEqual({
          Index: row.index,
          "Task ID": row.taskId,
          base: row.base,
          gpt4o: row.gpt4o,
          "fine-tuned": row.ft,
        });
      }
      const shown = new Set(seedTable.map((r) => r.taskId));
      expect(improved.filter((r) => !shown.has(r["Task ID"] as string))).toHaveLength(15);
    },
  );
});

describe("compareRuns on different task sets", () => {
  it("compares on the intersection and names what was left out", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "agentft-report-"));
    try {
      await writeFile(path.join(dir, "a.csv"), "Key,Value\naaa_1,20.0\naaa_2,40.0\nbbb_1,10.0\n");
      await writeFile(path.join(dir, "b.csv"), "Key,Value\naaa_1,30.0\naaa_2,40.0\nccc_1,50.0\n");
      const runs = [await loadKeyValueCsv(path.join(dir, "a.csv")), await loadKeyValueCsv(path.join(dir, "b.csv"))];
      const comparison = compareRuns(runs);
      expect(comparison.tasks.map((t) => [t.index, t.taskId])).toEqual([
        [1, "aaa_1"],
        [2, "aaa_2"],
      ]);
      expect(comparison.warnings).toEqual([
        "`a` has 1 task(s) that another run lacks, left out of the comparison: bbb_1.",
        "`b` has 1 task(s) that another run lacks, left out of the comparison: ccc_1.",
      ]);
      expect(() => compareRuns(runs, { baseline: "c" })).toThrow(
        "The baseline `c` is not one of the runs compared (`a`, `b`); pass one of those names.",
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
