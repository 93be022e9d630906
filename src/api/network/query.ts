/**
 * Neutron's list query: any attribute as an equality filter (repeated = any of the values;
 * booleans as true/false), `fields` to pick attributes. Paging and sorting keys are ignored.
 */

const NOT_FILTERS = new Set(['fields', 'limit', 'marker', 'page_reverse', 'sort_key', 'sort_dir']);

type Item = Record<string, unknown>;
type Query = Record<string, string | string[] | undefined>;

const listOf = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function matches(value: unknown, wanted: readonly string[]): boolean {
  if (typeof value === 'boolean') return wanted.some((w) => w.toLowerCase() === String(value));
  if (Array.isArray(value)) return value.some((v) => matches(v, wanted));
  return wanted.includes(value === null ? '' : String(value));
}

/** Applies the query's filters and field selection to a collection. */
export function applyQuery(items: readonly Item[], query: unknown): Item[] {
  const q = (query ?? {}) as Query;
  let out = [...items];
  for (const [key, raw] of Object.entries(q)) {
    if (NOT_FILTERS.has(key)) continue;
    const wanted = listOf(raw);
    // Neutron ignores filters on attributes its resource does not have.
    out = out.filter((item) => !(key in item) || matches(item[key], wanted));
  }
  return out.map((item) => pickFields(item, q));
}

/** `?fields=a&fields=b` keeps only those attributes. */
export function pickFields(item: Item, query: unknown): Item {
  const fields = listOf(((query ?? {}) as Query).fields);
  if (fields.length === 0) return item;
  return Object.fromEntries(Object.entries(item).filter(([k]) => fields.includes(k)));
}
