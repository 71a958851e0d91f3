// @ts-check

/**
 * Dependency inventories (issue #16): the packages each component's SBOMs and scanners' package
 * lists name, per branch and tool, searchable across the fleet by package.
 *
 * `posture_inventory`: one row per (component, branch, tool, purl); an upload of a tool replaces
 * what that tool said about the component's branch (rows added, removed, or updated in place).
 * `posture_components.provided_apis`: the catalog's count of the APIs a component provides, cached
 * like its tier and lifecycle, for the exposure a fleet search answers with.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('posture_inventory', table => {
    table.comment(
      'Packages of each component branch, per tool that listed them (SBOMs, scanner package lists)',
    );
    table
      .string('id', 64)
      .primary()
      .comment('SHA-256 of entity ref, branch, tool and purl (hex)');
    table.string('entity_ref', 255).notNullable().comment('Component');
    table.string('branch', 255).notNullable().comment('Branch of the upload');
    table
      .string('tool', 100)
      .notNullable()
      .comment('Tool whose list named it (normalized name)');
    table
      .string('purl', 1000)
      .notNullable()
      .comment('Package URL with version, as packageurl-js writes it');
    table
      .string('pkg_type', 63)
      .notNullable()
      .comment('purl type, e.g. npm, maven, pypi, golang');
    table
      .string('pkg_namespace', 255)
      .notNullable()
      .defaultTo('')
      .comment(
        'purl namespace (Maven group, npm scope, Go module path); empty when none',
      );
    table.string('pkg_name', 255).notNullable().comment('purl name');
    table
      .string('version', 255)
      .nullable()
      .comment('Version as the ecosystem writes it');
    table
      .text('licenses')
      .notNullable()
      .comment('JSON array of SPDX ids or expressions (or names)');
    table
      .string('scope', 31)
      .nullable()
      .comment(
        'required, optional, excluded (CycloneDX) or dev; null when not said',
      );
    table
      .boolean('direct')
      .nullable()
      .comment(
        'Direct (true) or transitive (false) dependency; null when not said',
      );
    table
      .string('path', 1000)
      .nullable()
      .comment('Manifest, lock file or layer it was found in');
    table
      .string('scan_id', 36)
      .notNullable()
      .comment('Scan that last added or changed the row');
    table
      .timestamp('first_seen_at', { useTz: true })
      .notNullable()
      .comment('When an upload first named it');
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .comment('Last change of this row');
    table.index(
      ['entity_ref', 'branch', 'tool'],
      'posture_inventory_component_idx',
    );
    table.index(
      ['pkg_type', 'pkg_namespace', 'pkg_name', 'branch', 'entity_ref'],
      'posture_inventory_package_idx',
    );
    table.index(['pkg_name', 'pkg_type'], 'posture_inventory_name_idx');
  });
  await knex.schema.alterTable('posture_components', table => {
    table
      .integer('provided_apis')
      .nullable()
      .comment('APIs the component provides (catalog relations), cached');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('posture_components', table => {
    table.dropColumn('provided_apis');
  });
  await knex.schema.dropTable('posture_inventory');
};
