import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { insertRows } from './insertRows';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

async function createTable(knex: Knex, name: string) {
  await knex.schema.createTable(name, table => {
    table.increments('id');
    table.string('ref').notNullable();
    table.text('message');
    table.integer('count').notNullable().defaultTo(0);
    table.boolean('flag');
    table.timestamp('at', { useTz: true });
    table.text('weird "name"');
  });
}

describe.each(databases.eachSupportedId())('insertRows on %p', databaseId => {
  it('stores the same rows as knex multi-row insert, in the transaction, and nothing when it rolls back', async () => {
    const knex = await databases.init(databaseId as TestDatabaseId);
    await createTable(knex, 'ours');
    await createTable(knex, 'knexs');
    const at = new Date('2026-12-07T10:00:00.000Z');
    const rows: Record<string, unknown>[] = [
      {
        ref: 'a',
        message: 'it\'s "quoted" ; -- text',
        count: 3,
        flag: true,
        at,
      },
      // a row that leaves columns out, or names them undefined, gets NULL for them
      { ref: 'b', message: undefined, count: 0, flag: false },
      {
        ref: 'c',
        count: 7,
        'weird "name"': 'odd column',
        at: at.toISOString(),
      },
      ...Array.from({ length: 450 }, (_, i) => ({
        ref: `bulk-${i}`,
        message: `message ${i} ✓`,
        count: i,
        flag: i % 2 === 0,
        at,
      })),
    ];
    await knex.transaction(async tx => {
      await insertRows(tx, 'ours', rows);
      // visible in the transaction that wrote them
      expect(Number((await tx('ours').count({ n: '*' }))[0].n)).toBe(453);
    });
    await knex.transaction(async tx => {
      for (let i = 0; i < rows.length; i += 400) {
        await tx('knexs').insert(rows.slice(i, i + 400));
      }
    });
    const read = (table: string) =>
      knex(table)
        .select('ref', 'message', 'count', 'flag', 'at', 'weird "name"')
        .orderBy('id');
    const ours = await read('ours');
    expect(ours).toEqual(await read('knexs'));
    expect(ours).toHaveLength(453);
    expect(ours[0].message).toBe('it\'s "quoted" ; -- text');
    expect(ours[1].message).toBeNull();
    expect(ours[2]['weird "name"']).toBe('odd column');

    // a write that fails later in its transaction leaves none of the rows
    await expect(
      knex.transaction(async tx => {
        await insertRows(tx, 'ours', [{ ref: 'rolled-back', count: 1 }]);
        throw new Error('a later step failed');
      }),
    ).rejects.toThrow('a later step failed');
    expect(await knex('ours').where({ ref: 'rolled-back' })).toEqual([]);

    // outside a transaction it is knex's insert
    await insertRows(knex, 'ours', [{ ref: 'alone', count: 2 }]);
    expect(await knex('ours').where({ ref: 'alone' }).select('count')).toEqual([
      { count: 2 },
    ]);
  });
});
