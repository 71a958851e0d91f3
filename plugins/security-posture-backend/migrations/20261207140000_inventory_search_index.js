// @ts-check

/**
 * The fleet search (`GET /v1/inventory?type=&name=`) asks for the next components, in entity-ref
 * order, whose inventory of a branch has a package of a type and name (any namespace). The
 * name index (`pkg_name`, `pkg_type`) found every row of the package and sorted them all: for a
 * package in thousands of components, every one read for a page of 50. This index continues with
 * the branch and the entity ref, so a page reads its components in order from the index alone and
 * stops there; it replaces the name index (its first two columns, so it serves what that served).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('posture_inventory', table => {
    table.index(
      ['pkg_name', 'pkg_type', 'branch', 'entity_ref'],
      'posture_inventory_search_idx',
    );
  });
  await knex.schema.alterTable('posture_inventory', table => {
    table.dropIndex(['pkg_name', 'pkg_type'], 'posture_inventory_name_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('posture_inventory', table => {
    table.index(['pkg_name', 'pkg_type'], 'posture_inventory_name_idx');
  });
  await knex.schema.alterTable('posture_inventory', table => {
    table.dropIndex(
      ['pkg_name', 'pkg_type', 'branch', 'entity_ref'],
      'posture_inventory_search_idx',
    );
  });
};
