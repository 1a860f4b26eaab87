// The standalone page: every output kind, plotly.js embedded once, and the chart drawn by a real browser.
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMarkdown } from "../../lib/notebook/markdown.js";
import type { Notebook } from "../../lib/notebook/nbformat.js";
import { renderNotebookHtml } from "../../lib/notebook/render.js";
import { missing } from "../helpers/prerequisites.js";
import { createTempDir, type TempDir } from "../helpers/temp-dir.js";

const exec = promisify(execFile);
// A 1×1 PNG.
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

const notebook: Notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    {
      id: "m",
      cell_type: "markdown",
      metadata: {},
      source: "# Eval report\n\n| model | pass % |\n|---|---:|\n| sft | 41 |\n\n- one `x < y`\n- two",
    },
    {
      id: "a",
      cell_type: "code",
      metadata: {},
      execution_count: 1,
      source: "show(results)",
      outputs: [
        { output_type: "stream", name: "stdout", text: "rows: 2 <ok>\n" },
        {
          output_type: "display_data",
          metadata: {},
          data: { "text/html": '<table class="df"><tr><td>41</td></tr></table>', "text/plain": "ignored" },
        },
        { output_type: "display_data", metadata: {}, data: { "image/png": PNG } },
        {
          output_type: "display_data",
          metadata: {},
          data: {
            "application/vnd.plotly.v1+json": {
              data: [{ type: "bar", x: ["a", "b"], y: [1, 2] }],
              layout: { title: { text: "</script> safe" } },
            },
          },
        },
      ],
    },
    {
      id: "b",
      cell_type: "code",
      metadata: { papermill: { status: "failed", start_time: null, end_time: null, duration: null, exception: true } },
      execution_count: 2,
      source: "fail()",
      outputs: [
        {
          output_type: "error",
          ename: "RangeError",
          evalue: "too <big>",
          traceback: ["\u001b[31mRangeError: too <big>\u001b[0m", "    at fail"],
        },
      ],
    },
  ],
};

let folder: TempDir;
beforeAll(async () => {
  folder = await createTempDir("agentft-render-");
});
afterAll(async () => folder.remove());

describe("renderNotebookHtml", () => {
  it("renders text, tables, images and errors, escaping what is not HTML", () => {
    const page = renderNotebookHtml(notebook);
    expect(page).toContain("<title>Eval report</title>");
    // The body alone: plotly.js in <head> is megabytes of unrelated text.
    const html = page.slice(page.indexOf("<body>"));
    expect(html).toContain('<th>model</th><th style="text-align:right">pass %</th>');
    expect(html).toContain("<li>one <code>x &lt; y</code></li>");
    expect(html).toContain('<pre class="stream stdout">rows: 2 &lt;ok&gt;\n</pre>');
    expect(html).toContain('<table class="df">');
    expect(html).not.toContain("ignored");
    expect(html).toContain(`<img src="data:image/png;base64,${PNG}" alt="">`);
    expect(html).toContain('<section class="cell code failed">');
    expect(html).toContain('<div class="error-title">RangeError: too &lt;big&gt;</div>');
    expect(html).toContain("<pre>RangeError: too &lt;big&gt;\n    at fail</pre>");
    expect(html).toContain('"\\u003c/script> safe"');
  });

  it("embeds plotly.js once when the page has charts, and not at all otherwise", () => {
    const twoCharts = structuredClone(notebook);
    const chartCell = twoCharts.cells[1];
    if (chartCell?.cell_type === "code") chartCell.outputs.push(structuredClone(chartCell.outputs[3]!));
    const html = renderNotebookHtml(twoCharts);
    expect(html.match(/plotly\.js v\d/g)).toHaveLength(1);
    expect(html.slice(html.indexOf("<body>")).match(/Plotly\.newPlot\(/g)).toHaveLength(2);
    expect(renderNotebookHtml({ ...notebook, cells: [notebook.cells[0]!] }).includes("plotly.js v")).toBe(false);
  });

  it.skipIf(missing("chromium"))("draws the chart in headless Chromium", { timeout: 120_000 }, async () => {
    const page = path.join(folder.path, "page.html");
    await writeFile(page, renderNotebookHtml(notebook));
    const { stdout } = await exec(
      "/usr/bin/chromium",
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        `--user-data-dir=${path.join(folder.path, "profile")}`,
        "--virtual-time-budget=5000",
        "--dump-dom",
        `file://${page}`,
      ],
      { timeout: 110_000, maxBuffer: 64 * 1024 * 1024 },
    );
    expect(stdout).toContain('class="main-svg"');
    expect(stdout).toMatch(/class="bars"|class="trace bars"/);
    expect(stdout).toContain("RangeError: too &lt;big&gt;");
  });
});

describe("renderMarkdown", () => {
  it.each([
    ["## Title", "<h2>Title</h2>"],
    ["**bold** and *em*", "<p><strong>bold</strong> and <em>em</em></p>"],
    ["[docs](https://example.com)", '<p><a href="https://example.com">docs</a></p>'],
    ["[x](javascript:alert(1))", '<p><a href="#">x</a>)</p>'],
    ["```ts\nconst a = 1 < 2;\n```", '<pre><code class="language-ts">const a = 1 &lt; 2;</code></pre>'],
    ['<span style="color:red">kept</span>', '<span style="color:red">kept</span>'],
    ["1. first\n2. second", "<ol><li>first</li><li>second</li></ol>"],
    ["> quoted", "<blockquote><p>quoted</p></blockquote>"],
  ])("renders %j", (source, html) => {
    expect(renderMarkdown(source)).toBe(html);
  });
});
