import { parseGithubSubject, parseGitlabSubject } from './ciSubjects';
import { repositoriesOf } from './repositories';

describe('CI identity subjects', () => {
  it("reads GitHub Actions' subjects as their documentation shapes them", () => {
    expect(
      parseGithubSubject('repo:Acme/Payments-API:ref:refs/heads/main'),
    ).toEqual({
      provider: 'github',
      repository: 'acme/payments-api',
      branch: 'main',
      context: 'ref:refs/heads/main',
    });
    expect(
      parseGithubSubject('repo:acme/payments-api:ref:refs/heads/feature/x'),
    ).toMatchObject({ branch: 'feature/x' });
    for (const context of [
      'pull_request',
      'ref:refs/tags/v1.2.0',
      'environment:production',
    ]) {
      expect(parseGithubSubject(`repo:acme/payments-api:${context}`)).toEqual({
        provider: 'github',
        repository: 'acme/payments-api',
        branch: null,
        context,
      });
    }
    for (const bad of [
      'acme/payments-api',
      'repo:acme:ref:refs/heads/main',
      'repo:acme/payments-api',
      'project_path:acme/payments-api:ref_type:branch:ref:main',
    ]) {
      expect(parseGithubSubject(bad)).toBeUndefined();
    }
  });

  it("reads GitLab CI's subjects, nested groups included", () => {
    expect(
      parseGitlabSubject(
        'project_path:Acme/Platform/payments-api:ref_type:branch:ref:main',
      ),
    ).toEqual({
      provider: 'gitlab',
      repository: 'acme/platform/payments-api',
      branch: 'main',
      context: 'ref_type:branch:ref:main',
    });
    expect(
      parseGitlabSubject('project_path:acme/payments-api:ref_type:tag:ref:v1'),
    ).toMatchObject({ branch: null });
    expect(parseGitlabSubject('repo:acme/payments-api:pull_request')).toBe(
      undefined,
    );
    expect(
      parseGitlabSubject('project_path:payments-api:ref_type:branch:ref:main'),
    ).toBeUndefined();
  });
});

describe('repositoriesOf', () => {
  const entity = (annotations: Record<string, string>) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', annotations },
  });

  it('names the repository of the project-slug annotation and of the source location', () => {
    expect(
      repositoriesOf(
        entity({
          'github.com/project-slug': 'Acme/Payments-API',
          'backstage.io/source-location':
            'url:https://github.com/acme/payments-api-old/tree/main/',
        }),
        'github',
      ),
    ).toEqual(['acme/payments-api', 'acme/payments-api-old']);
    expect(
      repositoriesOf(
        entity({
          'backstage.io/source-location':
            'url:https://gitlab.example.com/acme/platform/payments-api/-/tree/main/',
        }),
        'gitlab',
      ),
    ).toEqual(['acme/platform/payments-api']);
  });

  it('names nothing of another provider or of a location that is not a repository', () => {
    expect(
      repositoriesOf(
        entity({
          'gitlab.com/project-slug': 'acme/payments-api',
          'backstage.io/source-location':
            'url:https://gitlab.com/acme/payments-api/-/tree/main/',
        }),
        'github',
      ),
    ).toEqual([]);
    expect(
      repositoriesOf(
        entity({ 'backstage.io/source-location': 'file:/srv/payments-api' }),
        'github',
      ),
    ).toEqual([]);
  });
});
