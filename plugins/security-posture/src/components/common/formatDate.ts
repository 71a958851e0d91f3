/**
 * The day of an ISO timestamp (`2026-11-23`), or the dash when the value is missing or not a
 * date. Days are shown in UTC, as the backend counts them.
 */
export function formatDay(value: string | null | undefined): string {
  if (!value) {
    return '—';
  }
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    return '—';
  }
  return new Date(time).toISOString().slice(0, 10);
}

/** An ISO timestamp as `2026-11-23 14:05 UTC`, or the dash. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) {
    return '—';
  }
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    return '—';
  }
  const iso = new Date(time).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
