// Render an executed notebook as one standalone HTML page to share: code, text, tables, Plotly
// charts (plotly.js embedded once, nothing fetched), images, and failures highlighted.
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { readPlotlySource, scriptJson, stripPlotlyScripts } from "../html/index.js";
import { escapeHtml, renderMarkdown } from "./markdown.js";
import { readNotebook, sourceText, type Cell, type MimeBundle, type Notebook, type Output } from "./nbformat.js";
import { STYLESHEET } from "./render-style.js";

/** Options of {@link renderNotebookHtml}. */
export interface RenderOptions {
  /** The page title. @default the first heading, else "Notebook" */
  readonly title?: string;
  /** Leave out code cells' source and show outputs only. @default false */
  readonly hideCode?: boolean;
}

const PLOTLY_MIME = "application/vnd.plotly.v1+json";
// Richest first, as JupyterLab picks; the first one present is shown.
const MIME_ORDER = [
  PLOTLY_MIME,
  "text/html",
  "image/svg+xml",
  "image/png",
  "image/jpeg",
  "image/gif",
  "text/markdown",
  "text/latex",
  "application/json",
  "text/plain",
];

// Strip terminal color codes from tracebacks and streams.
function stripAnsi(text: string): string {
  return text.replaceAll(/\u001b\[[\d;]*[A-Za-z]/g, "");
}

function text(value: unknown): string {
  if (Array.isArray(value)) return value.join("");
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

class PageBuilder {
  private charts = 0;
  needsPlotly = false;

  renderBundle(data: MimeBundle): string {
    const mime = MIME_ORDER.find((candidate) => candidate in data) ?? Object.keys(data)[0];
    if (mime === undefined) return "";
    const value = data[mime];
    switch (mime) {
      case PLOTLY_MIME: {
        const figure = (typeof value === "string" ? JSON.parse(value) : value) as {
          data?: unknown;
          layout?: unknown;
          config?: unknown;
        };
        const id = `agentft-chart-${++this.charts}`;
        this.needsPlotly = true;
        return (
          `<div class="chart" id="${id}"></div><script>Plotly.newPlot(${scriptJson(id)}, ${scriptJson(figure.data ?? [])}, ` +
          `${scriptJson(figure.layout ?? {})}, ${scriptJson({ responsive: true, ...(figure.config as object) })});</script>`
        );
      }
      case "text/html": {
        // An output that carries its own plotly.js (a report chart shown in a notebook) gives it up:
        // the page holds one copy, in <head>.
        const { html, stripped } = stripPlotlyScripts(text(value));
        if (stripped || html.includes("Plotly.")) this.needsPlotly = true;
        return `<div class="html">${html}</div>`;
      }
      case "image/svg+xml":
        return `<div class="image">${text(value)}</div>`;
      case "image/png":
      case "image/jpeg":
      case "image/gif":
        return `<div class="image"><img src="data:${mime};base64,${text(value).replaceAll("\n", "")}" alt=""></div>`;
      case "text/markdown":
        return `<div class="markdown">${renderMarkdown(text(value))}</div>`;
      default:
        return `<pre class="text">${escapeHtml(stripAnsi(text(value)))}</pre>`;
    }
  }

  renderOutput(output: Output): string {
    switch (output.output_type) {
      case "stream":
        return `<pre class="stream ${output.name}">${escapeHtml(stripAnsi(text(output.text)))}</pre>`;
      case "error":
        return (
          `<div class="error"><div class="error-title">${escapeHtml(output.ename)}: ${escapeHtml(output.evalue)}</div>` +
          (output.traceback.length > 0 ? `<pre>${escapeHtml(stripAnsi(output.traceback.join("\n")))}</pre>` : "") +
          "</div>"
        );
      default:
        return this.renderBundle(output.data);
    }
  }

  renderCell(cell: Cell, options: RenderOptions): string {
    if (cell.cell_type === "markdown") {
      const attachments = cell.attachments ?? {};
      const resolve = (src: string): string => {
        const bundle = src.startsWith("attachment:") ? attachments[src.slice("attachment:".length)] : undefined;
        const mime = bundle ? Object.keys(bundle)[0] : undefined;
        return bundle && mime ? `data:${mime};base64,${text(bundle[mime])}` : src;
      };
      return `<section class="cell markdown">${renderMarkdown(sourceText(cell.source), resolve)}</section>`;
    }
    if (cell.cell_type === "raw")
      return `<section class="cell raw"><pre>${escapeHtml(sourceText(cell.source))}</pre></section>`;
    const failed =
      cell.metadata.papermill?.status === "failed" || cell.outputs.some((output) => output.output_type === "error");
    const prompt = `In [${cell.execution_count ?? " "}]:`;
    const code = options.hideCode
      ? ""
      : `<div class="input"><div class="prompt">${escapeHtml(prompt)}</div><pre class="source"><code class="language-typescript">${escapeHtml(sourceText(cell.source))}</code></pre></div>`;
    const outputs = cell.outputs.map((output) => this.renderOutput(output)).join("\n");
    return `<section class="cell code${failed ? " failed" : ""}">${code}${outputs ? `<div class="outputs">${outputs}</div>` : ""}</section>`;
  }
}

function findTitle(notebook: Notebook): string {
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "markdown") continue;
    const heading = /^#{1,6}\s+(.+)$/m.exec(sourceText(cell.source));
    if (heading?.[1]) return heading[1].trim();
  }
  return "Notebook";
}

// Build the standalone page.
export function renderNotebookHtml(notebook: Notebook, options: RenderOptions = {}): string {
  const builder = new PageBuilder();
  const body = notebook.cells.map((cell) => builder.renderCell(cell, options)).join("\n");
  const title = options.title ?? findTitle(notebook);
  // plotly.js goes in <head> so that chart scripts in the body, ours or the notebook's own HTML, can call it.
  const plotly = builder.needsPlotly ? `<script>${readPlotlySource()}</script>` : "";
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${escapeHtml(title)}</title>\n<style>${STYLESHEET}</style>\n${plotly}\n</head>\n<body>\n<main>\n${body}\n</main>\n</body>\n</html>\n`
  );
}

/** Where the page was written. */
export interface RenderFileResult {
  readonly outputPath: string;
  readonly bytes: number;
}

// Read a notebook and write its page (atomically).
export async function renderNotebookFile(
  inputPath: string,
  outputPath: string,
  options: RenderOptions = {},
): Promise<RenderFileResult> {
  const html = renderNotebookHtml(await readNotebook(inputPath), options);
  const target = path.resolve(outputPath);
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  await writeFile(temp, html);
  await rename(temp, target);
  return { outputPath: target, bytes: Buffer.byteLength(html) };
}
