// @ts-check

/**
 * The security-posture store: components, scans, findings with their history, OpenSSF Scorecard
 * checks and daily posture snapshots. Append-only: later changes get their own dated migration.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('posture_components', table => {
    table.comment(
      'Every component the plugin knows: enrolled, scanned, or both',
    );
    table
      .string('entity_ref', 255)
      .primary()
      .comment(
        'Catalog entity ref, lower-cased, e.g. component:default/payments-api',
      );
    table
      .integer('tier')
      .nullable()
      .comment('Security tier 1-3 (annotation or enrollment)');
    table
      .string('lifecycle', 63)
      .nullable()
      .comment('Catalog lifecycle, cached');
    table
      .string('owner_ref', 255)
      .nullable()
      .comment('Owning group ref from the catalog, cached');
    table
      .string('system_ref', 255)
      .nullable()
      .comment('System ref from the catalog, cached');
    table
      .string('domain_ref', 255)
      .nullable()
      .comment("The system's domain ref, cached");
    table
      .text('expected_scanners')
      .nullable()
      .comment('JSON array of scanner kinds expected (enrollment)');
    table
      .string('template_ref', 255)
      .nullable()
      .comment('Template the component was created from');
    table
      .string('template_version', 63)
      .nullable()
      .comment('Semver of that template');
    table
      .timestamp('enrolled_at', { useTz: true })
      .nullable()
      .comment('When the scaffolder enrolled it');
    table
      .timestamp('last_scan_at', { useTz: true })
      .nullable()
      .comment('Last report applied, any tool');
    table
      .integer('score')
      .nullable()
      .comment('Current score 0-100; null before the first scan');
    table
      .string('grade', 1)
      .nullable()
      .comment('Current grade A-F; null before the first scan');
    table
      .text('posture')
      .nullable()
      .comment('JSON of the last computed counts and score breakdown');
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .comment('Last change of this row');
  });

  await knex.schema.createTable('posture_scans', table => {
    table.comment('One row per applied report and tool');
    table.string('id', 36).primary().comment('Scan id (uuid)');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Component the report is about');
    table
      .string('tool', 100)
      .notNullable()
      .comment('Normalized tool name, e.g. trivy');
    table
      .string('tool_version', 100)
      .nullable()
      .comment('Tool version as reported');
    table
      .string('kinds', 100)
      .notNullable()
      .comment('Comma-separated scanner kinds the scan covers');
    table
      .string('format', 20)
      .notNullable()
      .comment('Report format, e.g. sarif');
    table.string('branch', 255).notNullable().comment('Scanned branch');
    table.string('commit_sha', 64).nullable().comment('Scanned commit');
    table
      .boolean('complete')
      .notNullable()
      .comment('Whether missing findings were marked fixed');
    table
      .string('uploaded_by', 255)
      .notNullable()
      .comment('Principal: user ref or service subject');
    table
      .integer('count_new')
      .notNullable()
      .comment('Findings opened by this scan');
    table
      .integer('count_unchanged')
      .notNullable()
      .comment('Findings seen again');
    table
      .integer('count_fixed')
      .notNullable()
      .comment('Findings marked fixed by this scan');
    table
      .integer('count_reopened')
      .notNullable()
      .comment('Fixed findings seen again');
    table
      .integer('count_total')
      .notNullable()
      .comment('Findings in the report for this tool');
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .comment('When the scan was applied');
    table.index(['entity_ref', 'created_at'], 'posture_scans_entity_idx');
  });

  await knex.schema.createTable('posture_findings', table => {
    table.comment(
      'Deduplicated findings, unique per component, tool, branch and fingerprint',
    );
    table.bigIncrements('id').primary().comment('Surrogate id');
    table.string('entity_ref', 255).notNullable().comment('Component');
    table.string('tool', 100).notNullable().comment('Normalized tool name');
    table
      .string('branch', 255)
      .notNullable()
      .comment('Branch the finding was seen on');
    table
      .string('fingerprint', 128)
      .notNullable()
      .comment('Stable identity within component and tool');
    table
      .string('kind', 20)
      .notNullable()
      .comment('sast, sca, secret, container, iac or repo');
    table
      .string('rule_id', 255)
      .notNullable()
      .comment('Rule or vulnerability id');
    table.string('title', 500).notNullable().comment('Short title, plain text');
    table
      .string('severity', 10)
      .notNullable()
      .comment('critical, high, medium, low or info');
    table
      .integer('severity_rank')
      .notNullable()
      .comment('0 critical .. 4 info, for ordering');
    table
      .string('status', 12)
      .notNullable()
      .comment('open, fixed or suppressed');
    table
      .text('aliases')
      .notNullable()
      .comment('JSON array of CVE/GHSA/... ids');
    table.text('cwes').notNullable().comment('JSON array of CWE ids');
    table.string('package_name', 255).nullable().comment('Affected package');
    table
      .string('package_purl', 1000)
      .nullable()
      .comment('Affected package URL');
    table
      .string('installed_version', 255)
      .nullable()
      .comment('Installed version');
    table
      .string('fixed_version', 255)
      .nullable()
      .comment('First fixed version, if any');
    table.string('path', 1000).nullable().comment('File path of the location');
    table
      .integer('start_line')
      .nullable()
      .comment('First line of the location');
    table.integer('end_line').nullable().comment('Last line of the location');
    table
      .text('message')
      .notNullable()
      .comment('Scanner message, plain text (untrusted)');
    table.text('remediation').nullable().comment('How to fix, plain text');
    table
      .string('remediation_url', 1000)
      .nullable()
      .comment('http(s) link with remediation');
    table.float('cvss_score').nullable().comment('CVSS base score when known');
    table
      .string('suppression_source', 20)
      .nullable()
      .comment('sarif or vex, when suppressed');
    table
      .string('suppression_state', 50)
      .nullable()
      .comment('Suppression state, e.g. not_affected');
    table
      .text('suppression_justification')
      .nullable()
      .comment('Justification of the suppression');
    table
      .string('secret_redacted', 100)
      .nullable()
      .comment('Redacted form of a found secret');
    table
      .timestamp('first_seen_at', { useTz: true })
      .notNullable()
      .comment('First scan that saw it');
    table
      .timestamp('last_seen_at', { useTz: true })
      .notNullable()
      .comment('Last scan that saw it');
    table
      .timestamp('fixed_at', { useTz: true })
      .nullable()
      .comment('When a complete scan stopped seeing it');
    table
      .integer('reopen_count')
      .notNullable()
      .defaultTo(0)
      .comment('Times it came back after a fix');
    table
      .timestamp('sla_due_at', { useTz: true })
      .nullable()
      .comment('Remediation due date (SLA)');
    table
      .string('last_scan_id', 36)
      .notNullable()
      .comment('Last scan that changed or saw it');
    table
      .string('content_hash', 40)
      .notNullable()
      .comment('Hash of the reported fields, to skip unchanged rows');
    table.unique(['entity_ref', 'tool', 'branch', 'fingerprint'], {
      indexName: 'posture_findings_identity_uq',
    });
    table.index(
      ['entity_ref', 'status', 'severity_rank'],
      'posture_findings_entity_status_idx',
    );
    table.index(['status', 'sla_due_at'], 'posture_findings_sla_idx');
  });

  await knex.schema.createTable('posture_finding_events', table => {
    table.comment(
      'History of each finding: opened, fixed, reopened, suppressed',
    );
    table.bigIncrements('id').primary().comment('Surrogate id');
    table.bigInteger('finding_id').notNullable().comment('posture_findings.id');
    table
      .string('scan_id', 36)
      .notNullable()
      .comment('Scan that caused the event');
    table
      .string('event', 12)
      .notNullable()
      .comment('opened, fixed, reopened or suppressed');
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .comment('When it happened');
    table.index(['finding_id'], 'posture_finding_events_finding_idx');
  });

  await knex.schema.createTable('posture_checks', table => {
    table.comment(
      'OpenSSF Scorecard checks of a component (posture checks, not findings)',
    );
    table.string('entity_ref', 255).notNullable().comment('Component');
    table
      .string('name', 100)
      .notNullable()
      .comment('Check name, e.g. Branch-Protection');
    table
      .float('score')
      .notNullable()
      .comment('0-10, or -1 when not applicable');
    table.text('reason').notNullable().comment('Reason given by Scorecard');
    table
      .string('documentation_url', 1000)
      .nullable()
      .comment('Link to the check documentation');
    table.text('details').nullable().comment('JSON array of detail lines');
    table.string('scan_id', 36).notNullable().comment('Scan that reported it');
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .comment('When it was reported');
    table.primary(['entity_ref', 'name']);
  });

  await knex.schema.createTable('posture_snapshots', table => {
    table.comment('Daily posture of each component, for trends');
    table.string('entity_ref', 255).notNullable().comment('Component');
    table.string('day', 10).notNullable().comment('UTC day, YYYY-MM-DD');
    table
      .integer('score')
      .nullable()
      .comment('Score that day (null before the first scan)');
    table.string('grade', 1).nullable().comment('Grade that day');
    table
      .text('open_counts')
      .notNullable()
      .comment('JSON of open findings by severity');
    table
      .integer('overdue')
      .notNullable()
      .comment('Open findings past their SLA');
    table.primary(['entity_ref', 'day']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('posture_snapshots');
  await knex.schema.dropTable('posture_checks');
  await knex.schema.dropTable('posture_finding_events');
  await knex.schema.dropTable('posture_findings');
  await knex.schema.dropTable('posture_scans');
  await knex.schema.dropTable('posture_components');
};
