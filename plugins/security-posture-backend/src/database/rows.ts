/** Converts a timestamp read from SQLite (ISO text) or PostgreSQL (Date) to ISO text. @internal */
export function toIso(value: unknown): string {
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === 'number') {
    return new Date(value).toISOString();
  }
  return new Date(String(value)).toISOString();
}

/** Like {@link toIso}, keeping null. @internal */
export function toIsoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : toIso(value);
}

/** Parses a JSON column, with a fallback for null. @internal */
export function fromJson<T>(value: unknown, fallback: T): T {
  if (typeof value !== 'string' || value === '') {
    return fallback;
  }
  return JSON.parse(value) as T;
}

/** Splits an array into chunks of at most `size`. @internal */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}
