import { mockCredentials } from '@backstage/backend-test-utils';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import {
  API,
  startPostureBackend,
  TestServer,
  uploadReport,
} from './__testUtils__/backend';
import { readFixture } from './parsers/testFixtures';

jest.setTimeout(120_000);

/**
 * PostgreSQL restarted under a running backend, on a cluster of the test's own (the machine's
 * shared server is other tests' and is never touched): PostgreSQL 15's binaries, run as the
 * `postgres` user when the test runs as root (the server refuses to run as root).
 */
const BIN = process.env.POSTGRES15_BIN ?? '/usr/lib/postgresql/15/bin';
const RUNUSER = '/usr/sbin/runuser';
const PAYMENTS = 'component:default/payments-api';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** What the test needs of the machine, or an error that says what is missing. */
function requireTools(): { asPostgres: boolean } {
  const missing = ['initdb', 'pg_ctl']
    .map(b => path.join(BIN, b))
    .filter(b => !fs.existsSync(b));
  if (missing.length > 0) {
    throw new Error(
      `this test starts a PostgreSQL 15 cluster of its own and needs its binaries: ${missing.join(
        ', ',
      )} not found (install postgresql-15, or set POSTGRES15_BIN to their directory)`,
    );
  }
  const asPostgres = process.getuid?.() === 0;
  if (asPostgres && !fs.existsSync(RUNUSER)) {
    throw new Error(
      `this test runs as root, and PostgreSQL refuses to: it needs ${RUNUSER} (util-linux) to run the server as the postgres user`,
    );
  }
  return { asPostgres };
}

/** A free TCP port on the loopback interface. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A PostgreSQL cluster in a temporary directory, on a free port, started and stopped by pg_ctl. */
class PrivateCluster {
  readonly dir: string;
  readonly data: string;
  port = 0;

