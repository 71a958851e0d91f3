import { KnexTimeoutError } from 'knex';
import { isDatabaseUnavailable } from './databaseErrors';

describe('isDatabaseUnavailable', () => {
  it('knows the errors of a database out of reach', () => {
    const pg = (code: string) => Object.assign(new Error('pg'), { code });
    for (const code of ['57P01', '57P03', '08006', '08001', '53300']) {
      expect(isDatabaseUnavailable(pg(code))).toBe(true);
    }
    expect(
      isDatabaseUnavailable(
        Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
      ),
    ).toBe(true);
    expect(
      isDatabaseUnavailable(
        new KnexTimeoutError('Timeout acquiring a connection'),
      ),
    ).toBe(true);
    expect(
      isDatabaseUnavailable(new Error('Connection terminated unexpectedly')),
    ).toBe(true);
    expect(
      isDatabaseUnavailable(
        Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }),
      ),
    ).toBe(true);
  });

  it('leaves every other error to its own answer', () => {
    // a unique violation, a syntax error, a bad input: not "try again later"
    for (const code of ['23505', '42601', '22P02']) {
      expect(
        isDatabaseUnavailable(Object.assign(new Error('pg'), { code })),
      ).toBe(false);
    }
    expect(isDatabaseUnavailable(new Error('something else'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
