// @ts-check

/**
 * Template versions and upgrades.
 *
 * `posture_template_versions`: every published version of a golden-path template exactly as it
 * was published (all its files, base64 in JSON) and the digest of its skeleton, so that an old
 * version can be re-rendered for a three-way merge. A version is written once; a republished
 * version with other content keeps the first (the repositories' provenance names that one).
 * `posture_template_upgrades`: the latest upgrade of each component to a template version, with
 * its state, branch, conflicts and change-request description.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('posture_template_versions', table => {
    table.comment('Published template versions, kept for re-rendering');
    table
      .string('template_ref', 255)
      .notNullable()
      .comment('Template entity ref, lower-cased');
    table.string('version', 100).notNullable().comment('Semantic version');
    table
      .string('digest', 80)
      .notNullable()
      .comment('sha256 digest of the skeleton, as provenance records it');
    table
      .text('files', 'longtext')
      .notNullable()
      .comment('Every file of the template directory: JSON of path to base64');
    table
      .string('source', 20)
      .notNullable()
      .comment('Where it was recorded from: catalog or archive');
    table
      .timestamp('recorded_at', { useTz: true })
      .notNullable()
      .comment('When it was recorded');
    table.primary(['template_ref', 'version']);
  });
  await knex.schema.createTable('posture_template_upgrades', table => {
    table.comment('The latest upgrade of each component, per template');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Component, lower-cased entity ref');
    table.string('template_ref', 255).notNullable().comment('Template ref');
    table.string('from_version', 100).notNullable();
    table.string('to_version', 100).notNullable();
    table
      .string('state', 20)
      .notNullable()
      .comment('opened, updated, unchanged, up-to-date, blocked or failed');
    table.string('branch', 255).nullable();
    table.string('commit', 64).nullable();
    table.string('change_url', 1024).nullable();
    table.integer('conflicts').notNullable().defaultTo(0);
    table.text('changes').notNullable().comment('JSON list of file changes');
    table.text('description').notNullable().comment('Change request text');
    table.text('error').nullable().comment('Why it stopped (failed)');
    table.string('requested_by', 255).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['entity_ref', 'template_ref']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('posture_template_upgrades');
  await knex.schema.dropTable('posture_template_versions');
};
