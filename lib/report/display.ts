// Inline display in a tslab notebook: `show(x)` sends one `text/html` output (tslab sends one MIME type
// per display), a table for a DataFrame and a chart for a figure. plotly.js travels in the first chart
// output of the kernel's session only, so a notebook page holds one copy and draws offline.
import { createRequire } from "node:module";
import { AgentftError } from "../errors.js";
import { escapeHtml, plotlyScriptTag, type PlotlyFigure } from "../html/index.js";
import type { RunComparison } from "./compare-runs.js";
import { isDataFrame, type DataFrame } from "./dataframe.js";
import type { PairedComparison } from "./paired-comparison.js";
import { renderFigureHtml, renderTableHtml } from "./render-html.js";

/** Where HTML goes: tslab's `display` or a `tslab.newDisplay()` (an object with `html(s)`). */
export interface DisplaySink {
  html(html: string): void;
}

/** Options of {@link show}. */
export interface ShowOptions {
  /** Where to display. @default tslab's `display` when running in a tslab kernel */
  readonly display?: DisplaySink;
  /** A caption above a table. */
  readonly caption?: string;
}

/** What {@link show} displays. */
export type Showable = DataFrame | PlotlyFigure | RunComparison | PairedComparison;

let plotlySent = false;

// tslab's display API when this process is a tslab kernel, else undefined. tslab's display throws
// "Not ready" outside a kernel; the kernel sets `lastWriteDisplayData`, checked here without writing.
export function tslabDisplay(): { display: DisplaySink; newDisplay: () => DisplaySink } | undefined {
  try {
    const require = createRequire(import.meta.url);
    const tslab = require("tslab") as { display: DisplaySink; newDisplay: () => DisplaySink };
    const jupyter = createRequire(require.resolve("tslab"))("./jupyter") as { lastWriteDisplayData?: unknown };
    return jupyter.lastWriteDisplayData ? tslab : undefined;
  } catch {
    return undefined;
  }
}

// Embed plotly.js in its own output unless this session already sent it (live charts call this first,
// because an output that is later replaced must not be the page's only copy).
export function ensurePlotly(display: DisplaySink): void {
  if (plotlySent) return;
  display.html(plotlyScriptTag());
  plotlySent = true;
}

// The HTML `show` sends for a value (without plotly.js).
export function toHtml(value: Showable, options: { readonly caption?: string } = {}): string {
  if (isDataFrame(value)) return renderTableHtml(value, options);
  if ("sentence" in value) return `<p class="agentft-conclusion">${escapeHtml(value.sentence)}</p>`;
  if ("table" in value && "agreement" in value) {
    const pairs = value.agreement.map((p) => `${p.a} and ${p.b} agree on ${p.agree} of ${p.tasks} tasks`).join("; ");
    return `${renderTableHtml(value.table, options)}<p>${escapeHtml(pairs)}.</p>`;
  }
  return renderFigureHtml(value as PlotlyFigure);
}

// Show a table, a figure, a comparison or a paired test inline. Returns nothing: as a cell's last
// expression a returned string would be printed again as the cell's text result (`toHtml` gives the HTML).
export function show(value: Showable, options: ShowOptions = {}): void {
  const display = options.display ?? tslabDisplay()?.display;
  const chart = !isDataFrame(value) && "data" in value && Array.isArray(value.data);
  const html = toHtml(value, options.caption ? { caption: options.caption } : {});
  if (!display) {
    throw new AgentftError(
      "no-display",
      "show() needs a tslab notebook kernel (or a `display` option with an html(s) method); outside a notebook, write the page with renderReportPage() or print toMarkdown(frame).",
    );
  }
  const out = chart && !plotlySent ? `${plotlyScriptTag()}${html}` : html;
  display.html(out);
  if (chart) plotlySent = true;
}

// Forget that plotly.js was sent (a new page, or tests).
export function resetPlotlyEmbedding(): void {
  plotlySent = false;
}
