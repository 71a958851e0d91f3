import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('uses defaults when nothing is set', () => {
    assert.deepEqual(loadConfig({}), {
      port: 8080,
      host: '0.0.0.0',
      shutdownTimeoutMs: 10000,
    });
  });

  it('reads PORT and HOST', () => {
    const config = loadConfig({ PORT: '9090', HOST: '127.0.0.1' });
    assert.equal(config.port, 9090);
    assert.equal(config.host, '127.0.0.1');
  });

  it('rejects a PORT that is not a whole number in range', () => {
    assert.throws(
      () => loadConfig({ PORT: '80abc' }),
      /PORT must be a whole number/,
    );
    assert.throws(
      () => loadConfig({ PORT: '70000' }),
      /PORT must be between 0 and 65535/,
    );
    assert.throws(
      () => loadConfig({ PORT: '-1' }),
      /PORT must be a whole number/,
    );
  });
});
