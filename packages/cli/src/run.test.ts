import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import securityPosturePlugin from '@golden-path/plugin-security-posture-backend';
import {
  compliantWorkspace,
  writeWorkspace,
} from '@golden-path/policy/testUtils';
import { run } from './run';
import {
  fixture,
  PAYMENTS,
  paymentsEntities,
} from './__testUtils__/backendFixtures';

jest.setTimeout(120_000);

const entities = paymentsEntities();

/** Captured output of one CLI run. */
function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: (env: Record<string, string | undefined>) => ({
      stdout: { write: (s: string) => (out.stdout += s) },
      stderr: { write: (s: string) => (out.stderr += s) },
      env,
      sleep: async () => {},
    }),
  };
}

describe('golden-path against the real security-posture backend', () => {
  let baseUrl: string;
  const token = mockCredentials.service.token();
  let env: Record<string, string>;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        securityPosturePlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            securityPosture: {
              notifications: { enabled: false },
              // the mock service token's subject, scoped to the component it reports for
              uploads: {
                tokens: [
                  { subject: 'external:test-service', entities: [PAYMENTS] },
                ],
              },
            },
          },
        }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    baseUrl = `http://localhost:${
      (backend.server.address() as AddressInfo).port
    }`;
    env = { GOLDEN_PATH_URL: baseUrl, GOLDEN_PATH_TOKEN: token };
  });

  it('uploads real reports, detects their formats, and says what each did', async () => {
    const { out, io } = capture();
    const code = await run(
      [
        'upload',
        '--entity',
        PAYMENTS,
        fixture('gitleaks/gitleaks_json_simple.json'),
        fixture('trivy/trivy_fs_npm.json'),
      ],
      io(env),
    );
    expect(out.stderr).toBe('');
    expect(code).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /gitleaks_json_simple\.json: gitleaks \(gitleaks\) on main: 1 new, 0 unchanged, 0 fixed, 0 reopened; grade [A-F] \(\d+\)$/,
    );
    expect(lines[1]).toMatch(
      /trivy_fs_npm\.json: trivy \(trivy\) on main: \d+ new/,
    );

    // the same report again: nothing new
    const again = capture();
    await run(
      [
        'upload',
        '--entity',
        PAYMENTS,
        '--json',
        fixture('gitleaks/gitleaks_json_simple.json'),
      ],
      again.io(env),
    );
    const [result] = JSON.parse(again.out.stdout);
    expect(result.result.counts).toMatchObject({
      new: 0,
      unchanged: 1,
      fixed: 0,
    });
  });

  it('asks the gate and exits 0 on warn, printing the reasons and the warning', async () => {
    const { out, io } = capture();
    const code = await run(
      ['gate'],
      io({ ...env, GOLDEN_PATH_ENTITY: PAYMENTS }),
    );
    expect(code).toBe(0);
    expect(out.stdout).toMatch(
      /^component:default\/payments-api: WARN \(grade [A-F], score \d+\)/,
    );
    expect(out.stdout).toMatch(
      /\[warn security-hygiene\/required-scanners\] no sast scanner has reported/,
    );
    expect(out.stderr).toMatch(/allows this deployment with warnings/);
  });

  it('exits 1 when the gate denies (a known-exploited finding)', async () => {
    await run(
      [
        'upload',
        '--entity',
        PAYMENTS,
        fixture(
          'cyclonedx/defectdojo_grype-0.41.0_cyclonedx-1.4_log4j.cdx.json',
        ),
      ],
      capture().io(env),
    );
    const { out, io } = capture();
    const code = await run(['gate', '--entity', PAYMENTS], io(env));
    expect(code).toBe(1);
    expect(out.stdout).toMatch(/DENY/);
    expect(out.stdout).toMatch(
      /\[enforce known-exploited\/no-known-exploited\] 1 open finding\(s\) on the CISA Known Exploited Vulnerabilities list/,
    );
  });

  it('exits 2 with the server message for an unknown entity and a refused report, without retrying', async () => {
    const unknown = capture();
    expect(
      await run(
        ['gate', '--entity', 'component:default/ghost'],
        unknown.io(env),
      ),
    ).toBe(2);
    expect(unknown.out.stderr).toMatch(
      /404 NotFoundError: No (entity|component) component:default\/ghost/,
    );

    const notJson = path.join(os.tmpdir(), `gp-cli-${process.pid}.json`);
    fs.writeFileSync(notJson, 'this is not a report');
    const refused = capture();
    expect(
      await run(['upload', '--entity', PAYMENTS, notJson], refused.io(env)),
    ).toBe(2);
    expect(refused.out.stderr).toMatch(/upload failed: 400/);
    expect(refused.out.stderr).not.toMatch(/retrying/);
    fs.rmSync(notJson);
  });

  it('never prints the token, even in errors', async () => {
    const { out, io } = capture();
    const secret = 'super-secret-token-value-123';
    const code = await run(
      ['gate', '--entity', PAYMENTS, '--token', secret, '--url', baseUrl],
      io({}),
    );
    expect(code).toBe(2);
    expect(out.stderr).toMatch(/401/);
    expect(out.stdout + out.stderr).not.toContain(secret);
  });

  it('retries 503 and 429 (honouring Retry-After) through a proxy, then succeeds', async () => {
    const answers = [503, 429];
    let attempts = 0;
    const target = new URL(baseUrl);
    const proxy = http.createServer((req, res) => {
      attempts += 1;
      const status = answers.shift();
      if (status) {
        req.resume();
        res.writeHead(status, status === 429 ? { 'Retry-After': '0' } : {});
        res.end(JSON.stringify({ error: { name: 'Busy', message: 'busy' } }));
        return;
      }
      const forward = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        upstream => {
          res.writeHead(upstream.statusCode!, upstream.headers);
          upstream.pipe(res);
        },
      );
      req.pipe(forward);
    });
    await new Promise<void>(r => proxy.listen(0, '127.0.0.1', r));
    const proxyUrl = `http://127.0.0.1:${
      (proxy.address() as AddressInfo).port
    }`;
    const { out, io } = capture();
    const code = await run(
      [
        'upload',
        '--entity',
        PAYMENTS,
        '--url',
        proxyUrl,
        fixture('gitleaks/gitleaks_json_simple.json'),
      ],
      io(env),
    );
    await new Promise(r => proxy.close(r));
    expect(code).toBe(0);
    expect(attempts).toBe(3);
    expect(out.stderr).toMatch(
      /HTTP 503, retrying in [\d.]+ s \(attempt 2 of 5\)/,
    );
    expect(out.stderr).toMatch(/HTTP 429, retrying in 0 s \(attempt 3 of 5\)/);
    expect(out.stdout).toMatch(/0 new, 1 unchanged/);
  });

  it('exits 2 when Backstage cannot be reached after its retries', async () => {
    const closed = http.createServer();
    await new Promise<void>(r => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise(r => closed.close(r));
    const { out, io } = capture();
    const code = await run(
      [
        'gate',
        '--entity',
        PAYMENTS,
        '--retries',
        '1',
        '--url',
        `http://127.0.0.1:${port}`,
      ],
      io(env),
    );
    expect(code).toBe(2);
    expect(out.stderr).toMatch(/retrying/);
    expect(out.stderr).toMatch(/cannot reach Backstage \(ECONNREFUSED\)/);
  });

  it('shows a progress bar on a terminal for a large report, streaming it', async () => {
    // a real semgrep SARIF, its results repeated until the report is over 1 MiB
    const doc = JSON.parse(
      fs.readFileSync(
        fixture('sarif/defectdojo_semgrep-1.69.0_issue_10191.sarif.json'),
        'utf8',
      ),
    );
    const results = doc.runs[0].results;
    while (JSON.stringify(doc).length < 1.5 * 1024 * 1024) {
      doc.runs[0].results = doc.runs[0].results.concat(results);
    }
    const big = path.join(os.tmpdir(), `gp-cli-big-${process.pid}.sarif`);
    fs.writeFileSync(big, JSON.stringify(doc));
    const { out, io } = capture();
    const tty = io(env);
    (tty.stderr as { isTTY?: boolean }).isTTY = true;
    const code = await run(
      [
        'upload',
        '--entity',
        'component:default/payments-api',
        '--branch',
        'big-report',
        big,
      ],
      tty,
    );
    fs.rmSync(big);
    expect(code).toBe(0);
    expect(out.stderr).toMatch(/\[=+\] 100% (\d+)\/\1 bytes/);
    expect(out.stdout).toMatch(/sarif \(semgrep\) on big-report: 77 new/);
  });

  it('runs as a real process from its bin', async () => {
    const bin = path.resolve(__dirname, '../bin/golden-path');
    const child = spawn(
      process.execPath,
      [
        bin,
        'upload',
        '--entity',
        PAYMENTS,
        fixture('gitleaks/gitleaks_json_simple.json'),
      ],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => (stdout += d));
    child.stderr.on('data', d => (stderr += d));
    const code = await new Promise<number | null>(r => child.on('close', r));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/gitleaks \(gitleaks\) on main: 0 new, 1 unchanged/);

    const help = spawn(process.execPath, [bin, 'gate', '--help'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let helpText = '';
    help.stdout.on('data', d => (helpText += d));
    expect(await new Promise(r => help.on('close', r))).toBe(0);
    expect(helpText).toMatch(/1 {2}deny/);
    expect(helpText).toMatch(/GOLDEN_PATH_TOKEN/);
  });
});

describe('golden-path policy check', () => {
  it('passes a compliant workspace, fails a broken one with exit 1, and refuses a missing dir', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-cli-ws-'));
    await writeWorkspace(dir, compliantWorkspace());
    const ok = capture();
    expect(await run(['policy', 'check', dir], ok.io({}))).toBe(0);
    expect(ok.out.stdout).toMatch(/No policy violations\./);

    fs.rmSync(path.join(dir, 'SECURITY.md'));
    const bad = capture();
    expect(await run(['policy', 'check', '--json', dir], bad.io({}))).toBe(1);
    const report = JSON.parse(bad.out.stdout);
    expect(report.passed).toBe(false);
    expect(report.results).toContainEqual(
      expect.objectContaining({ rule: 'security-policy', mode: 'enforce' }),
    );

    const missing = capture();
    expect(
      await run(['policy', 'check', path.join(dir, 'nope')], missing.io({})),
    ).toBe(2);
    expect(missing.out.stderr).toMatch(/is not a directory/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
