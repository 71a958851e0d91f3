import { InputError } from '@backstage/errors';
import type { ControlFramework } from '@golden-path/policy';

/** The longest period an export covers, in days. */
const MAX_EVIDENCE_DAYS = 366;

const DAY_MS = 86_400_000;

/** The formats of an export. @internal */
export type EvidenceFormat = 'json' | 'csv' | 'html';

/** A validated evidence query: the period's days (inclusive) and the scope. @internal */
export interface EvidenceQueryInput {
  from: string;
  to: string;
  framework?: ControlFramework;
  /** A system's full ref (lower-cased). */
  system?: string;
  /** A group's full ref (lower-cased); its sub-groups' components are in scope too. */
  owner?: string;
  tier?: number;
  format: EvidenceFormat;
}

/** The raw query string values (the router has checked their types and lengths). @internal */
export interface RawEvidenceQuery {
  from?: unknown;
  to?: unknown;
  framework?: unknown;
  system?: unknown;
  owner?: unknown;
  tier?: unknown;
  format?: unknown;
}

/** A YYYY-MM-DD day that exists (2026-02-30 does not), or a 400 naming the field. */
function dayParam(field: string, raw: unknown): string {
  if (raw === undefined || raw === null || raw === '') {
    throw new InputError(`${field}: required, a day as YYYY-MM-DD (UTC)`);
  }
  const text = String(raw);
  const ms = Date.parse(`${text}T00:00:00.000Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(text) ||
    Number.isNaN(ms) ||
    new Date(ms).toISOString().slice(0, 10) !== text
  ) {
    throw new InputError(
      `${field}: '${text.slice(0, 20)}' is not a day as YYYY-MM-DD (UTC)`,
    );
  }
  return text;
}

/** The days from `from` to `to`, both included. @internal */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (
    let ms = Date.parse(`${from}T00:00:00.000Z`);
    ms <= Date.parse(`${to}T00:00:00.000Z`);
    ms += DAY_MS
  ) {
    out.push(new Date(ms).toISOString().slice(0, 10));
  }
  return out;
}

/** The instant a day starts, and the one the day after starts. @internal */
export function dayBounds(day: string): { start: string; end: string } {
  const start = Date.parse(`${day}T00:00:00.000Z`);
  return {
    start: new Date(start).toISOString(),
    end: new Date(start + DAY_MS).toISOString(),
  };
}

/**
 * Validates an evidence query: `from` and `to` days (from <= to, at most {@link MAX_EVIDENCE_DAYS}
 * days, `to` not after today), the framework, tier and format; every refusal a 400 naming the
 * field. `system` and `owner` are checked against the catalog by the service.
 *
 * @internal
 */
export function parseEvidenceQuery(
  raw: RawEvidenceQuery,
  now: Date,
): Omit<EvidenceQueryInput, 'system' | 'owner'> & {
  system?: string;
  owner?: string;
} {
  const from = dayParam('from', raw.from);
  const to = dayParam('to', raw.to);
  if (from > to) {
    throw new InputError(`to: ${to} is before from (${from})`);
  }
  const today = now.toISOString().slice(0, 10);
  if (to > today) {
    throw new InputError(`to: ${to} is after today (${today}, UTC)`);
  }
  const days =
    (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS +
    1;
  if (days > MAX_EVIDENCE_DAYS) {
    throw new InputError(
      `to: the period from ${from} to ${to} is ${days} days; at most ${MAX_EVIDENCE_DAYS}`,
    );
  }
  let framework: ControlFramework | undefined;
  if (raw.framework !== undefined && raw.framework !== '') {
    if (raw.framework !== 'soc2' && raw.framework !== 'iso27001') {
      throw new InputError(
        `framework: '${String(raw.framework).slice(
          0,
          40,
        )}' is not soc2 or iso27001`,
      );
    }
    framework = raw.framework;
  }
  let tier: number | undefined;
  if (raw.tier !== undefined && raw.tier !== '') {
    tier = Number(raw.tier);
    if (!Number.isInteger(tier) || tier < 1 || tier > 3) {
      throw new InputError(
        `tier: '${String(raw.tier).slice(0, 20)}' is not a tier (1, 2 or 3)`,
      );
    }
  }
  const format =
    raw.format === undefined || raw.format === '' ? 'json' : raw.format;
  if (format !== 'json' && format !== 'csv' && format !== 'html') {
    throw new InputError(
      `format: '${String(format).slice(0, 20)}' is not json, csv or html`,
    );
  }
  const text = (v: unknown) =>
    v === undefined || v === null || String(v).trim() === ''
      ? undefined
      : String(v).trim();
  return {
    from,
    to,
    framework,
    tier,
    format,
    system: text(raw.system),
    owner: text(raw.owner),
  };
}
