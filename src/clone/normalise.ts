/**
 * Canonical forms of what the clone copies. Plan, load and verify compare
 * entities through these functions alone, so "unchanged" means the same
 * thing before a write and after it.
 */

/** A JSON value with object keys in a fixed order. */
export type Canonical =
  | null
  | boolean
  | number
  | string
  | Canonical[]
  | { [key: string]: Canonical };

/** Sorts object keys recursively and drops undefined fields. */
export function canonical(value: unknown): Canonical {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    const sorted: { [key: string]: Canonical } = {};
    for (const key of Object.keys(value).sort()) {
      const field = (value as Record<string, unknown>)[key];
      if (field !== undefined) sorted[key] = canonical(field);
    }
    return sorted;
  }
  if (value === undefined) return null;
  return value as Canonical;
}

/** Stable JSON text of a value, for equality and hashing. */
export function stableJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

export function isSame(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

/** Names the top-level fields whose canonical values differ. */
export function changedFields(current: object, desired: object): string[] {
  const fieldsOf = (body: object) => body as Record<string, unknown>;
  const fields = new Set([...Object.keys(current), ...Object.keys(desired)]);
  return [...fields]
    .filter(
      (field) => !isSame(fieldsOf(current)[field], fieldsOf(desired)[field]),
    )
    .sort();
}

/** The API treats a missing description and an empty one alike. */
export function description(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/**
 * Experience tags as the API stores them: lowercased and de-duplicated.
 * Order is kept, since that is what a person sees.
 */
export function tags(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  for (const tag of value) {
    if (typeof tag === "string") seen.add(tag.toLowerCase());
  }
  return [...seen];
}
