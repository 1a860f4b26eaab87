// How AppWorld compares a `complete_task(answer=...)` value with the expected answer: both sides are
// turned into a canonical text first, so `10`, `"10"` and `"10.0"` are the same answer.

// Canonical text of an answer: null/blank → "null", numbers as int when whole else 2 decimals,
// outer quotes stripped, lower case; lists normalised item by item, sorted and joined by " | ".
export function normalizeAnswer(answer: unknown): string {
  if (Array.isArray(answer))
    return answer
      .map((item) => normalizeAnswer(item))
      .sort()
      .join(" | ");
  if (answer === null || answer === undefined) return "null";
  let text = typeof answer === "string" ? answer : typeof answer === "object" ? JSON.stringify(answer) : String(answer);
  text = text.trim();
  if (typeof answer === "boolean") text = answer ? "True" : "False";
  while (text.length >= 2 && /^(["']).*\1$/s.test(text)) text = text.slice(1, -1).trim();
  if (text === "" || text === "None") return "null";
  const number = Number(text.replace(/,/g, ""));
  if (text !== "" && Number.isFinite(number) && /^[+-]?[\d,]*\.?\d+(e[+-]?\d+)?$/i.test(text)) {
    text = Number.isInteger(number) ? String(number) : String(Math.round(number * 100) / 100);
  }
  return text.toLowerCase();
}

// Whether a given answer matches the expected one after normalisation.
export function answersMatch(given: unknown, expected: unknown): boolean {
  return normalizeAnswer(given) === normalizeAnswer(expected);
}
