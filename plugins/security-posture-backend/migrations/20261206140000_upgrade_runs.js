// @ts-check

/**
 * Template upgrades as durable jobs (issue #14): "upgrade all behind" is a run of one job per
 * component, which workers on any replica claim, run and record.
 *
 * - `posture_upgrade_runs`: one row per run: the template, the target version and answers, who
 *   asked, how many components, when it finished.
 * - `posture_upgrade_jobs`: one row per component of a run: queued, running (claimed by a worker
 *   until its lease ends: a worker that died releases it by its lease running out) or done, with
 *   the upgrade's outcome.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('posture_upgrade_runs', table => {
    table.comment('Runs of template upgrades over many components');
    table.string('id', 36).primary().comment('Run id (uuid)');
    table
      .string('template_ref', 255)
      .notNullable()
      .comment('The template, lower-cased entity ref');
    table
      .string('target_version', 63)
      .nullable()
      .comment('The version asked for; null: the newest published when run');
    table.text('answers').nullable().comment('JSON answers for new questions');
    table
      .string('requested_by', 255)
      .notNullable()
      .comment('Who started the run (entity ref)');
    table.integer('total').notNullable().comment('How many components');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table
      .timestamp('finished_at', { useTz: true })
      .nullable()
      .comment('When the last job finished');
    table.index(['template_ref', 'created_at'], 'posture_upgrade_runs_tpl_idx');
  });
  await knex.schema.createTable('posture_upgrade_jobs', table => {
    table.comment('One component of a run of template upgrades');
    table.bigIncrements('id').primary();
    table
      .string('run_id', 36)
      .notNullable()
      .references('id')
      .inTable('posture_upgrade_runs')
      .onDelete('CASCADE');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('The component, lower-cased entity ref');
    table
      .string('host', 255)
      .notNullable()
      .comment('Host of its repository (concurrency is bounded per host)');
    table.string('state', 10).notNullable().comment('queued, running or done');
    table
      .string('claimed_by', 100)
      .nullable()
      .comment('The worker running it (a random id per replica)');
    table
      .timestamp('lease_until', { useTz: true })
      .nullable()
      .comment(
        'Until when the claim holds; after that another worker may take it',
      );
    table.integer('attempts').notNullable().defaultTo(0);
    table
      .string('outcome', 20)
      .nullable()
      .comment(
        'The upgrade state once done: opened, updated, up-to-date, blocked, failed',
      );
    table.text('error').nullable().comment('Why it failed or stopped');
    table.string('branch', 255).nullable();
    table.string('change_url', 1000).nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['run_id', 'id'], 'posture_upgrade_jobs_run_idx');
    table.index(['state', 'id'], 'posture_upgrade_jobs_state_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('posture_upgrade_jobs');
  await knex.schema.dropTable('posture_upgrade_runs');
};
