// @ts-check

/**
 * Advisories in OSV format (issue #16 item 3), matched against the stored dependency inventories.
 *
 * `posture_advisories`: one row per advisory (OSV id), with what matching needs: aliases, the
 * `modified` time it was written with (a refresh that brings the same time writes nothing), the
 * affected packages with their ranges and versions, the fixed versions and the severity.
 * `posture_advisory_packages`: the packages each advisory affects, by purl type, namespace and
 * name, so an uploaded inventory finds its advisories (and an advisory its components) by index.
 * `posture_advisory_stamp`: one row (id 1) whose version grows with every refresh that wrote.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('posture_advisories', table => {
    table.comment(
      'Advisories in OSV format (shipped seed and configured exports)',
    );
    table
      .string('id', 100)
      .primary()
      .comment('OSV id, e.g. GHSA-jfh8-c2jp-5v3q');
    table
      .text('aliases')
      .notNullable()
      .comment('JSON array of the other ids of the vulnerability (CVE ...)');
    table
      .string('modified', 40)
      .notNullable()
      .comment('OSV modified time, as the record writes it');
    table
      .string('withdrawn', 40)
      .nullable()
      .comment('OSV withdrawn time; a withdrawn advisory matches nothing');
    table.string('summary', 500).notNullable().comment('OSV summary (or id)');
    table
      .string('severity', 10)
      .notNullable()
      .comment(
        'critical, high, medium, low or info (CVSS v3 score, else the database severity)',
      );
    table
      .text('affected')
      .notNullable()
      .comment(
        'JSON: affected packages (ecosystem, purl type, namespace, name) with their ranges (type, events) and versions',
      );
    table
      .text('fixed_versions')
      .notNullable()
      .comment('JSON array of every fixed version the ranges name');
    table
      .text('details')
      .notNullable()
      .comment('JSON: CWE ids and the advisory URL a finding links to');
    table
      .string('source', 1000)
      .notNullable()
      .comment('What wrote it last: seed, or the export URL');
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .comment('When this row was last written');
  });
  await knex.schema.createTable('posture_advisory_packages', table => {
    table.comment('Packages each advisory affects, for matching by index');
    table
      .string('advisory_id', 100)
      .notNullable()
      .comment('posture_advisories.id');
    table.string('pkg_type', 63).notNullable().comment('purl type');
    table
      .string('pkg_namespace', 255)
      .notNullable()
      .defaultTo('')
      .comment('purl namespace; empty when none');
    table.string('pkg_name', 255).notNullable().comment('purl name');
    table.primary(['advisory_id', 'pkg_type', 'pkg_namespace', 'pkg_name']);
    table.index(
      ['pkg_type', 'pkg_name', 'pkg_namespace'],
      'posture_advisory_packages_package_idx',
    );
  });
  await knex.schema.createTable('posture_advisory_stamp', table => {
    table.comment(
      'One row: the version of posture_advisories, bumped by every refresh that wrote',
    );
    table.integer('id').primary().comment('Always 1: the table holds one row');
    table
      .bigInteger('version')
      .notNullable()
      .comment('Grows by one with every refresh that wrote advisories');
    table
      .integer('advisory_count')
      .notNullable()
      .comment('Advisories stored after the last write');
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .comment('When advisories were last written');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('posture_advisory_stamp');
  await knex.schema.dropTable('posture_advisory_packages');
  await knex.schema.dropTable('posture_advisories');
};
