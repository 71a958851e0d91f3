import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const serverPath = fileURLToPath(new URL('../src/server.js', import.meta.url));

describe('server process', () => {
  it('listens on the port from the environment and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [serverPath], {
      env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout });
    const logs = [];
    let port = 0;
    for await (const line of lines) {
      const entry = JSON.parse(line);
      logs.push(entry);
      if (entry.msg === 'listening') {
        port = entry.port;
        break;
      }
    }
    assert.ok(port > 0, 'the server logged its port');
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(res.status, 200);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });

  it('refuses to start with an invalid PORT', async () => {
    const child = spawn(process.execPath, [serverPath], {
      env: { PATH: process.env.PATH, PORT: 'http' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', chunk => {
      output += chunk;
    });
    const [code] = await once(child, 'exit');
    assert.equal(code, 1);
    assert.match(output, /PORT must be a whole number/);
  });
});
