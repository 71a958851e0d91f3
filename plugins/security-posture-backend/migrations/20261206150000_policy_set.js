// @ts-check

/**
 * The posture policies every replica evaluates (issue #14): one row (id 1) with the policy files'
 * texts and their digest, written by the replica that starts with a set different from the one
 * stored, read by the others before they store a posture. Replicas of two releases with different
 * policy files then agree on one set instead of recomputing each other's postures.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('posture_policy_set', table => {
    table.comment('The posture policies every replica evaluates (one row)');
    table.integer('id').primary().comment('Always 1: the table holds one row');
    table
      .string('digest', 64)
      .notNullable()
      .comment(
        'Digest of the files (labels and texts); stored postures carry the digest they were evaluated with',
      );
    table
      .text('sources')
      .notNullable()
      .comment('JSON [{file, content}]: every policy file, as YAML text');
    table
      .integer('policy_count')
      .notNullable()
      .comment('How many policies the files hold');
    table
      .string('published_by', 255)
      .notNullable()
      .comment('Host name of the replica that published the set');
    table
      .timestamp('published_at', { useTz: true })
      .notNullable()
      .comment('When the set was published');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('posture_policy_set');
};
