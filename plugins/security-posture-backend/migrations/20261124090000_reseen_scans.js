// @ts-check

/**
 * Unchanged reimports without rewriting every finding. When a complete report is uploaded again
 * unchanged, every open or suppressed finding written by the earlier scan was seen again; instead
 * of updating each row's last-seen time, one row here records that the findings of `base_scan_id`
 * were re-seen by a later scan. Reads derive a finding's last-seen time from it; a later scan that
 * changes a finding writes the time into the finding itself.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('posture_reseen_scans', table => {
    table.comment(
      'Scans whose open and suppressed findings were seen again, unchanged, by a later upload of the same report',
    );
    table
      .string('base_scan_id', 36)
      .primary()
      .comment('The scan that last wrote the findings (their last_scan_id)');
    table
      .string('reseen_by_scan_id', 36)
      .notNullable()
      .comment('The latest scan that applied the same report again');
    table
      .timestamp('reseen_at', { useTz: true })
      .notNullable()
      .comment(
        "When that scan was applied: the findings' derived last-seen time",
      );
    table
      .string('reseen_entity_ref', 255)
      .notNullable()
      .comment('The component the scans belong to (for clean-up)');
    table.index(['reseen_by_scan_id'], 'posture_reseen_scans_by_idx');
    table.index(['reseen_entity_ref'], 'posture_reseen_scans_entity_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('posture_reseen_scans');
};
