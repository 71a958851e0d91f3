// @ts-check

/**
 * Advisory matching asks, for each refresh that changed advisories, which components have an open
 * `advisory-match` finding of them (`tool`, then `rule_id` in a list of advisory ids): across the
 * whole fleet, so by this index rather than a scan of every finding.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('posture_findings', table => {
    table.index(['tool', 'rule_id'], 'posture_findings_tool_rule_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('posture_findings', table => {
    table.dropIndex(['tool', 'rule_id'], 'posture_findings_tool_rule_idx');
  });
};
