// HTML for tables and report pages: a table is sortable by clicking a header; a page is standalone
// (styles inline, plotly.js embedded once in <head>, nothing fetched) and opens offline.
import { escapeHtml, plotlyScriptTag, renderChartHtml, scriptJson, type PlotlyFigure } from "../html/index.js";
import { frameRows, type TableCell, type DataFrame } from "./dataframe.js";

/** A piece of a report page. */
export type ReportBlock =
  | { readonly heading: string; readonly level?: 1 | 2 | 3 }
  | { readonly text: string }
  | { readonly table: DataFrame; readonly caption?: string }
  | { readonly chart: PlotlyFigure }
  | { readonly html: string };

let ids = 0;
// Element ids unique within a process, so several outputs can share one notebook page.
export function nextElementId(kind: string): string {
  ids += 1;
  return `agentft-${kind}-${process.pid.toString(36)}-${ids}`;
}

function formatCell(value: TableCell): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
  return String(value);
}

// Clicking a header sorts by that column (numbers as numbers), again to reverse.
const SORT_SCRIPT =
  "var t=document.getElementById(ID);if(t){t.querySelectorAll('th').forEach(function(th,c){th.style.cursor='pointer';" +
  "th.addEventListener('click',function(){var b=t.tBodies[0],r=Array.from(b.rows),d=th.dataset.dir==='asc'?-1:1;" +
  "th.dataset.dir=d===1?'asc':'desc';r.sort(function(x,y){var p=x.cells[c].textContent,q=y.cells[c].textContent," +
  "m=parseFloat(p),n=parseFloat(q);return (isNaN(m)||isNaN(n)?p.localeCompare(q):m-n)*d;});r.forEach(function(e){b.appendChild(e);});});});}";

const TABLE_STYLE = "border-collapse:collapse;font:13px/1.4 system-ui,sans-serif;margin:6px 0";

// A DataFrame as an HTML table (numbers right-aligned, sortable headers).
export function renderTableHtml(frame: DataFrame, options: { readonly caption?: string } = {}): string {
  const id = nextElementId("table");
  const columns = frame.columns as string[];
  const rows = frameRows(frame);
  const cell = (value: TableCell, tag: "td" | "th") =>
    `<${tag} style="border:1px solid #ccc;padding:2px 8px;text-align:${typeof value === "number" ? "right" : "left"}">${escapeHtml(formatCell(value))}</${tag}>`;
  const head = `<thead><tr>${columns.map((c) => cell(c, "th")).join("")}</tr></thead>`;
  const body = `<tbody>${rows.map((row) => `<tr>${columns.map((c) => cell(row[c] ?? null, "td")).join("")}</tr>`).join("")}</tbody>`;
  const caption = options.caption
    ? `<caption style="text-align:left;font-weight:600">${escapeHtml(options.caption)}</caption>`
    : "";
  return (
    `<table class="agentft-table" id="${id}" style="${TABLE_STYLE}">${caption}${head}${body}</table>` +
    `<script>(function(){var ID=${scriptJson(id)};${SORT_SCRIPT}})();</script>`
  );
}

// A figure as HTML; `withPlotly` embeds plotly.js before it (once per page or notebook).
export function renderFigureHtml(figure: PlotlyFigure, options: { readonly withPlotly?: boolean } = {}): string {
  return `${options.withPlotly ? plotlyScriptTag() : ""}${renderChartHtml(figure, nextElementId("chart"))}`;
}

function renderBlock(block: ReportBlock): string {
  if ("heading" in block) {
    const level = block.level ?? 2;
    return `<h${level}>${escapeHtml(block.heading)}</h${level}>`;
  }
  if ("text" in block) return `<p>${escapeHtml(block.text)}</p>`;
  if ("table" in block) return renderTableHtml(block.table, block.caption ? { caption: block.caption } : {});
  if ("chart" in block) return renderFigureHtml(block.chart);
  return block.html;
}

// A standalone page: plotly.js once in <head> when any block is a chart.
export function renderReportPage(blocks: readonly ReportBlock[], options: { readonly title?: string } = {}): string {
  const title = options.title ?? "agentft report";
  const charts = blocks.some((b) => "chart" in b);
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n` +
    `<style>body{font:14px/1.5 system-ui,sans-serif;max-width:1200px;margin:24px auto;padding:0 16px}</style>\n` +
    `${charts ? plotlyScriptTag() : ""}\n</head>\n<body>\n<h1>${escapeHtml(title)}</h1>\n` +
    `${blocks.map(renderBlock).join("\n")}\n</body>\n</html>\n`
  );
}
