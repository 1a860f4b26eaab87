// Arithmetic on the world's zone-less ISO datetimes (`2023-05-18T12:00:00`). They are read as UTC so
// results never depend on the machine's time zone.
import type { Random } from "./random.js";
import type { DateTime, WorldState } from "./state.js";

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

// Parses a world datetime (or a bare `YYYY-MM-DD` date) into epoch milliseconds.
export function parseDateTime(value: string): number {
  const m = DATETIME.exec(value);
  if (!m) {
    throw new RangeError(`Expected a datetime like \`2023-05-18T12:00:00\`, got \`${value}\`.`);
  }
  const [, y, mo, d, h, mi, s] = m;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
}

// Formats epoch milliseconds as a world datetime without zone or fraction.
export function formatDateTime(ms: number): DateTime {
  return new Date(ms).toISOString().slice(0, 19);
}

// Moves a datetime by a number of seconds (negative moves back).
export function shiftDateTime(value: DateTime, seconds: number): DateTime {
  return formatDateTime(parseDateTime(value) + seconds * 1000);
}

// Whether `a` is strictly before `b` (both world datetimes; string order equals time order for this format).
export function isBefore(a: DateTime, b: DateTime): boolean {
  return a < b;
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

// The phone app's date and time texts: `Thursday, May 18, 2023` and `12:00 PM`.
export function describeDateTime(value: DateTime): { date: string; time: string } {
  const d = new Date(parseDateTime(value));
  const hour = d.getUTCHours();
  const hour12 = hour % 12 === 0 ? 12 : hour % 12;
  const minute = String(d.getUTCMinutes()).padStart(2, "0");
  return {
    date: `${WEEKDAYS[d.getUTCDay()]}, ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`,
    time: `${String(hour12).padStart(2, "0")}:${minute} ${hour < 12 ? "AM" : "PM"}`,
  };
}

// A random whole-second datetime between `maxDaysBack` and `minDaysBack` days before the world's clock.
export function randomPastDateTime(
  rng: Random,
  state: Pick<WorldState, "now">,
  maxDaysBack: number,
  minDaysBack: number,
): DateTime {
  const end = parseDateTime(state.now) - minDaysBack * 86_400_000;
  const start = parseDateTime(state.now) - maxDaysBack * 86_400_000;
  return formatDateTime(start + Math.floor((rng.next() * (end - start)) / 1000) * 1000);
}
