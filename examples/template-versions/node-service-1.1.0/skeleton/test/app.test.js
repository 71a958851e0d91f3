import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createHandler, SECURITY_HEADERS } from '../src/app.js';

describe('HTTP handler', () => {
  let ready = true;
  let baseUrl = '';
  const server = createServer(createHandler({ isReady: () => ready }));

  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    baseUrl = `http://127.0.0.1:${address.port}`;
  });

  after(() => {
    server.close();
  });

  it('answers /healthz with 200 and the security headers', async () => {
    const res = await fetch(`${baseUrl}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      assert.equal(res.headers.get(name), value, name);
    }
    assert.match(res.headers.get('content-type'), /^application\/json/);
  });

  it('greets by name on /api/hello', async () => {
    const res = await fetch(`${baseUrl}/api/hello?name=Ada%20Lovelace`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { message: 'Hello, Ada Lovelace!' });
  });

  it('greets the world without a name', async () => {
    const res = await fetch(`${baseUrl}/api/hello`);
    assert.deepEqual(await res.json(), { message: 'Hello, world!' });
  });

  it('rejects markup and overlong names with 400', async () => {
    const markup = await fetch(
      `${baseUrl}/api/hello?name=${encodeURIComponent('<script>')}`,
    );
    assert.equal(markup.status, 400);
    assert.doesNotMatch(await markup.text(), /<script>/);
    const long = await fetch(`${baseUrl}/api/hello?name=${'a'.repeat(65)}`);
    assert.equal(long.status, 400);
  });

  it('answers unknown paths with a JSON 404', async () => {
    const res = await fetch(`${baseUrl}/nope`);
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: 'not found' });
  });

  it('refuses other methods with 405 and an Allow header', async () => {
    const res = await fetch(`${baseUrl}/healthz`, {
      method: 'POST',
      body: 'x',
    });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET, HEAD');
  });

  it('reports not ready while shutting down', async () => {
    assert.equal((await fetch(`${baseUrl}/readyz`)).status, 200);
    ready = false;
    const res = await fetch(`${baseUrl}/readyz`);
    assert.equal(res.status, 503);
    ready = true;
  });

  it('answers a malformed URL with a JSON 400', async () => {
    // "//" makes the path parse as an authority, and "%zz" is not a valid host.
    const res = await fetch(`${baseUrl}//%zz`);
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { error: 'bad request' });
  });
});

describe('HTTP handler failures', () => {
  it('answers 500 without details when a check throws', async () => {
    const failing = createServer(
      createHandler({
        isReady: () => {
          throw new Error('database at 10.0.0.7 refused the password');
        },
      }),
    );
    failing.listen(0, '127.0.0.1');
    await once(failing, 'listening');
    try {
      const res = await fetch(
        `http://127.0.0.1:${failing.address().port}/readyz`,
      );
      assert.equal(res.status, 500);
      const text = await res.text();
      assert.deepEqual(JSON.parse(text), { error: 'internal error' });
      assert.doesNotMatch(text, /10\.0\.0\.7|password|at .*\.js/);
    } finally {
      failing.close();
    }
  });
});
