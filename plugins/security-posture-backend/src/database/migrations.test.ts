import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import fs from 'fs';
import { tablesOf } from '../__testUtils__/database';
import { MIGRATIONS_DIRECTORY as MIGRATIONS } from './tables';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** Every table with its columns, as the database describes them. */
async function schemaOf(knex: Awaited<ReturnType<typeof databases.init>>) {
  const out: Record<string, string[]> = {};
  for (const table of await tablesOf(knex)) {
    out[table] = Object.keys(await knex(table).columnInfo()).sort();
  }
  return out;
}

describe.each(databases.eachSupportedId())('migrations on %p', databaseId => {
  it('apply, roll back completely, and apply again to the same schema', async () => {
    const knex = await databases.init(databaseId as TestDatabaseId);
    const files = fs
      .readdirSync(MIGRATIONS)
      .filter(f => f.endsWith('.js'))
      .sort();
    expect(files.length).toBeGreaterThan(0);

    await knex.migrate.latest({ directory: MIGRATIONS });
    const [, applied] = await knex.migrate.list({ directory: MIGRATIONS });
    expect(applied).toEqual([]);
    const first = await schemaOf(knex);
    expect(Object.keys(first)).toContain('posture_findings');

    // every migration's down undoes its up, newest first
    for (let i = files.length; i > 0; i -= 1) {
      await knex.migrate.down({ directory: MIGRATIONS });
    }
    const [completed] = await knex.migrate.list({ directory: MIGRATIONS });
    expect(completed).toEqual([]);
    expect(await schemaOf(knex)).toEqual({});

    await knex.migrate.latest({ directory: MIGRATIONS });
    expect(await schemaOf(knex)).toEqual(first);
    await knex.destroy();
  });

  it('adds the dependency inventory (20261207100000_inventory) and its down removes exactly it', async () => {
    const knex = await databases.init(databaseId as TestDatabaseId);
    const inventory = '20261207100000_inventory.js';
    const files = fs
      .readdirSync(MIGRATIONS)
      .filter(f => f.endsWith('.js'))
      .sort();
    expect(files).toContain(inventory);
    await knex.migrate.latest({ directory: MIGRATIONS });
    const after = await schemaOf(knex);
    expect(after.posture_inventory).toEqual(
      [
        'branch',
        'direct',
        'entity_ref',
        'first_seen_at',
        'id',
        'licenses',
        'path',
        'pkg_name',
        'pkg_namespace',
        'pkg_type',
        'purl',
        'scan_id',
        'scope',
        'tool',
        'updated_at',
        'version',
      ].sort(),
    );
    expect(after.posture_components).toContain('provided_apis');
    // a row as the store writes it, with the defaults the migration gives
    await knex('posture_inventory').insert({
      id: 'a'.repeat(64),
      entity_ref: 'component:default/x',
      branch: 'main',
      tool: 'trivy',
      purl: 'pkg:npm/lodash@4.17.20',
      pkg_type: 'npm',
      pkg_name: 'lodash',
      version: '4.17.20',
      licenses: '["MIT"]',
      direct: true,
      scan_id: 'b'.repeat(36),
      first_seen_at: '2026-12-07T10:00:00.000Z',
      updated_at: '2026-12-07T10:00:00.000Z',
    });
    const [row] = await knex('posture_inventory').select();
    expect(row.pkg_namespace).toBe('');
    expect(Boolean(row.direct)).toBe(true);

    // down of this migration only: the schema without it
    await knex.migrate.down({ directory: MIGRATIONS, name: inventory });
    const before = await schemaOf(knex);
    expect(before.posture_inventory).toBeUndefined();
    expect(before.posture_components).not.toContain('provided_apis');
    expect(Object.keys(before).sort()).toEqual(
      Object.keys(after)
        .filter(t => t !== 'posture_inventory')
        .sort(),
    );
    await knex.destroy();
  });
});
