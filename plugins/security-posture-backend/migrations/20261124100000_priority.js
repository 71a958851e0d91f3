// @ts-check

/**
 * Risk-based priority of findings: exploitation signals (CISA KEV, EPSS) looked up from the
 * finding's CVE aliases, and the priority score (docs/prioritisation.md) that orders every list.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('posture_findings', table => {
    table
      .boolean('kev')
      .notNullable()
      .defaultTo(false)
      .comment(
        "One of the finding's CVEs is on CISA's Known Exploited Vulnerabilities catalog",
      );
    table
      .float('epss')
      .nullable()
      .comment(
        "The highest EPSS probability (0-1) among the finding's CVEs; null when unknown",
      );
    table
      .integer('priority_score')
      .notNullable()
      .defaultTo(0)
      .comment(
        'Priority 0-100 from severity, exploitation and exposure (P1 >= 70, P2 >= 50, P3 >= 30)',
      );
    table.index(
      ['entity_ref', 'branch', 'status', 'priority_score'],
      'posture_findings_priority_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('posture_findings', table => {
    table.dropIndex([], 'posture_findings_priority_idx');
    table.dropColumn('priority_score');
    table.dropColumn('epss');
    table.dropColumn('kev');
  });
};
