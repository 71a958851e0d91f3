import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { SecurityPostureClient } from '@golden-path/plugin-security-posture-common';
import {
  makeFindingDetail,
  makePosture,
  makeRow,
} from '../__testUtils__/fixtures';

const BASE = 'http://backstage.test/api/security-posture';

describe('SecurityPostureClient (as the frontend uses it)', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new SecurityPostureClient({
    discoveryApi: { getBaseUrl: async () => BASE },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });

  it('reads a posture from the entity path', async () => {
    const posture = makePosture();
    server.use(
      http.get(
        `${BASE}/v1/entities/component/default/payments-api/posture`,
        () => HttpResponse.json(posture),
      ),
    );
    await expect(
      client.getPosture('component:default/payments-api'),
    ).resolves.toEqual(posture);
  });

  it('sends findings filters as repeated query parameters, with sort and cursor', async () => {
    let seen: URLSearchParams | undefined;
    server.use(
      http.get(
        `${BASE}/v1/entities/component/default/payments-api/findings`,
        ({ request }) => {
          seen = new URL(request.url).searchParams;
          return HttpResponse.json({
            items: [],
            totalCount: 0,
            nextCursor: null,
          });
        },
      ),
    );
    await client.listFindings('component:default/payments-api', {
      status: ['open', 'suppressed'],
      severity: ['critical'],
      kind: [],
      tool: ['trivy', 'grype'],
      q: 'log4j & co',
      sort: 'slaDue',
      order: 'asc',
      limit: 25,
      cursor: 'eyJvIjoyNX0=',
    });
    expect(seen?.getAll('status')).toEqual(['open', 'suppressed']);
    expect(seen?.getAll('severity')).toEqual(['critical']);
    expect(seen?.has('kind')).toBe(false);
    expect(seen?.getAll('tool')).toEqual(['trivy', 'grype']);
    expect(seen?.get('q')).toBe('log4j & co');
    expect(seen?.get('sort')).toBe('slaDue');
    expect(seen?.get('order')).toBe('asc');
    expect(seen?.get('limit')).toBe('25');
    expect(seen?.get('cursor')).toBe('eyJvIjoyNX0=');
  });

  it('encodes the finding id in its path', async () => {
    let path: string | undefined;
    server.use(
      http.get(
        `${BASE}/v1/entities/component/default/payments-api/findings/:id`,
        ({ request }) => {
          path = new URL(request.url).pathname;
          return HttpResponse.json(makeFindingDetail());
        },
      ),
    );
    await client.getFinding('component:default/payments-api', 'a/../b');
    expect(path).toBe(
      '/api/security-posture/v1/entities/component/default/payments-api/findings/a%2F..%2Fb',
    );
  });

  it('reads scorecards and history', async () => {
    server.use(
      http.get(`${BASE}/v1/scorecards`, ({ request }) =>
        HttpResponse.json({
          groupBy: new URL(request.url).searchParams.get('groupBy'),
          items: [makeRow()],
        }),
      ),
      http.get(`${BASE}/v1/history`, ({ request }) => {
        const params = new URL(request.url).searchParams;
        return HttpResponse.json({
          entityRef: params.get('entityRef'),
          points: [
            {
              day: '2026-11-01',
              score: Number(params.get('days')),
              open: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
            },
          ],
        });
      }),
    );
    const list = await client.getScorecards('system');
    expect(list.groupBy).toBe('system');
    expect(list.items[0].entityRef).toBe('group:default/payments');
    const history = await client.getHistory(
      'component:default/payments-api',
      90,
    );
    expect(history.entityRef).toBe('component:default/payments-api');
    expect(history.points[0].score).toBe(90);
  });

  it('throws a ResponseError that carries the backend message', async () => {
    server.use(
      http.get(
        `${BASE}/v1/entities/component/default/payments-api/posture`,
        () =>
          HttpResponse.json(
            {
              error: {
                name: 'NotAllowedError',
                message: 'You may not read component:default/payments-api',
              },
              response: { statusCode: 403 },
            },
            { status: 403 },
          ),
      ),
    );
    const error = await client
      .getPosture('component:default/payments-api')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.body.error.message).toBe(
      'You may not read component:default/payments-api',
    );
  });
});
