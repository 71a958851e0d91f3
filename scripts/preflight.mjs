// Checks that a start or a test run can succeed, and says in one line what is wrong when it cannot.
// Usage: node scripts/preflight.mjs [--ports 3000,7007] [--postgres URL]
import net from 'node:net';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const option = name => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function portFree(port) {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', err => resolve(err.code !== 'EADDRINUSE'));
    server.once('listening', () => server.close(() => resolve(true)));
    server.listen(port);
  });
}

async function postgresReachable(url) {
  const { Client } = require('pg');
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: 5000,
  });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error.code ?? error.message;
  } finally {
    await client.end().catch(() => {});
  }
}

const problems = [];
for (const port of (option('--ports') ?? '').split(',').filter(Boolean)) {
  if (!(await portFree(Number(port)))) {
    problems.push(
      `port ${port} is already in use; stop the process that holds it (for example: ss -ltnp 'sport = :${port}') and try again`,
    );
  }
}
const pgUrl = option('--postgres');
if (pgUrl) {
  const failure = await postgresReachable(pgUrl);
  if (failure) {
    const shown = pgUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
    problems.push(
      `PostgreSQL at ${shown} is not reachable (${failure}); start it, or point GOLDEN_PATH_POSTGRES_URL at a running server`,
    );
  }
}
for (const problem of problems) {
  console.error(`golden-path: ${problem}`);
}
process.exit(problems.length ? 1 : 0);
