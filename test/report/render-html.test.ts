import { describe, expect, it } from "vitest";
import { computeRunMetrics, taskResultFromPassPercent } from "../../lib/eval/metrics.js";
import type { EvalResults } from "../../lib/eval/load-results.js";
import { PLOTLY_SCRIPT_ATTRIBUTE } from "../../lib/html/index.js";
import { taskBarsChart } from "../../lib/report/charts.js";
import { compareRuns } from "../../lib/report/compare-runs.js";
import { resetPlotlyEmbedding, show } from "../../lib/report/display.js";
import { toCsv, toJson, toMarkdown, toText } from "../../lib/report/export-table.js";
import { toDataFrame } from "../../lib/report/dataframe.js";
import { renderReportPage } from "../../lib/report/render-html.js";
import { missing } from "../helpers/prerequisites.js";

function run(name: string, rows: readonly [string, number][]): EvalResults {
  const tasks = rows.map(([id, pass]) => taskResultFromPassPercent(id, pass));
  return { name, source: "seed-csv", label: null, tasks, metrics: computeRunMetrics(tasks) };
}

const comparison = compareRuns([
  run("base", [
    ["aaa_1", 20],
    ["aaa_2", 40],
    ["bbb_1", 0],
  ]),
  run("tuned", [
    ["aaa_1", 30],
    ["aaa_2", 40],
    ["bbb_1", 100],
  ]),
]);

describe("exports", () => {
  it("writes the comparison as CSV and Markdown", () => {
    expect(toCsv(comparison.table)).toBe("Index,Task ID,base,tuned\n1,aaa_1,20,30\n2,aaa_2,40,40\n3,bbb_1,0,100\n");
    expect(toMarkdown(comparison.table).split("\n").slice(0, 3)).toEqual([
      "| Index | Task ID | base | tuned |",
      "|---:|:---|---:|---:|",
      "| 1 | aaa_1 | 20 | 30 |",
    ]);
  });
});

describe("show", () => {
  it("sends one text/html output per call and plotly.js with the first chart only", () => {
    resetPlotlyEmbedding();
    const sent: string[] = [];
    const display = { html: (html: string) => void sent.push(html) };
    show(comparison.table, { display });
    show(taskBarsChart(comparison), { display });
    show(taskBarsChart(comparison), { display });
    expect(sent).toHaveLength(3);
    expect(sent[0]).toContain("<table");
    expect(sent.map((html) => html.includes(PLOTLY_SCRIPT_ATTRIBUTE))).toEqual([false, true, false]);
  });
});

describe.skipIf(missing("chromium"))("a report page in headless Chromium", () => {
  it("draws one bar per run and task, offline, and a sortable table in the same page", async () => {
    const { chromium } = await import("playwright-core");
    const page = renderReportPage([{ table: comparison.table }, { chart: taskBarsChart(comparison) }], { title: "t" });
    expect(page.match(new RegExp(PLOTLY_SCRIPT_ATTRIBUTE, "g"))).toHaveLength(1);
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
    try {
      const tab = await browser.newPage();
      const requests: string[] = [];
      tab.on("request", (request) => {
        if (!request.url().startsWith("data:") && request.url() !== "about:blank") requests.push(request.url());
      });
      await tab.setContent(page, { waitUntil: "load" });
      await tab.waitForSelector(".agentft-chart g.trace.bars path", { timeout: 20_000 });
      expect(await tab.locator(".agentft-chart g.trace.bars").count()).toBe(2);
      expect(await tab.locator(".agentft-chart g.trace.bars g.point path").count()).toBe(6);
      const cells = () => tab.locator("table.agentft-table tbody tr td:nth-child(4)").allTextContents();
      expect(await cells()).toEqual(["30", "40", "100"]);
      await tab.locator("table.agentft-table th", { hasText: "tuned" }).click();
      await tab.locator("table.agentft-table th", { hasText: "tuned" }).click();
      expect(await cells()).toEqual(["100", "40", "30"]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe("text and JSON exports", () => {
  const frame = toDataFrame(
    [
      { run: "base", tasks: 6, tgc: 0, cost: 0.0625 },
      { run: "sft", tasks: 6, tgc: 41.7, cost: 1 },
      { run: "none", tasks: 0, tgc: null, cost: 0 },
    ],
    ["run", "tasks", "tgc", "cost"],
  );

  it("prints each numeric column with one number of decimals, integers as integers", () => {
    expect(toText(frame).split("\n")).toEqual([
      "run   tasks   tgc  cost",
      "----  -----  ----  ----",
      "base      6   0.0  0.06",
      "sft       6  41.7  1.00",
      "none      0     –  0.00",
    ]);
    expect(toMarkdown(frame).split("\n")[2]).toBe("| base | 6 | 0.0 | 0.06 |");
  });

  it("writes the rows, the column order and metadata as one JSON document", () => {
    const parsed = JSON.parse(toJson(frame, { runs: ["base", "sft"], filter: "all" }));
    expect(parsed).toEqual({
      metadata: { runs: ["base", "sft"], filter: "all" },
      columns: ["run", "tasks", "tgc", "cost"],
      rows: [
        { run: "base", tasks: 6, tgc: 0, cost: 0.0625 },
        { run: "sft", tasks: 6, tgc: 41.7, cost: 1 },
        { run: "none", tasks: 0, tgc: null, cost: 0 },
      ],
    });
  });
});
