// Training and GRPO curves from `metrics.jsonl` (one JSON object per log event: step, loss,
// learning_rate, reward, ...), read while the job still writes it: a torn last line is skipped.
import { readFile } from "node:fs/promises";
import { ConfigError } from "../errors.js";
import { describeBadMetricsLine, METRIC_ALIASES, parseMetricsLog } from "../metrics-log.js";
import type { PlotlyFigure } from "../html/index.js";

/** One metrics.jsonl event as a curve point: `step` and any numeric series. */
export type CurvePoint = Readonly<Record<string, number>> & { readonly step: number };

// Parse metrics JSON lines with the one reader (lib/metrics-log.ts): a torn last line is skipped, and a bad
// line anywhere else names the file and the line, since a curve drawn over it would be silently wrong.
export function parseMetricsLines(text: string, file = "metrics.jsonl"): CurvePoint[] {
  const log = parseMetricsLog(text);
  const bad = log.bad[0];
  if (bad) {
    throw new ConfigError(describeBadMetricsLine(file, bad), [
      { path: `${file}:${bad.line}`, message: "expected one JSON object per line" },
    ]);
  }
  // Other spellings of a common field (`global_step`, `lr`) would draw the same series twice.
  const spellings = new Set(Object.values(METRIC_ALIASES).flatMap((names) => names.slice(1)));
  return log.records.map(({ record }, i) => {
    const numeric = Object.fromEntries(
      Object.entries(record).filter(
        (entry): entry is [string, number] => typeof entry[1] === "number" && !spellings.has(entry[0]),
      ),
    );
    return { ...numeric, step: record.step ?? i };
  });
}

// Read a metrics file; a file not yet created reads as no events.
export async function readMetricsLog(file: string): Promise<CurvePoint[]> {
  try {
    return parseMetricsLines(await readFile(file, "utf8"), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/** Options of {@link curveChart}. */
export interface CurveChartOptions {
  /** Series on the left axis. @default every series but `step`, `epoch` and those on `y2` */
  readonly y?: readonly string[];
  /** Series on a right axis (a learning rate beside a loss). */
  readonly y2?: readonly string[];
  readonly title?: string;
}

// Lines over steps, e.g. `curveChart(events, { y: ["loss"], y2: ["learning_rate"] })`.
export function curveChart(events: readonly CurvePoint[], options: CurveChartOptions = {}): PlotlyFigure {
  const right = options.y2 ?? [];
  const left =
    options.y ??
    [...new Set(events.flatMap((e) => Object.keys(e)))].filter((k) => !["step", "epoch", ...right].includes(k));
  const trace = (key: string, axis: "y" | "y2") => {
    const points = events.filter((e) => typeof e[key] === "number");
    return {
      type: "scatter",
      mode: "lines",
      name: key,
      x: points.map((e) => e.step),
      y: points.map((e) => e[key]),
      yaxis: axis,
    };
  };
  return {
    data: [...left.map((key) => trace(key, "y")), ...right.map((key) => trace(key, "y2"))],
    layout: {
      title: { text: options.title ?? left.join(", ") },
      xaxis: { title: { text: "step" } },
      yaxis: { title: { text: left.join(", ") } },
      ...(right.length > 0 ? { yaxis2: { title: { text: right.join(", ") }, overlaying: "y", side: "right" } } : {}),
      legend: { orientation: "h" },
    },
  };
}
