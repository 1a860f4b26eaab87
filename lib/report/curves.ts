// Training and GRPO curves from `metrics.jsonl` (one JSON object per log event: step, loss,
// learning_rate, reward, ...), read while the job still writes it: a torn last line is skipped.
import { readFile } from "node:fs/promises";
import { ConfigError } from "../errors.js";
import type { PlotlyFigure } from "../html/index.js";

/** One metrics.jsonl event as a curve point: `step` and any numeric series. */
export type CurvePoint = Readonly<Record<string, number>> & { readonly step: number };

// Parse metrics JSON lines; a bad line that is not the last names the file and the line.
export function parseMetricsLines(text: string, file = "metrics.jsonl"): CurvePoint[] {
  const lines = text.split("\n");
  const events: CurvePoint[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      // The writer appends as it goes: a last line without its newline is still being written.
      if (i === lines.length - 1) return;
      throw new ConfigError(
        `${file}:${i + 1} is not a JSON object (${(error as Error).message}); fix or delete that line.`,
        [{ path: `${file}:${i + 1}`, message: "expected one JSON object per line" }],
      );
    }
    if (typeof value !== "object" || value === null) return;
    const numeric = Object.fromEntries(
      Object.entries(value).filter((entry): entry is [string, number] => typeof entry[1] === "number"),
    );
    const step = numeric["step"] ?? numeric["global_step"] ?? events.length;
    events.push({ ...numeric, step });
  });
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
