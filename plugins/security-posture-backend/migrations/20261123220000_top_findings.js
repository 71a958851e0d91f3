// @ts-check

/**
 * The most urgent open findings of a component, kept beside its posture so a posture read is one
 * primary-key lookup, and apart from the posture JSON so roll-ups over every component stay small.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('posture_components', table => {
    table
      .text('top_findings')
      .nullable()
      .comment('JSON array of the five most urgent open findings, as served');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('posture_components', table => {
    table.dropColumn('top_findings');
  });
};
