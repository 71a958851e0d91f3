// @ts-check

/**
 * Compliance evidence (issue #17): each daily snapshot keeps which posture policies applied to
 * the component that day and which of their rules failed, so an evidence export can give a
 * control's pass/fail per component per day. Null in the rows written before this column (and
 * in those of a backend without posture policies): those days read as missing, not as passed.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('posture_snapshots', table => {
    table
      .text('policy_results')
      .nullable()
      .comment(
        'JSON {"applied": [policy names], "failing": ["policy/rule", ...]} of the day\'s latest posture; null when not recorded',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('posture_snapshots', table => {
    table.dropColumn('policy_results');
  });
};
