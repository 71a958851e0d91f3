// @ts-check

/**
 * Locks of runs that must not overlap across replicas (e.g. the upgrades of one template).
 *
 * `posture_run_locks`: one row per held lock, with who holds it and until when; a lock past its
 * expiry (a replica that died holding it) may be taken over.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('posture_run_locks', table => {
    table.comment('Locks of runs that must not overlap across replicas');
    table
      .string('lock_key', 300)
      .primary()
      .comment(
        'What is locked, e.g. template-upgrades:template:default/node-service',
      );
    table
      .string('holder', 100)
      .notNullable()
      .comment('Who holds it (a random id)');
    table
      .timestamp('expires_at', { useTz: true })
      .notNullable()
      .comment('When the lock may be taken over if not released');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('posture_run_locks');
};
