// Displays that update in place (`tslab.newDisplay()`): an eval run's progress fed by `runEval`'s
// `onProgress`, and curves that grow while a training or GRPO job appends to its metrics.jsonl.
import { AgentftError } from "../errors.js";
import type { EvalProgress } from "../eval/index.js";
import { escapeHtml, plotlyScriptTag, renderChartHtml } from "../html/index.js";
import { curveChart, readMetricsLog, type CurveChartOptions, type CurvePoint } from "./curves.js";
import { ensurePlotly, tslabDisplay, type DisplaySink } from "./display.js";
import { nextElementId } from "./render-html.js";

/** Options of the live displays. */
export interface LiveOptions {
  /** The display updated in place. @default `tslab.newDisplay()` in a tslab kernel */
  readonly display?: DisplaySink;
  /** Where plotly.js goes once, when the live display is a chart. @default tslab's `display` */
  readonly pageDisplay?: DisplaySink;
  readonly title?: string;
}

function liveSinks(options: LiveOptions): { live: DisplaySink; page: DisplaySink | undefined } {
  const tslab = options.display && options.pageDisplay ? undefined : tslabDisplay();
  const live = options.display ?? tslab?.newDisplay();
  const page = options.pageDisplay ?? tslab?.display ?? options.display;
  if (!live) {
    throw new AgentftError(
      "no-display",
      "A live display needs a tslab notebook kernel (or a `display` option with an html(s) method); on the command line use the CLI's progress bar.",
    );
  }
  return { live, page };
}

function formatEta(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "–";
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

// The progress line as HTML: a bar, done/total, TGC so far, failures, ETA.
export function renderProgressHtml(progress: EvalProgress, title = "eval"): string {
  const share = progress.total === 0 ? 1 : progress.done / progress.total;
  return (
    `<div class="agentft-progress" style="font:13px system-ui,sans-serif">` +
    `<b>${escapeHtml(title)}</b> <progress max="${progress.total}" value="${progress.done}" style="width:240px"></progress> ` +
    `${progress.done}/${progress.total} tasks (${Math.round(share * 100)} %) · TGC so far ${progress.tgcSoFar.toFixed(1)} % · ` +
    `failed ${progress.failed} · ETA ${formatEta(progress.etaMs)}${progress.resumed > 0 ? ` · ${progress.resumed} resumed` : ""}</div>`
  );
}

// A progress display for `runEval(config, { onProgress: live.onProgress })`, updated in place.
export function liveProgress(options: LiveOptions = {}): { readonly onProgress: (progress: EvalProgress) => void } {
  const { live } = liveSinks(options);
  return { onProgress: (progress) => live.html(renderProgressHtml(progress, options.title)) };
}

/** Options of {@link watchCurves}. */
export interface WatchCurvesOptions extends LiveOptions, CurveChartOptions {
  /** How often the file is read again. @default 2000 @unit milliseconds */
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
}

/** A curve display that follows a metrics file. */
export interface CurveWatch {
  /** Read the file now and redraw when it grew; resolves to the events read. */
  refresh(): Promise<readonly CurvePoint[]>;
  /** Stop following (the last drawing stays). */
  stop(): Promise<void>;
}

// Follow a metrics.jsonl and redraw its curves in place as it grows.
export function watchCurves(file: string, options: WatchCurvesOptions = {}): CurveWatch {
  const { live, page } = liveSinks(options);
  // Each drawing replaces the last: plotly.js must live in another output, or travel in every drawing.
  const carryPlotly = page === undefined || page === live;
  if (!carryPlotly) ensurePlotly(page);
  const id = nextElementId("curve");
  let drawn = -1;
  let shownError: string | undefined;
  let busy: Promise<readonly CurvePoint[]> | undefined;
  const refresh = (): Promise<readonly CurvePoint[]> => {
    busy ??= readMetricsLog(file)
      .then((events) => {
        if (events.length !== drawn) {
          drawn = events.length;
          const title = options.title ?? `${file} (${events.length} events)`;
          const chart = renderChartHtml(curveChart(events, { ...options, title }), id);
          live.html(carryPlotly ? `${plotlyScriptTag()}${chart}` : chart);
          shownError = undefined;
        }
        return events;
      })
      .catch((error: unknown) => {
        // The timer's reads have no caller to tell: a file that cannot be read says why in the display.
        const message = error instanceof Error ? error.message : String(error);
        if (message !== shownError) {
          shownError = message;
          drawn = -1;
          live.html(`<div class="agentft-error" style="color:#b00020">${escapeHtml(message)}</div>`);
        }
        throw error;
      })
      .finally(() => {
        busy = undefined;
      });
    return busy;
  };
  const timer = setInterval(() => void refresh().catch(() => {}), options.intervalMs ?? 2000);
  timer.unref();
  const stop = async () => {
    clearInterval(timer);
    await refresh().catch(() => {});
  };
  // A signal aborted before the watch began never fires "abort": stop after the first drawing.
  if (options.signal?.aborted) void stop();
  else options.signal?.addEventListener("abort", () => void stop(), { once: true });
  if (!options.signal?.aborted) void refresh().catch(() => {});
  return { refresh, stop };
}
