// Training and GRPO curves from `metrics.jsonl` (one JSON object per log event: step, loss,
// learning_rate, reward, ...), read while the job still writes it: a torn last line is skipped.
import { readFile } from "node:fs/promises";
import { ConfigError } from "../errors.js";
import { parseMetricsLog } from "../metrics-log.js";
import type { PlotlyFigure } from "../html/index.js";

/** One metrics.jsonl event as a curve point: `step` and any numeric series. */
export type CurvePoint = Readonly<Record<string, number>> & { readonly step: number };

// Parse metrics JSON lines by metrics-log's rules; curves must not quietly miss points, so any bad line but
// a torn last one is a ConfigError naming the first one's file and line (and every one in its issues).
export function parseMetricsLines(text: string, file = "metrics.jsonl"): CurvePoint[] {
  const { records, problems } = parseMetricsLog(text, file);
  const [first] = problems;
  if (first) {
    throw new ConfigError(
      first.message,
      problems.map((p) => ({ path: p.path, message: "expected one JSON object per line" })),
    );
  }
  const events: CurvePoint[] = [];
  for (const { values } of records) {
    const numeric = Object.fromEntries(
      Object.entries(values).filter((entry): entry is [string, number] => typeof entry[1] === "number"),
    );
    // A line without a step is drawn at its place among the events.
    events.push({ ...numeric, step: numeric["step"] ?? events.length });
  }
  return events;
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
