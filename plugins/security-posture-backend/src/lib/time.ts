/** The UTC day (YYYY-MM-DD) of an ISO timestamp. @internal */
export function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

/** The UTC day `days - 1` days before `now`'s: the first day of a window of `days` days. @internal */
export function firstDayOfWindow(now: string, days: number): string {
  return dayOf(
    new Date(Date.parse(now) - (days - 1) * 86_400_000).toISOString(),
  );
}

/** The next UTC midnight after `now`. @internal */
export function nextMidnight(now: string): string {
  const midnight = new Date(`${dayOf(now)}T00:00:00.000Z`);
  midnight.setUTCDate(midnight.getUTCDate() + 1);
  return midnight.toISOString();
}
