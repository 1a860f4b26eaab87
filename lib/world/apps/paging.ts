// Pagination, query ranking and `sort_by` as AppWorld's list APIs do them: a query ranks (never filters),
// pages are plain slices (past the end gives []), and sort_by reorders within the page when a query is given.
import { fail } from "./define.js";

// The slice `items[page_index*page_limit : (page_index+1)*page_limit]`.
export function paginate<T>(items: readonly T[], args: Record<string, unknown>): T[] {
  const index = Number(args.page_index ?? 0);
  const limit = Number(args.page_limit ?? 5);
  return items.slice(index * limit, (index + 1) * limit);
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9@._+-]+|[.@_+-]/)
    .filter((w) => w.length > 0);
}

// Orders items by how well their texts match the query; ties and non-matches keep their order.
export function rankByQuery<T>(items: readonly T[], query: unknown, textsOf: (item: T) => string[]): T[] {
  const q = typeof query === "string" ? query.trim().toLowerCase() : "";
  if (q === "") return items.slice();
  const wanted = words(q);
  const scored = items.map((item, index) => {
    const texts = textsOf(item).map((t) => t.toLowerCase());
    const all = texts.flatMap(words);
    let score = 0;
    if (texts.some((t) => t === q)) score += 10;
    else if (texts.some((t) => t.includes(q))) score += 5;
    for (const w of wanted) {
      if (all.includes(w)) score += 2;
      else if (all.some((x) => x.startsWith(w))) score += 1;
    }
    return { item, index, score };
  });
  return scored.sort((a, b) => b.score - a.score || a.index - b.index).map((s) => s.item);
}

// Parses `sort_by` ("+amount" / "-created_at"), failing with AppWorld's messages; null when not given.
export function parseSortBy(sortBy: unknown, fields: readonly string[]): { field: string; descending: boolean } | null {
  if (sortBy === null || sortBy === undefined || sortBy === "") return null;
  const text = String(sortBy);
  if (!text.startsWith("+") && !text.startsWith("-")) fail("The sort_by parameter must start with + or -.");
  const field = text.slice(1);
  if (!fields.includes(field)) {
    fail(`If sort_by is passed, it must be one of ${fields.join(", ")} and must be prefixed with + or -.`);
  }
  return { field, descending: text.startsWith("-") };
}

// Stable sort of records by a numeric or string key.
export function sortRecords<T>(items: readonly T[], key: (item: T) => number | string, descending: boolean): T[] {
  return items
    .map((item, index) => ({ item, index, k: key(item) }))
    .sort((a, b) => {
      const c = a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
      return (descending ? -c : c) || a.index - b.index;
    })
    .map((x) => x.item);
}

/**
 * AppWorld's query + sort + page recipe: with a query, rank, page, then sort within the page; without
 * a query, sort everything, then page.
 */
export function searchSortPage<T>(
  items: readonly T[],
  args: Record<string, unknown>,
  options: {
    textsOf: (item: T) => string[];
    sortFields: readonly string[];
    sortKey: (item: T, field: string) => number | string;
    defaultSort?: string;
  },
): T[] {
  const sort =
    parseSortBy(args.sort_by, options.sortFields) ??
    (args.query ? null : parseSortBy(options.defaultSort, options.sortFields));
  const hasQuery = typeof args.query === "string" && args.query.trim() !== "";
  if (hasQuery) {
    const page = paginate(rankByQuery(items, args.query, options.textsOf), args);
    return sort ? sortRecords(page, (x) => options.sortKey(x, sort.field), sort.descending) : page;
  }
  const sorted = sort ? sortRecords(items, (x) => options.sortKey(x, sort.field), sort.descending) : items.slice();
  return paginate(sorted, args);
}
