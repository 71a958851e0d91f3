import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { behind, parseChangelog } from '@golden-path/template-upgrade';
import { readFixture } from '../parsers/testFixtures';
import {
  madeFromNodeService,
  NODE_SERVICE_LATEST,
  nodeServiceTemplate,
} from '../__testUtils__/templateEntities';
import {
  denyAll,
  startPostureBackend,
  uploadReport,
} from '../__testUtils__/backend';

jest.setTimeout(60_000);

const REPO = path.resolve(__dirname, '../../../..');
const TEMPLATES = path.join(REPO, 'templates');

describe('parseChangelog', () => {
  it('reads every real template changelog: versions, dates and [security] entries', () => {
    for (const name of ['node-service', 'python-service', 'go-service']) {
      const text = fs.readFileSync(
        path.join(TEMPLATES, name, 'CHANGELOG.md'),
        'utf8',
      );
      const versions = parseChangelog(text);
      expect(versions.length).toBeGreaterThan(0);
      expect(versions[0].version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(versions[0].releasedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const security = versions[0].changelog.filter(e => e.security);
      // the tag is taken off the text; the count is the newest section's own
      const newest = text.split(/^## /m)[1];
      expect(security.length).toBe(
        (newest.match(/^- \[security\]/gm) ?? []).length,
      );
      expect(security.every(e => !e.text.includes('[security]'))).toBe(true);
    }
  });

  it('counts the versions and security releases a version is behind', () => {
    const versions = parseChangelog(
      [
        '# Changelog',
        '',
        '## 1.2.0 - 2026-12-01',
        '',
        '- Docs only.',
        '',
        '## 1.1.0 - 2026-11-30',
        '',
        '- [security] Distroless base image pinned by digest,',
        '  continued on a second line.',
        '- A README section.',
        '',
        '## 1.0.0 - 2026-11-23',
        '',
        '- First release.',
        '',
        '## not-a-version',
        '- ignored',
      ].join('\n'),
    );
    expect(versions.map(v => v.version)).toEqual(['1.2.0', '1.1.0', '1.0.0']);
    expect(versions[1].changelog).toEqual([
      {
        text: 'Distroless base image pinned by digest, continued on a second line.',
        security: true,
      },
      { text: 'A README section.', security: false },
    ]);
    expect(behind(versions, '1.0.0')).toEqual({
      behindBy: 2,
      securityReleasesBehind: 1,
    });
    expect(behind(versions, '1.2.0')).toEqual({
      behindBy: 0,
      securityReleasesBehind: 0,
    });
    expect(behind(versions, 'garbage')).toBeUndefined();
  });
});

describe('the templates API', () => {
  async function start(options: {
    location: string;
    localRoots: string[];
    deny?: boolean;
    /** Limit posture reads to these components (as an owners-only policy would). */
    readable?: string[];
  }) {
    const { server } = await startPostureBackend({
      entities: [
        nodeServiceTemplate(options.location),
        madeFromNodeService('orders-api', '1.0.0', {
          owner: 'group:default/payments',
        }),
        madeFromNodeService('billing-api', '1.0.0', {
          owner: 'group:default/payments',
        }),
        madeFromNodeService('old-api', '0.9.0', {
          owner: 'group:default/identity',
        }),
      ],
      config: {
        securityPosture: {
          templates: { localRoots: options.localRoots },
          notifications: { enabled: false },
          // the tests' CI credential reports for the one component it uploads for
          uploads: {
            tokens: [
              {
                subject: 'external:test-service',
                entities: ['component:default/old-api'],
              },
            ],
          },
        },
      },
      permissions: options.deny
        ? denyAll()
        : options.readable && readOnly(options.readable),
    });
    return server;
  }

  /** A policy that lets a person read the posture of `refs` only, and allows everything else. */
  function readOnly(refs: string[]) {
    return mockServices.permissions.mock({
      async authorize(requests) {
        return requests.map(r => ({
          result:
            r.permission.name !== 'security-posture.posture.read' ||
            refs.includes((r as { resourceRef?: string }).resourceRef ?? '')
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        }));
      },
      async authorizeConditional(requests) {
        // conditional, as the catalog's isEntityOwner rule would answer: decided per component
        return requests.map(() => ({
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: 'catalog-entity',
          conditions: { rule: 'IS_ENTITY_OWNER', params: { claims: [] } },
        })) as any;
      },
    });
  }
  const user = mockCredentials.user.header();

  it('lists only the components, and upgrades only those, a person may read the posture of', async () => {
    const server = await start({
      location: `file:${path.join(TEMPLATES, 'node-service', 'template.yaml')}`,
      localRoots: [TEMPLATES],
      readable: ['component:default/orders-api'],
    });
    const components = await request(server)
      .get('/api/security-posture/v1/templates/default/node-service/components')
      .set('Authorization', user);
    expect(components.status).toBe(200);
    expect(components.body.items.map((c: any) => c.entityRef)).toEqual([
      'component:default/orders-api',
    ]);
    const hidden = await request(server)
      .post('/api/security-posture/v1/templates/default/node-service/upgrades')
      .set('Authorization', user)
      .send({ entityRefs: ['billing-api'], dryRun: true });
    expect(hidden.status).toBe(403);
    expect(hidden.body.error.message).toBe(
      'not allowed to read the security posture of component:default/billing-api, so not to upgrade it',
    );
    const upgrades = await request(server)
      .get('/api/security-posture/v1/templates/default/node-service/upgrades')
      .set('Authorization', user);
    expect(upgrades.status).toBe(200);
    expect(upgrades.body.items).toEqual([]);
  });

  it('lists templates with the versions of their real CHANGELOG and adoption by version', async () => {
    const server = await start({
      location: `file:${path.join(TEMPLATES, 'node-service', 'template.yaml')}`,
      localRoots: [TEMPLATES],
    });
    const res = await request(server)
      .get('/api/security-posture/v1/templates')
      .set('Authorization', user);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    const [template] = res.body.items;
    expect(template).toMatchObject({
      ref: 'template:default/node-service',
      namespace: 'default',
      name: 'node-service',
      title: 'Node.js service',
      latestVersion: NODE_SERVICE_LATEST,
      adoption: [
        { version: '1.0.0', components: 2 },
        { version: '0.9.0', components: 1 },
      ],
    });
    // the newest section of the real CHANGELOG is the version template.yaml declares
    expect(template.versions[0].version).toBe(NODE_SERVICE_LATEST);
    // 1.0.0 and 1.1.0 are behind it; every one of them is a security release
    expect(template.versions.map((v: any) => v.version)).toEqual([
      NODE_SERVICE_LATEST,
      '1.1.0',
      '1.0.0',
    ]);
    expect(template.versions[0].changelog.some((e: any) => e.security)).toBe(
      true,
    );

    const components = await request(server)
      .get('/api/security-posture/v1/templates/default/node-service/components')
      .set('Authorization', user);
    expect(components.status).toBe(200);
    expect(components.body.items[0]).toEqual({
      entityRef: 'component:default/old-api',
      owner: 'group:default/identity',
      version: '0.9.0',
      behindBy: 3,
      securityReleasesBehind: 3,
      drifted: null,
      upgrade: null,
    });
    expect(components.body.items.map((c: any) => c.behindBy)).toEqual([
      3, 2, 2,
    ]);

    const unknown = await request(server)
      .get('/api/security-posture/v1/templates/default/nope/components')
      .set('Authorization', user);
    expect(unknown.status).toBe(404);
  });

  it("gives a component's posture its template version and how far behind it is", async () => {
    const server = await start({
      location: `file:${path.join(TEMPLATES, 'node-service', 'template.yaml')}`,
      localRoots: [TEMPLATES],
    });
    const upload = await uploadReport(
      server,
      'component:default/old-api',
      readFixture('gitleaks/gitleaks_json_simple.json'),
    );
    expect(upload.status).toBe(201);
    const posture = await request(server)
      .get(
        '/api/security-posture/v1/entities/component/default/old-api/posture',
      )
      .set('Authorization', user);
    expect(posture.body.template).toEqual({
      ref: 'template:default/node-service',
      version: '0.9.0',
      latestVersion: NODE_SERVICE_LATEST,
      behindBy: 3,
      securityReleasesBehind: 3,
      // no repository the backend can read
      drifted: null,
    });
  });

  it('never reads a changelog outside the configured roots', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-tpl-'));
    fs.writeFileSync(
      path.join(outside, 'CHANGELOG.md'),
      '## 9.9.9 - 2026-01-01\n\n- [security] should never be read\n',
    );
    const server = await start({
      location: `file:${path.join(outside, 'template.yaml')}`,
      localRoots: [TEMPLATES],
    });
    const res = await request(server)
      .get('/api/security-posture/v1/templates')
      .set('Authorization', user);
    // only the version the template itself declares; nothing from the file outside the roots
    expect(res.body.items[0].versions).toEqual([
      { version: NODE_SERVICE_LATEST, releasedAt: null, changelog: [] },
    ]);
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('refuses unauthenticated callers and callers the policy denies', async () => {
    const server = await start({
      location: `file:${path.join(TEMPLATES, 'node-service', 'template.yaml')}`,
      localRoots: [TEMPLATES],
      deny: true,
    });
    expect(
      (await request(server).get('/api/security-posture/v1/templates')).status,
    ).toBe(401);
    const denied = await request(server)
      .get('/api/security-posture/v1/templates')
      .set('Authorization', user);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(
      /security-posture\.template\.read/,
    );
  });
});
