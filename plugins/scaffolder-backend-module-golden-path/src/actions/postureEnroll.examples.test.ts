import http from 'node:http';
import type { AddressInfo } from 'node:net';
import yaml from 'yaml';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createPostureEnrollAction } from './postureEnroll';
import { examples } from './postureEnroll.examples';

describe('goldenpath:posture:enroll examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_d, example) => {
      const bodies: unknown[] = [];
      const server = http.createServer((req, res) => {
        let body = '';
        req.on('data', c => (body += c));
        req.on('end', () => {
          bodies.push(JSON.parse(body));
          res.writeHead(201).end('{}');
        });
      });
      await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
      const { port } = server.address() as AddressInfo;
      try {
        const discovery = {
          getBaseUrl: async () =>
            `http://127.0.0.1:${port}/api/security-posture`,
          getExternalBaseUrl: async () =>
            `http://127.0.0.1:${port}/api/security-posture`,
        };
        const input = yaml.parse(example).steps[0].input;
        await createPostureEnrollAction({
          discovery,
          auth: mockServices.auth(),
        }).handler(createMockActionContext({ input }));
        expect(bodies).toEqual([
          expect.objectContaining({
            entityRef: input.entityRef,
            tier: input.tier,
          }),
        ]);
      } finally {
        await new Promise(r => server.close(r));
      }
    },
  );
});
