/**
 * What a CI identity token's `sub` claim proves, per provider. Backstage's `jwks` external access
 * verifies the token (signature, issuer, audience, expiry) and hands the plugin only `sub`, so the
 * binding reads everything from it: the repository, and the branch when the job runs on one.
 */

/** Who a CI job is: its repository and, for a job of a branch, that branch. @internal */
export interface CiIdentity {
  provider: 'github' | 'gitlab';
  /** `owner/repo` (GitHub) or `group/subgroup/project` (GitLab), lower-cased. */
  repository: string;
  /** The branch the job runs on; null for pull requests, tags and environments. */
  branch: string | null;
  /** What the token says about where it ran, for messages: `ref:refs/heads/main`, `pull_request`, … */
  context: string;
}

/**
 * GitHub Actions: `repo:OWNER/REPO:ref:refs/heads/BRANCH`, `repo:OWNER/REPO:pull_request`,
 * `repo:OWNER/REPO:ref:refs/tags/TAG`, `repo:OWNER/REPO:environment:NAME`.
 *
 * @internal
 */
export function parseGithubSubject(sub: string): CiIdentity | undefined {
  const match = /^repo:([^/:\s]+\/[^/:\s]+):(.+)$/.exec(sub);
  if (!match) return undefined;
  const [, repository, context] = match;
  const branch = /^ref:refs\/heads\/(.+)$/.exec(context)?.[1] ?? null;
  return {
    provider: 'github',
    repository: repository.toLocaleLowerCase('en-US'),
    branch,
    context,
  };
}

/**
 * GitLab CI: `project_path:GROUP/PROJECT:ref_type:branch|tag:ref:REF`.
 *
 * @internal
 */
export function parseGitlabSubject(sub: string): CiIdentity | undefined {
  const match =
    /^project_path:([^:\s]+\/[^:\s]+):ref_type:(branch|tag):ref:(.+)$/.exec(
      sub,
    );
  if (!match) return undefined;
  const [, repository, refType, ref] = match;
  return {
    provider: 'gitlab',
    repository: repository.toLocaleLowerCase('en-US'),
    branch: refType === 'branch' ? ref : null,
    context: `ref_type:${refType}:ref:${ref}`,
  };
}

/** The parser of a provider's subjects. @internal */
export const CI_SUBJECT_PARSERS = {
  github: parseGithubSubject,
  gitlab: parseGitlabSubject,
} as const;
