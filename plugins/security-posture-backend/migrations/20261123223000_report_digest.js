// @ts-check

/**
 * Identical reports: a scan records the SHA-256 of the report body it came from, so the same
 * report uploaded again can be applied without parsing and diffing it again. On PostgreSQL the
 * findings table leaves room in its pages for the last-seen updates of every reimport (HOT updates).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('posture_scans', table => {
    table
      .string('report_sha256', 64)
      .nullable()
      .comment('SHA-256 of the uploaded report body (null for provider pulls)');
    table.index(
      ['entity_ref', 'branch', 'tool', 'created_at'],
      'posture_scans_tool_idx',
    );
  });
  if (knex.client.config.client === 'pg') {
    await knex.raw('ALTER TABLE posture_findings SET (fillfactor = 80)');
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (knex.client.config.client === 'pg') {
    await knex.raw('ALTER TABLE posture_findings RESET (fillfactor)');
  }
  await knex.schema.alterTable('posture_scans', table => {
    table.dropIndex([], 'posture_scans_tool_idx');
    table.dropColumn('report_sha256');
  });
};
