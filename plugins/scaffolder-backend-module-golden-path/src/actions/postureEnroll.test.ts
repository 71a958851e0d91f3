import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createPostureEnrollAction } from './postureEnroll';
import { captureLogger } from '../testUtils/captureLogger';

type Recorded = {
  method?: string;
  url?: string;
  headers: http.IncomingHttpHeaders;
  body: string;
};

/** A real HTTP server standing in for the security-posture backend; it records requests. */
async function postureServer(status: number, answer: string) {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', c => (body += c));
    req.on('end', () => {
      requests.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body,
      });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(answer);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}/api/security-posture`;
  const discovery = {
    getBaseUrl: async (pluginId: string) => {
      if (pluginId !== 'security-posture')
        throw new Error(`unexpected plugin ${pluginId}`);
      return baseUrl;
    },
    getExternalBaseUrl: async () => baseUrl,
  };
  return {
    requests,
    discovery,
    close: () => new Promise(r => server.close(r)),
  };
}

const input = {
  entityRef: 'component:default/payments-api',
  tier: 1,
  lifecycle: 'production' as const,
  expectedScanners: ['secret', 'sca', 'secret'] as Array<'secret' | 'sca'>,
  templateRef: 'template:default/node-service',
  templateVersion: '1.0.0',
};

describe('goldenpath:posture:enroll (contract with POST /v1/components)', () => {
  it('posts the component with a plugin-to-plugin token on behalf of the person who ran the template', async () => {
    const server = await postureServer(
      201,
      '{"entityRef":"component:default/payments-api"}',
    );
    try {
      const action = createPostureEnrollAction({
        discovery: server.discovery,
        auth: mockServices.auth(),
      });
      const ctx = createMockActionContext({ input });
      await action.handler(ctx);
      expect(server.requests).toHaveLength(1);
      const [request] = server.requests;
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/api/security-posture/v1/components');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers.authorization).toMatch(
        /^Bearer .*"target":"security-posture"/,
      );
      // the initiator (the mock context's user), not the scaffolder's own service identity
      expect(request.headers.authorization).toContain(
        '"obo":"user:default/mock"',
      );
      expect(request.headers.authorization).not.toMatch(/"sub":"/);
      expect(JSON.parse(request.body)).toEqual({
        entityRef: 'component:default/payments-api',
        tier: 1,
        lifecycle: 'production',
        expectedScanners: ['secret', 'sca'],
        template: { ref: 'template:default/node-service', version: '1.0.0' },
      });
      expect(ctx.output).toHaveBeenCalledWith('enrolled', true);
    } finally {
      await server.close();
    }
  });

  it.each([
    [
      400,
      '{"error":{"name":"InputError","message":"unknown tier"}}',
      /HTTP 400 unknown tier/,
    ],
    [
      409,
      '{"error":{"message":"already enrolled"}}',
      /HTTP 409 already enrolled/,
    ],
    [500, 'boom\n  at stack', /HTTP 500 boom at stack/],
  ])(
    'turns HTTP %d into a clear task error without the token',
    async (status, answer, message) => {
      const server = await postureServer(status, answer);
      const log = captureLogger();
      try {
        const action = createPostureEnrollAction({
          discovery: server.discovery,
          auth: mockServices.auth(),
        });
        const error: Error = await action
          .handler(createMockActionContext({ input, logger: log.logger }))
          .then(
            () => new Error('no error'),
            e => e,
          );
        expect(error.message).toMatch(
          /the security-posture backend refused to enroll component:default\/payments-api/,
        );
        expect(error.message).toMatch(message);
        const token = String(server.requests[0].headers.authorization).slice(
          'Bearer '.length,
        );
        expect(`${error.message}\n${log.text()}`).not.toContain(token);
      } finally {
        await server.close();
      }
    },
  );

  it('does not call the backend in a dry run or with bad input', async () => {
    const server = await postureServer(201, '{}');
    try {
      const action = createPostureEnrollAction({
        discovery: server.discovery,
        auth: mockServices.auth(),
      });
      await action.handler({
        ...createMockActionContext({ input }),
        isDryRun: true,
      });
      await expect(
        action.handler(
          createMockActionContext({
            input: { ...input, entityRef: 'component:default/a b' },
          }),
        ),
      ).rejects.toThrow(/entityRef is not an entity reference/);
      await expect(
        action.handler(
          createMockActionContext({
            input: {
              ...input,
              expectedScanners: ['gitleaks'] as unknown as Array<'secret'>,
            },
          }),
        ),
      ).rejects.toThrow(/expectedScanners has unknown scanner kind 'gitleaks'/);
      await expect(
        action.handler(
          createMockActionContext({
            input: { ...input, templateVersion: '${{ x }}' },
          }),
        ),
      ).rejects.toThrow(/templateVersion is not a semantic version/);
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
