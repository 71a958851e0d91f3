import type {
  EvidenceComponentDay,
  EvidenceExport,
} from '@golden-path/plugin-security-posture-common';

// ---------------------------------------------------------------------------------------------
// CSV

type CsvValue = string | number | null | undefined;

/** Text a spreadsheet would run as a formula: starting with =, +, -, @, tab or carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180), as the frontend's exports write them: always quoted, inner quotes
 * doubled, text a spreadsheet would take for a formula prefixed with a single quote (OWASP "CSV
 * injection"); numbers as they are.
 */
function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '""';
  if (typeof value === 'number') {
    return Number.isFinite(value) ? `"${value}"` : '""';
  }
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${text.replace(/"/g, '""')}"`;
}

/** The days of a history with a status, as ranges (`2026-01-02..2026-01-04 2026-01-09`). */
function dayRanges(
  history: EvidenceComponentDay[],
  status: EvidenceComponentDay['status'],
): string {
  const ranges: string[] = [];
  let start: string | undefined;
  let last: string | undefined;
  const close = () => {
    if (start) ranges.push(start === last ? start : `${start}..${last}`);
    start = undefined;
  };
  for (const h of history) {
    if (h.status === status) {
      start ??= h.day;
      last = h.day;
    } else {
      close();
    }
  }
  close();
  return ranges.join(' ');
}

const CSV_HEADER = [
  'period_from',
  'period_to',
  'framework',
  'control_id',
  'control_title',
  'policies',
  'entity_ref',
  'component',
  'owner',
  'pass_days',
  'fail_days',
  'excepted_days',
  'missing_days',
  'failing_days',
  'excepted_days_list',
  'missing_days_list',
];

/**
 * The evidence as CSV: one row per control and component in scope, with the day counts and the
 * failing, excepted and missing days as ranges; CRLF line ends.
 *
 * @internal
 */
export function evidenceCsv(evidence: EvidenceExport): string {
  const rows: CsvValue[][] = [CSV_HEADER];
  for (const control of evidence.controls) {
    const policies = control.policies
      .map(
        p =>
          `${p.name} (${p.target}${
            p.history === 'none' ? ', no history' : ''
          })`,
      )
      .join('; ');
    for (const c of control.components) {
      rows.push([
        evidence.period.from,
        evidence.period.to,
        control.framework,
        control.id,
        control.title,
        policies,
        c.entityRef,
        c.title,
        c.ownerRef,
        c.passDays,
        c.failDays,
        c.exceptedDays,
        c.missingDays,
        dayRanges(c.history, 'fail'),
        dayRanges(c.history, 'excepted'),
        dayRanges(c.history, 'missing'),
      ]);
    }
  }
  return rows
    .map(r => r.map(csvField).join(','))
    .join('\r\n')
    .concat('\r\n');
}

// ---------------------------------------------------------------------------------------------
// HTML

/** Markup that is safe as it is: made only by {@link html}, never from untrusted text. */
class SafeHtml {
  constructor(readonly markup: string) {}
}

type HtmlValue = SafeHtml | string | number | null | undefined | HtmlValue[];

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * The one escaping function of the report: every text that is not markup goes through it (in
 * element content and in quoted attribute values alike).
 */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => ENTITIES[c]);
}

function toMarkup(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return value.map(toMarkup).join('');
  if (value === null || value === undefined) return '';
  return escapeHtml(String(value));
}

/**
 * A template of markup whose every interpolated value is escaped (unless it is markup made by
 * this same function): the report is never built from unescaped text.
 */
function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  return new SafeHtml(
    strings.reduce(
      (out, literal, i) =>
        out + literal + (i < values.length ? toMarkup(values[i]) : ''),
      '',
    ),
  );
}

const STYLE = `
body { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1d1f; margin: 2em; }
h1 { font-size: 22px; margin: 0 0 .3em; }
h2 { font-size: 17px; margin: 1.6em 0 .4em; border-bottom: 1px solid #ccc; }
h3 { font-size: 14px; margin: 1.2em 0 .3em; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; }
th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.fail { color: #b00020; font-weight: 600; }
.note { color: #555; }
dl { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; }
dt { font-weight: 600; }
section.control { break-inside: avoid-page; }
@media print {
  body { margin: 0; font-size: 11px; }
  h2 { break-after: avoid-page; }
  section.control { break-before: auto; }
  tr { break-inside: avoid; }
}
`;

const FRAMEWORK_NAMES: Record<string, string> = {
  soc2: 'SOC 2 (Trust Services Criteria 2017)',
  iso27001: 'ISO/IEC 27001:2022 Annex A',
};

/**
 * The evidence as a printable, self-contained HTML report: no script, no external resource (its
 * Content-Security-Policy allows inline styles only); the digest is not part of it (it is the
 * digest of these bytes, sent in the `Digest` header and kept in the audit log).
 *
 * @internal
 */
export function evidenceHtml(evidence: EvidenceExport): string {
  const scope = evidence.scope;
  const scopeText =
    [
      scope.framework ? `framework ${scope.framework}` : null,
      scope.system ? `system ${scope.system}` : null,
      scope.owner ? `owner ${scope.owner} (with its sub-groups)` : null,
      scope.tier !== null ? `tier ${scope.tier}` : null,
    ]
      .filter(Boolean)
      .join(', ') || 'every component';
  const summary = evidence.controls.map(
    control => html`<tr>
      <td>${FRAMEWORK_NAMES[control.framework] ?? control.framework}</td>
      <td>${control.id}</td>
      <td>${control.title}</td>
      <td>${control.policies.map(p => p.name).join(', ')}</td>
      <td class="n">${control.components.length}</td>
      <td class="n">
        ${control.components.filter(c => c.failDays > 0).length}
      </td>
    </tr>`,
  );
  const controls = evidence.controls.map(
    control => html`<section class="control">
      <h2>${control.id} ${control.title}</h2>
      <p class="note">
        ${FRAMEWORK_NAMES[control.framework] ?? control.framework}
      </p>
      <h3>Policies</h3>
      <table>
        <thead>
          <tr>
            <th>Policy</th>
            <th>Target</th>
            <th>Mode</th>
            <th>History</th>
            <th>Rules</th>
            <th>Description</th>
          </tr>
        </thead>
        <tbody>
          ${control.policies.map(
            p => html`<tr>
              <td>${p.name}</td>
              <td>${p.target}</td>
              <td>${p.mode}</td>
              <td>
                ${p.history === 'none'
                  ? 'none recorded (checked on the repository by the scaffolder, template upgrades and the CLI)'
                  : 'daily snapshots'}
              </td>
              <td>${p.rules.join(', ')}</td>
              <td>${p.description}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      <h3>Components</h3>
      ${control.components.length === 0
        ? html`<p class="note">
            No component in scope is subject to these policies.
          </p>`
        : html`<table>
            <thead>
              <tr>
                <th>Component</th>
                <th>Owner</th>
                <th>Pass</th>
                <th>Fail</th>
                <th>Excepted</th>
                <th>Missing</th>
                <th>Failing days</th>
                <th>Excepted days</th>
                <th>Missing days</th>
              </tr>
            </thead>
            <tbody>
              ${control.components.map(
                c => html`<tr>
                  <td>
                    ${c.title}<br /><span class="note">${c.entityRef}</span>
                  </td>
                  <td>${c.ownerRef ?? ''}</td>
                  <td class="n">${c.passDays}</td>
                  <td class="n${c.failDays > 0 ? ' fail' : ''}">
                    ${c.failDays}
                  </td>
                  <td class="n">${c.exceptedDays}</td>
                  <td class="n">${c.missingDays}</td>
                  <td>${dayRanges(c.history, 'fail')}</td>
                  <td>${dayRanges(c.history, 'excepted')}</td>
                  <td>${dayRanges(c.history, 'missing')}</td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    </section>`,
  );
  const page = html`<!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta
          http-equiv="Content-Security-Policy"
          content="default-src 'none'; style-src 'unsafe-inline'"
        />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>
          Compliance evidence ${evidence.period.from} to ${evidence.period.to}
        </title>
        <style>
          ${new SafeHtml(STYLE)}
        </style>
      </head>
      <body>
        <h1>Compliance evidence</h1>
        <dl>
          <dt>Period</dt>
          <dd>
            ${evidence.period.from} to ${evidence.period.to}
            (${evidence.coverage.days} days, UTC)
          </dd>
          <dt>Scope</dt>
          <dd>${scopeText}</dd>
          <dt>Generated</dt>
          <dd>${evidence.generatedAt} by ${evidence.generatedBy}</dd>
          <dt>Snapshots retained from</dt>
          <dd>${evidence.coverage.retainedFrom ?? 'none'}</dd>
          <dt>Days without any snapshot</dt>
          <dd>
            ${evidence.coverage.missingDays.length === 0
              ? 'none'
              : evidence.coverage.missingDays.join(', ')}
          </dd>
        </dl>
        <p class="note">
          Each day's status is that of the component's latest posture of the
          day: fail when a posture policy of the control had a violation,
          excepted when it passed while an approved exception of the component
          was in force (the findings an exception covers are not counted),
          missing when no snapshot recorded the policies that day. Workspace
          policies have no recorded history.
        </p>
        <h2>Controls</h2>
        <table>
          <thead>
            <tr>
              <th>Framework</th>
              <th>Control</th>
              <th>Title</th>
              <th>Policies</th>
              <th>Components</th>
              <th>Failing at least one day</th>
            </tr>
          </thead>
          <tbody>
            ${summary}
          </tbody>
        </table>
        ${controls}
        <h2>Exceptions in force during the period</h2>
        ${evidence.exceptions.length === 0
          ? html`<p class="note">None.</p>`
          : html`<table>
              <thead>
                <tr>
                  <th>Component</th>
                  <th>Subject</th>
                  <th>Reason</th>
                  <th>Requested by</th>
                  <th>Approved by</th>
                  <th>Status</th>
                  <th>Requested</th>
                  <th>Until</th>
                </tr>
              </thead>
              <tbody>
                ${evidence.exceptions.map(
                  e => html`<tr>
                    <td>${e.entityRef}</td>
                    <td>${e.subject}</td>
                    <td>${e.reason}</td>
                    <td>${e.requestedBy}</td>
                    <td>${e.approvedBy ?? ''}</td>
                    <td>${e.status}</td>
                    <td>${e.createdAt}</td>
                    <td>${e.expiresAt ?? ''}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
        <h2>Audit events of the period</h2>
        ${evidence.auditEvents.length === 0
          ? html`<p class="note">None.</p>`
          : html`<table>
              <thead>
                <tr>
                  <th>At</th>
                  <th>Type</th>
                  <th>Actor</th>
                  <th>Entity</th>
                </tr>
              </thead>
              <tbody>
                ${evidence.auditEvents.map(
                  e =>
                    html`<tr>
                      <td>${e.at}</td>
                      <td>${e.type}</td>
                      <td>${e.actor}</td>
                      <td>${e.entityRef ?? ''}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`}
      </body>
    </html> `;
  return page.markup;
}