  private constructor(
    private readonly asPostgres: boolean,
    owner?: { uid: number; gid: number },
  ) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'posture-pg-'));
    this.data = path.join(this.dir, 'data');
    if (owner) {
      fs.chownSync(this.dir, owner.uid, owner.gid);
    }
  }

  static create(): PrivateCluster {
    const { asPostgres } = requireTools();
    if (!asPostgres) {
      return new PrivateCluster(false);
    }
    let owner: { uid: number; gid: number };
    try {
      owner = {
        uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
        gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
      };
    } catch (error) {
      throw new Error(
        `this test runs as root and runs PostgreSQL as the postgres user, which this machine lacks: ${error}`,
      );
    }
    return new PrivateCluster(true, owner);
  }

  /** Runs one of PostgreSQL's programs (as the postgres user when root); its output on failure. */
  run(program: string, args: string[]): string {
    const file = path.join(BIN, program);
    const [command, argv] = this.asPostgres
      ? [RUNUSER, ['-u', 'postgres', '--', file, ...args]]
      : [file, args];
    try {
      return execFileSync(command, argv, {
        cwd: this.dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 60_000,
      }).toString();
    } catch (error) {
      const e = error as { stdout?: Buffer; stderr?: Buffer; message: string };
      throw new Error(
        `${[command, ...argv].join(' ')} failed: ${e.message}\n${
          e.stdout?.toString() ?? ''
        }${e.stderr?.toString() ?? ''}${this.log()}`,
      );
    }
  }

  /** The server's log so far (for failure messages). */
  log(): string {
    try {
      return `\n--- server log ---\n${fs.readFileSync(
        path.join(this.dir, 'server.log'),
        'utf8',
      )}`;
    } catch {
      return '';
    }
  }

  async init(): Promise<void> {
    this.port = await freePort();
    this.run('initdb', [
      '-D',
      this.data,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
  }

  start(): void {
    this.run('pg_ctl', [
      'start',
      '-D',
      this.data,
      '-l',
      path.join(this.dir, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      // its socket in its own directory, its TCP port on the loopback only; no fsync (a test's data)
      `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dir} -c fsync=off`,
    ]);
  }

  stop(): void {
    this.run('pg_ctl', ['stop', '-D', this.data, '-m', 'fast', '-w']);
  }

  /** Stops the server if it runs, and removes the cluster's files; never throws. */
  destroy(): void {
    try {
      if (fs.existsSync(path.join(this.data, 'postmaster.pid'))) {
        this.run('pg_ctl', ['stop', '-D', this.data, '-m', 'immediate', '-w']);
      }
    } catch {
      // removed below all the same
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

describe('PostgreSQL restarted under a running backend', () => {
  let cluster: PrivateCluster | undefined;
  let knex: Knex | undefined;
  let server: TestServer;

  beforeAll(async () => {
    cluster = PrivateCluster.create();
    await cluster.init();
    cluster.start();
    // knex' own pool defaults, as a Backstage backend has them unless configured
    knex = knexFactory({
      client: 'pg',
      connection: {
        host: '127.0.0.1',
        port: cluster.port,
        user: 'postgres',
        database: 'postgres',
      },
    });
    ({ server } = await startPostureBackend({
      knex,
      config: { securityPosture: { notifications: { enabled: false } } },
    }));
  });

  afterAll(async () => {
    // the backend is stopped by startTestBackend's own afterAll; the cluster goes even on failure
    await knex?.destroy().catch(() => undefined);
    cluster?.destroy();
  });

  const health = () => request(server).get(`${API}/health`);
  const findings = (query = '') =>
    request(server)
      .get(`${API}/v1/entities/component/default/payments-api/findings${query}`)
      .set('Authorization', mockCredentials.user.header());
  const posture = () =>
    request(server)
      .get(`${API}/v1/entities/component/default/payments-api/posture`)
      .set('Authorization', mockCredentials.user.header());

  it('answers 503 with Retry-After while PostgreSQL is down, and answers again once it is back, without a restart of its own', async () => {
    const grype = readFixture(
      'grype',
      'defectdojo_grype_many_vulns_with_epss_values.json',
    );
    const semgrep = readFixture(
      'sarif',
      'defectdojo_semgrep-1.69.0_issue_10191.sarif.json',
    );

    const first = await uploadReport(server, PAYMENTS, grype);
    expect(first.status).toBe(201);
    expect(first.body.counts.new).toBeGreaterThan(0);
    const before = await findings('?limit=1');
    expect(before.status).toBe(200);
    expect(before.body.totalCount).toBe(first.body.counts.new);
    expect((await health()).status).toBe(200);

    cluster!.stop();

    // down: the probe says so, the API answers 503 with Retry-After (never a 500 with the driver's words)
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.body).toEqual({
      status: 'error',
      message: 'the security-posture database is unavailable',
    });
    const refused = await uploadReport(server, PAYMENTS, semgrep);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.body.error).toEqual({
      name: 'ServiceUnavailableError',
      message:
        'the security-posture database is unavailable; nothing was written, try again shortly',
    });
    const read = await posture();
    expect(read.status).toBe(503);
    expect(read.headers['retry-after']).toBe('5');
    expect(read.body.error.name).toBe('ServiceUnavailableError');

    cluster!.start();

    // the same backend (same server, same pool) answers again: first the probe
    let back = await health();
    for (let i = 0; i < 40 && back.status !== 200; i += 1) {
      await sleep(250);
      back = await health();
    }
    expect(back.status).toBe(200);
    expect(back.body).toEqual({ status: 'ok' });

    // then a write and reads, each at the first try
    const again = await uploadReport(server, PAYMENTS, semgrep);
    expect(again.status).toBe(201);
    expect(again.body.counts.new).toBeGreaterThan(0);
    // the read returns what was there before the restart and what was written after it
    const after = await findings('?limit=1');
    expect(after.status).toBe(200);
    expect(after.body.totalCount).toBe(
      first.body.counts.new + again.body.counts.new,
    );
    for (const upload of [first, again]) {
      const ofTool = await findings(`?limit=1&tool=${upload.body.tools[0]}`);
      expect(ofTool.body.totalCount).toBe(upload.body.counts.new);
    }
    const served = await posture();
    expect(served.status).toBe(200);
    expect(served.body.state).toBe('scanned');
    expect(
      new Set(
        served.body.coverage.flatMap((c: { tools: string[] }) => c.tools),
      ),
    ).toEqual(new Set([...first.body.tools, ...again.body.tools]));
  });
});
