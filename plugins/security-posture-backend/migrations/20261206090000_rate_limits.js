// @ts-check

/**
 * Rate limits kept in the database, so every replica counts against the same limit.
 *
 * `posture_rate_limits`: one row per limited key (e.g. `upload:<principal>`) and fixed window
 * (its start, in epoch seconds), counting what the window took. Rows of past windows are deleted
 * as the next window of the same key is counted.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('posture_rate_limits', table => {
    table.comment(
      'Fixed-window counters of rate-limited actions, shared by replicas',
    );
    table
      .string('limit_key', 300)
      .notNullable()
      .comment('What is limited and for whom, e.g. upload:service:ci-payments');
    table
      .bigInteger('window_start')
      .notNullable()
      .comment('Start of the window, epoch seconds');
    table.integer('taken').notNullable().comment('How many the window took');
    table.primary(['limit_key', 'window_start']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('posture_rate_limits');
};
