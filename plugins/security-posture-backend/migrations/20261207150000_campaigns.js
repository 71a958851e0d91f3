// @ts-check

/**
 * Campaigns (issue #17): a goal (a posture policy expression, a template version target, or no
 * open finding matching a filter), a scope (an entity filter), a start and a deadline, an owner.
 * `goal` and `scope` are JSON text; `version` is the optimistic-concurrency counter an update
 * must name.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('posture_campaigns', table => {
    table.comment(
      'Fleet campaigns: a goal over a scope of components, with a deadline',
    );
    table.string('id', 64).primary().notNullable();
    table.string('title', 200).notNullable();
    table.text('description').notNullable();
    table
      .text('goal')
      .notNullable()
      .comment('JSON: the goal (policy, template or no-finding)');
    table
      .text('scope')
      .notNullable()
      .comment('JSON: the entity filter of the components in scope');
    table.timestamp('starts_at', { useTz: true }).notNullable();
    table.timestamp('deadline', { useTz: true }).notNullable();
    table.string('owner_ref', 255).notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.integer('version').notNullable().defaultTo(1);
    table.index(['deadline'], 'posture_campaigns_deadline_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('posture_campaigns');
};
