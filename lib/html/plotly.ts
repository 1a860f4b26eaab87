// plotly.js for pages and notebook outputs that must draw charts offline: the library is read from the
// npm package (never a CDN) and embedded once per page, and each chart is a div plus a script.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { escapeHtml, scriptJson } from "./escape.js";

/** The attribute that marks the one <script> holding plotly.js, so a page builder can find and move it. */
export const PLOTLY_SCRIPT_ATTRIBUTE = "data-agentft-plotly";

/** A Plotly figure as plotly.js takes it (`Plotly.newPlot(div, data, layout, config)`). */
export interface PlotlyFigure {
  readonly data: readonly Readonly<Record<string, unknown>>[];
  readonly layout?: Readonly<Record<string, unknown>>;
  readonly config?: Readonly<Record<string, unknown>>;
}

let plotlySource: string | undefined;

// plotly.js from the npm package, read once per process.
export function readPlotlySource(): string {
  plotlySource ??= readFileSync(createRequire(import.meta.url).resolve("plotly.js-dist-min"), "utf8");
  return plotlySource;
}

// The marked <script> element that defines `window.Plotly`.
export function plotlyScriptTag(): string {
  return `<script ${PLOTLY_SCRIPT_ATTRIBUTE}>${readPlotlySource()}</script>`;
}

const MARKED_SCRIPT = new RegExp(`<script ${PLOTLY_SCRIPT_ATTRIBUTE}>[\\s\\S]*?</script>`, "g");

// Remove embedded copies of plotly.js from a fragment (a page embeds its own single copy instead).
export function stripPlotlyScripts(html: string): { readonly html: string; readonly stripped: boolean } {
  const out = html.replace(MARKED_SCRIPT, "");
  return { html: out, stripped: out.length !== html.length };
}

// A chart as HTML: a div and a script that draws it once plotly.js is there. An output whose plotly.js
// copy sits in an earlier output can run first while a notebook loads, so the script waits for it.
export function renderChartHtml(figure: PlotlyFigure, id: string, options: { readonly height?: number } = {}): string {
  const height = options.height ?? (figure.layout?.["height"] as number | undefined) ?? 420;
  const args = `${scriptJson(figure.data)}, ${scriptJson(figure.layout ?? {})}, ${scriptJson({ responsive: true, displaylogo: false, ...figure.config })}`;
  return (
    `<div class="agentft-chart" id="${escapeHtml(id)}" style="width:100%;height:${height}px"></div>` +
    `<script>(function draw(tries){var el=document.getElementById(${scriptJson(id)});` +
    `if(window.Plotly&&el){window.Plotly.newPlot(el, ${args});}` +
    `else if(tries<200){setTimeout(function(){draw(tries+1);},50);}})(0);</script>`
  );
}
