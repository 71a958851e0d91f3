import { GitlabRepository } from './gitlab';
import {
  generatedService,
  gitlabStandIn,
  nodeServiceVersions,
} from './testUtils';
import { upgradeRepository } from './upgrade';

// each test renders two template versions through fetch:template, several times over
jest.setTimeout(60_000);

describe('GitlabRepository (against a stand-in of the GitLab REST API)', () => {
  it('writes the upgrade branch and opens one merge request; a second run updates it', async () => {
    const gitlab = await gitlabStandIn('glpat-test');
    try {
      const { v1, v2 } = await nodeServiceVersions();
      const repository = new GitlabRepository({
        apiBaseUrl: gitlab.apiBaseUrl,
        project: 'acme/payments/orders-api',
        headers: { 'private-token': 'glpat-test' },
      });
      const main = await repository.writeBranch({
        branch: 'main',
        files: await generatedService(v1),
        message: 'Initial commit',
        author: { name: 'Scaffolder', email: 'scaffolder@example.com' },
      });
      const options = {
        repository,
        publishedVersions: ['1.0.0', '1.1.0'],
        loadVersion: async (_r: string, v: string) => (v === '1.0.0' ? v1 : v2),
      };
      const result = await upgradeRepository(options);
      expect(result.state).toBe('opened');
      expect(result.changeUrl).toBe(
        'https://gitlab.example/acme/payments/orders-api/-/merge_requests/1',
      );
      expect(gitlab.branches.get('main')).toBe(main);
      expect(gitlab.mergeRequests).toEqual([
        expect.objectContaining({
          source_branch: 'golden-path/upgrade-node-service',
          target_branch: 'main',
          title: 'Upgrade template:default/node-service from 1.0.0 to 1.1.0',
          description: result.description,
        }),
      ]);
      const branch = await repository.readBranch(
        'golden-path/upgrade-node-service',
      );
      expect(branch?.commit).toBe(result.commit);
      expect(branch?.files.has('src/healthcheck.js')).toBe(false);
      expect(branch?.files.get('src/health-check.js')).toBeDefined();
      expect(branch?.files.get('k8s/deployment.yaml')?.toString()).toContain(
        'appArmorProfile',
      );

      const again = await upgradeRepository(options);
      expect(again.state).toBe('unchanged');
      expect(gitlab.mergeRequests).toHaveLength(1);

      // main moves on: the branch is rewritten on top of it (force), same merge request
      const mainFiles = (await repository.readBranch('main'))!.files;
      mainFiles.set('docs/adr.md', Buffer.from('# ADR\n'));
      await repository.writeBranch({
        branch: 'main',
        parent: main,
        files: mainFiles,
        message: 'docs',
        author: { name: 'Dana', email: 'dana@example.com' },
      });
      const updated = await upgradeRepository(options);
      expect(updated.state).toBe('updated');
      expect(
        (
          await repository.readBranch('golden-path/upgrade-node-service')
        )?.files.has('docs/adr.md'),
      ).toBe(true);
      expect(gitlab.mergeRequests).toHaveLength(1);
    } finally {
      await gitlab.close();
    }
  });

  it('says what GitLab answered when it refuses', async () => {
    const gitlab = await gitlabStandIn('glpat-test');
    try {
      const repository = new GitlabRepository({
        apiBaseUrl: gitlab.apiBaseUrl,
        project: 'acme/payments/orders-api',
        headers: { 'private-token': 'wrong' },
      });
      await expect(repository.readBranch('main')).rejects.toThrow(
        'GitLab answered 401 to GET /repository/branches/main: 401 Unauthorized',
      );
    } finally {
      await gitlab.close();
    }
  });
});
