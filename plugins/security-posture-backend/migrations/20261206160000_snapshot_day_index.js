// @ts-check

/**
 * Trends of a whole organisation (scorecards of 10,000 components) read every component's scores
 * of the last 14 days: one range scan of this index (day, then the component and its score, so
 * the table itself is not read) instead of an index seek per component.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('posture_snapshots', table => {
    table.index(['day', 'entity_ref', 'score'], 'posture_snapshots_day_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('posture_snapshots', table => {
    table.dropIndex(
      ['day', 'entity_ref', 'score'],
      'posture_snapshots_day_idx',
    );
  });
};
