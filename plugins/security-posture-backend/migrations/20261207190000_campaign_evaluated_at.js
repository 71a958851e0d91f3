// @ts-check

/**
 * Campaign evaluation time (issue #17, performance): when a campaign's whole scope was last
 * evaluated. A full evaluation (on create and update, template versions published, the daily task)
 * writes this one row and only the status rows that changed, instead of rewriting the evaluation
 * time of every status row; a component's evaluation time is the later of its status row's
 * `evaluated_at` (when it last changed, or was evaluated after an ingest) and this.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('posture_campaigns', table => {
    table
      .timestamp('evaluated_at', { useTz: true })
      .nullable()
      .comment(
        'When the whole scope was last evaluated (each component in scope was evaluated then or later); null before the first',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('posture_campaigns', table => {
    table.dropColumn('evaluated_at');
  });
};
