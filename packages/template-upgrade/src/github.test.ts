import { GithubRepository } from './github';
import {
  generatedService,
  githubStandIn,
  nodeServiceVersions,
} from './testUtils';
import { upgradeBranch, upgradeRepository } from './upgrade';

// each test renders two template versions through fetch:template, several times over
jest.setTimeout(60_000);

describe('GithubRepository (against a stand-in of the GitHub REST API)', () => {
  it('writes the upgrade branch and opens one pull request with the description; a second run updates it', async () => {
    const github = await githubStandIn('t0ken');
    try {
      const { v1, v2 } = await nodeServiceVersions();
      const repository = new GithubRepository({
        apiBaseUrl: github.apiBaseUrl,
        owner: 'acme',
        repo: 'orders-api',
        token: 't0ken',
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
        'https://github.example/acme/orders-api/pull/1',
      );
      expect(github.refs.get(upgradeBranch(v1.templateRef))).toBe(
        result.commit,
      );
      expect(github.refs.get('main')).toBe(main);
      expect(github.pulls).toEqual([
        expect.objectContaining({
          head: 'golden-path/upgrade-node-service',
          base: 'main',
          title: 'Upgrade template:default/node-service from 1.0.0 to 1.1.0',
          body: result.description,
        }),
      ]);
      const branch = await repository.readBranch(
        'golden-path/upgrade-node-service',
      );
      expect(branch?.files.get('k8s/deployment.yaml')?.toString()).toContain(
        'appArmorProfile',
      );
      // unchanged files were not uploaded again
      const uploads = github.requests.filter(
        r => r === 'POST /git/blobs',
      ).length;
      expect(uploads).toBeLessThan(branch!.files.size + 30);

      const again = await upgradeRepository(options);
      expect(again.state).toBe('unchanged');
      expect(again.changeUrl).toBe(result.changeUrl);
      expect(github.pulls).toHaveLength(1);

      // a person's commit on the branch stops it
      await repository.writeBranch({
        branch: 'golden-path/upgrade-node-service',
        parent: result.commit,
        files: branch!.files,
        message: 'fix by hand',
        author: { name: 'Dana', email: 'dana@example.com' },
      });
      await expect(upgradeRepository(options)).rejects.toThrow(
        /has a commit by Dana/,
      );
    } finally {
      await github.close();
    }
  });

  it('says what GitHub answered when it refuses', async () => {
    const github = await githubStandIn('t0ken');
    try {
      const repository = new GithubRepository({
        apiBaseUrl: github.apiBaseUrl,
        owner: 'acme',
        repo: 'orders-api',
        token: 'wrong',
      });
      await expect(repository.readBranch('main')).rejects.toThrow(
        'GitHub answered 401 to GET /git/ref/heads/main: Bad credentials',
      );
    } finally {
      await github.close();
    }
  });
});
