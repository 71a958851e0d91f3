import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { SecurityPostureClient } from '@golden-path/plugin-security-posture-common';
import { makeException } from '../__testUtils__/exceptions';

const BASE = 'http://backstage.test/api/security-posture';

describe('SecurityPostureClient exceptions and audit', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new SecurityPostureClient({
    discoveryApi: { getBaseUrl: async () => BASE },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });

  it('requests an exception with a JSON body', async () => {
    let body: unknown;
    server.use(
      http.post(`${BASE}/v1/exceptions`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(makeException(), { status: 201 });
      }),
    );
    const request = {
      entityRef: 'component:default/payments-api',
      scope: 'finding' as const,
      findingId: 'f1',
      justification: 'code_not_reachable' as const,
      reason: 'Only the admin CLI calls it.',
      expiresAt: '2026-12-24T00:00:00.000Z',
    };
    await expect(client.requestException(request)).resolves.toEqual(
      makeException(),
    );
    expect(body).toEqual(request);
  });

  it('lists exceptions by entity and state, the ref sent unescaped as the spec allows', async () => {
    let url: URL | undefined;
    server.use(
      http.get(`${BASE}/v1/exceptions`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json({ items: [], nextCursor: null });
      }),
    );
    await client.listExceptions({
      entityRef: 'component:default/payments-api',
      state: ['pending', 'approved'],
      limit: 20,
    });
    expect(url!.searchParams.get('entityRef')).toBe(
      'component:default/payments-api',
    );
    expect(url!.searchParams.getAll('state')).toEqual(['pending', 'approved']);
    expect(url!.searchParams.get('limit')).toBe('20');
  });

  it.each(['approve', 'reject', 'revoke'] as const)(
    '%ss with the comment on its own route',
    async action => {
      let body: unknown;
      server.use(
        http.post(`${BASE}/v1/exceptions/e1/${action}`, async ({ request }) => {
          body = await request.json();
          return HttpResponse.json(makeException({ state: 'approved' }));
        }),
      );
      await client.decideException('e1', action, 'Looks right.');
      expect(body).toEqual({ comment: 'Looks right.' });
    },
  );

  it("throws the server's refusal as a ResponseError with its message", async () => {
    server.use(
      http.post(`${BASE}/v1/exceptions/e1/approve`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message:
                'user:default/ada requested exception e1 and cannot approve it: another person must decide (separation of duties)',
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    const error = await client.decideException('e1', 'approve').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(403);
    expect(error.body.error.message).toContain('separation of duties');
  });

  it('reads the VEX document and the audit log', async () => {
    let auditQuery: URLSearchParams | undefined;
    server.use(
      http.get(`${BASE}/v1/entities/component/default/payments-api/vex`, () =>
        HttpResponse.json(
          { bomFormat: 'CycloneDX', specVersion: '1.6' },
          { headers: { 'Content-Type': 'application/vnd.cyclonedx+json' } },
        ),
      ),
      http.get(`${BASE}/v1/audit`, ({ request }) => {
        auditQuery = new URL(request.url).searchParams;
        return HttpResponse.json({ items: [] });
      }),
    );
    await expect(
      client.getVex('component:default/payments-api'),
    ).resolves.toEqual({ bomFormat: 'CycloneDX', specVersion: '1.6' });
    await expect(
      client.queryAudit({ type: 'exception.approved', limit: 5 }),
    ).resolves.toEqual({ items: [] });
    expect(auditQuery!.get('type')).toBe('exception.approved');
    expect(auditQuery!.get('limit')).toBe('5');
  });
});
