/**
 * ISO text as `Date.prototype.toISOString` writes it, with a day of month every month has: such
 * text converts to itself, so it is returned as it is (the timestamps SQLite gives back).
 */
const CANONICAL_ISO =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** Converts a timestamp read from SQLite (ISO text) or PostgreSQL (Date) to ISO text. @internal */
export function toIso(value: unknown): string {
  if (typeof value === 'string' && CANONICAL_ISO.test(value)) {
    return value;
  }
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
