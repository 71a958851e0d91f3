import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  evaluateWorkspace,
  loadBuiltinWorkspacePolicies,
  loadPolicies,
  type Policy,
  type PolicyResult,
} from '@golden-path/policy';
import semver from 'semver';
import yaml from 'yaml';
import { z } from 'zod';
import { Answers, checkAnswers } from './answers';
import { parseChangelog, ChangelogVersion } from './changelog';
import {
  FileTree,
  TEMPLATE_VERSION_ANNOTATION,
  TemplateVersion,
  subtree,
  templateDocument,
  writeTree,
} from './content';
import { UpgradeRepository } from './git';
import {
  applyPatches,
  migrationsBetween,
  parseMigrations,
  renamePath,
  renameTree,
} from './migrations';
import { parseOwnership } from './ownership';
import { FileChange, driftOf, mergeTrees } from './plan';
import { renderTemplateVersion } from './render';
import { PROVENANCE_FILE, provenanceText } from './provenance';

export { PROVENANCE_FILE };

/** The author of upgrade commits; a branch tip by anyone else is a person's work. @public */
export const UPGRADE_AUTHOR = {
  name: 'Golden Path Upgrades',
  email: 'upgrades@golden-path.invalid',
};

const TRAILER = 'Golden-Path-Upgrade:';
const CATALOG_INFO = 'catalog-info.yaml';

const provenanceSchema = z.object({
  apiVersion: z.literal('golden-path.dev/v1'),
  kind: z.literal('Provenance'),
  template: z.object({
    ref: z.string().min(1),
    version: z.string().min(1),
    contentDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
    skeleton: z.string().optional(),
  }),
  answers: z.record(z.string(), z.unknown()).default({}),
  files: z
    .array(z.object({ path: z.string(), ownership: z.string() }))
    .default([]),
});

/** A repository's recorded provenance. @public */
export type Provenance = z.infer<typeof provenanceSchema>;

/** Reads and checks `.golden-path/provenance.yaml` from a repository's files. @public */
export function readProvenance(
  files: FileTree,
  repository: string,
): Provenance {
  const text = files.get(PROVENANCE_FILE);
  if (!text) {
    throw new InputError(
      `${repository} has no ${PROVENANCE_FILE}: it was not made from a golden-path template (or the file was removed), so there is nothing to upgrade from`,
    );
  }
  let data: unknown;
  try {
    data = yaml.parse(text.toString('utf8'), { maxAliasCount: 50 });
  } catch (e) {
    throw new InputError(
      `${repository}'s ${PROVENANCE_FILE} is not valid YAML: ${
        (e as Error).message.split('\n')[0]
      }`,
    );
  }
  const parsed = provenanceSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `${repository}'s ${PROVENANCE_FILE} is invalid at ${
        issue?.path.join('.') || '(top)'
      }: ${issue?.message}`,
    );
  }
  if (!semver.valid(parsed.data.template.version)) {
    throw new InputError(
      `${repository}'s ${PROVENANCE_FILE} records version '${parsed.data.template.version}', which is not a semantic version`,
    );
  }
  return parsed.data;
}

/** Where an upgrade stands. @public */
export type UpgradeState =
  /** A new upgrade branch was written. */
  | 'opened'
  /** The existing upgrade branch got a new commit. */
  | 'updated'
  /** The existing upgrade branch already holds exactly this upgrade. */
  | 'unchanged'
  /** The repository is already at the target version. */
  | 'up-to-date'
  /** The merged result fails an enforced policy: nothing was offered. */
  | 'blocked';

/** What an upgrade did, or (dry run) would do. @public */
export interface UpgradeResult {
  state: UpgradeState;
  templateRef: string;
  fromVersion: string;
  toVersion: string;
  branch: string;
  commit?: string;
  /** The change request (pull request) opened or updated for the branch, where there is one. */
  changeUrl?: string;
  changes: FileChange[];
  conflicts: number;
  renamed: { from: string; to: string }[];
  problems: { path: string; problem: string }[];
  droppedAnswers: string[];
  policy: { passed: boolean; violations: PolicyResult[] };
  changelog: ChangelogVersion[];
  /** The change request's text (Markdown, every untrusted value in code spans). */
  description: string;
}

/** Everything an upgrade needs. @public */
export interface UpgradeOptions {
  repository: UpgradeRepository;
  defaultBranch?: string;
  /** The template the caller means to upgrade (checked against the provenance). */
  templateRef?: string;
  /** The target version; default the newest published. */
  targetVersion?: string;
  /** Every published version of the template (semver strings). */
  publishedVersions: string[];
  /** Loads a stored version's content; undefined when it was never stored. */
  loadVersion(
    templateRef: string,
    version: string,
  ): Promise<TemplateVersion | undefined>;
  /** Answers for questions the new version asks (or answers it no longer accepts). */
  answers?: Answers;
  /** Policies checked besides the built-in workspace policies and the version's own. */
  policies?: Policy[];
  /** Posture findings the change would close, for the description. */
  findingsClosed?(
    changes: FileChange[],
  ): Promise<{ title: string; path: string }[]>;
  dryRun?: boolean;
}

/** The upgrade branch of a template: one per template, updated on every new request. @public */
export function upgradeBranch(templateRef: string): string {
  const name = templateRef.split('/').pop() ?? templateRef;
  return `golden-path/upgrade-${name}`;
}

const code = (s: string) =>
  `\`${s.replace(/`/g, "'").replace(/[\r\n]+/g, ' ')}\``;

function sameTree(a: FileTree, b: FileTree): boolean {
  if (a.size !== b.size) return false;
  for (const [file, content] of a) {
    const other = b.get(file);
    if (!other || !other.equals(content)) return false;
  }
  return true;
}

async function checkPolicies(
  files: FileTree,
  target: TemplateVersion,
  answers: Answers,
  extra: Policy[],
): Promise<{ passed: boolean; violations: PolicyResult[] }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'golden-path-upgrade-'));
  try {
    const workspace = path.join(dir, 'workspace');
    await writeTree(workspace, files);
    const policies = [...(await loadBuiltinWorkspacePolicies()), ...extra];
    const own = subtree(target.files, 'policies');
    if (own.size > 0) {
      const policyDir = path.join(dir, 'policies');
      await writeTree(policyDir, own);
      policies.push(...(await loadPolicies(policyDir)));
    }
    const tier = Number(answers.tier);
    const results = await evaluateWorkspace(workspace, policies, {
      subject: Number.isInteger(tier) ? { tier } : undefined,
    });
    return {
      passed: !results.some(r => r.mode === 'enforce'),
      violations: results,
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function describe(
  result: Omit<UpgradeResult, 'description'>,
  closes: { title: string; path: string }[],
): string {
  const lines: string[] = [];
  lines.push(
    `Upgrades ${code(result.templateRef)} from ${code(
      result.fromVersion,
    )} to ${code(result.toVersion)}.`,
    '',
  );
  if (result.changelog.length > 0) {
    lines.push('## What changed in the template', '');
    for (const version of result.changelog) {
      lines.push(`### ${version.version}`, '');
      for (const entry of version.changelog) {
        lines.push(
          `- ${entry.security ? '**Security:** ' : ''}${entry.text.replace(
            /[<>]/g,
            '',
          )}`,
        );
      }
      lines.push('');
    }
  }
  lines.push('## Files', '');
  if (result.changes.length === 0) lines.push('No file changes.', '');
  for (const c of result.changes) {
    lines.push(
      `- ${c.action} ${code(c.path)} (${c.ownership})${
        c.note ? `: ${c.note}` : ''
      }`,
    );
  }
  for (const r of result.renamed)
    lines.push(`- rename ${code(r.from)} to ${code(r.to)}`);
  lines.push('');
  const conflicted = result.changes.filter(c => c.action === 'conflict');
  lines.push('## Conflicts', '');
  if (conflicted.length === 0) lines.push('None.', '');
  else {
    for (const c of conflicted) {
      lines.push(
        `- ${code(c.path)}: ${
          c.conflicts
        } region(s) marked with <<<<<<< / >>>>>>>`,
      );
    }
    lines.push('');
  }
  if (result.problems.length > 0) {
    lines.push('## Needs a person', '');
    for (const p of result.problems)
      lines.push(`- ${code(p.path)}: ${p.problem}`);
    lines.push('');
  }
  lines.push('## Security posture', '');
  if (closes.length === 0)
    lines.push('No open finding is on a file this upgrade replaces.');
  for (const f of closes)
    lines.push(`- closes ${code(f.title)} on ${code(f.path)}`);
  lines.push('');
  const warnings = result.policy.violations.filter(v => v.mode !== 'enforce');
  lines.push(
    '## Policies',
    '',
    result.policy.passed
      ? `The merged result passes every enforced policy${
          warnings.length ? ` (${warnings.length} warning(s))` : ''
        }.`
      : `The merged result fails ${
          result.policy.violations.filter(v => v.mode === 'enforce').length
        } enforced rule(s).`,
  );
  return lines.join('\n');
}

/**
 * Upgrades a repository to a newer template version: renders the recorded version with the
 * recorded answers (base) and the new version with the same answers (theirs) from the stored
 * versions, applies the new versions' migrations, merges per file by ownership class into the
 * repository's default branch (ours), records the new provenance, checks the result against the
 * policies, and writes it to the template's upgrade branch. Asking again updates that branch
 * (or changes nothing); a branch a person pushed to stops the upgrade.
 *
 * Every refusal (unknown or older version, no or tampered provenance, an answer the new form
 * refuses, a person's commit on the branch) throws before any branch is touched.
 *
 * @public
 */
export async function upgradeRepository(
  options: UpgradeOptions,
): Promise<UpgradeResult> {
  const { repository } = options;
  const defaultBranch = options.defaultBranch ?? 'main';
  const main = await repository.readBranch(defaultBranch);
  if (!main) {
    throw new NotFoundError(
      `${repository.name} has no branch ${defaultBranch}`,
    );
  }
  const provenance = readProvenance(main.files, repository.name);
  const templateRef = provenance.template.ref;
  if (options.templateRef && options.templateRef !== templateRef) {
    throw new InputError(
      `${repository.name} was made from ${templateRef}, not ${options.templateRef}`,
    );
  }
  const from = provenance.template.version;
  const published = options.publishedVersions
    .filter(v => semver.valid(v))
    .sort(semver.rcompare);
  const to = options.targetVersion ?? published[0];
  if (!to || !semver.valid(to)) {
    throw new InputError(`'${to ?? ''}' is not a semantic version`);
  }
  if (!published.includes(to)) {
    throw new NotFoundError(
      `${templateRef} has no published version ${to} (published: ${
        published.join(', ') || 'none'
      })`,
    );
  }
  if (semver.lt(to, from)) {
    throw new InputError(
      `${repository.name} is at ${templateRef} ${from}; ${to} is older, and downgrades are refused`,
    );
  }
  const branch = upgradeBranch(templateRef);
  const baseVersion = await options.loadVersion(templateRef, from);
  if (!baseVersion) {
    throw new NotFoundError(
      `${templateRef} ${from}, which ${repository.name} was made from, is not stored, so it cannot be re-rendered`,
    );
  }
  if (baseVersion.digest !== provenance.template.contentDigest) {
    throw new ConflictError(
      `${repository.name}'s provenance does not match ${templateRef} ${from}: it records ${provenance.template.contentDigest}, the published version is ${baseVersion.digest}; the provenance was changed or the version was republished, and the upgrade stops`,
    );
  }
  const target = semver.eq(to, from)
    ? baseVersion
    : await options.loadVersion(templateRef, to);
  if (!target) {
    throw new NotFoundError(
      `${templateRef} ${to} is published but its content is not stored`,
    );
  }
  const targetDoc = templateDocument(target);
  const { answers, dropped } = checkAnswers(targetDoc, {
    ...provenance.answers,
    ...(options.answers ?? {}),
  });
  const changelog = parseChangelog(
    target.files.get('CHANGELOG.md')?.toString('utf8') ?? '',
  ).filter(v => semver.gt(v.version, from) && semver.lte(v.version, to));
  const empty = {
    templateRef,
    fromVersion: from,
    toVersion: to,
    branch,
    changes: [],
    conflicts: 0,
    renamed: [],
    problems: [],
    droppedAnswers: dropped,
    policy: { passed: true, violations: [] },
    changelog,
  };
  if (semver.eq(to, from)) {
    return {
      ...empty,
      state: 'up-to-date',
      description: `Already at ${code(to)}.`,
    };
  }

  const [base, theirs] = await Promise.all([
    renderTemplateVersion(baseVersion, provenance.answers),
    renderTemplateVersion(target, answers),
  ]);
  const migrations = migrationsBetween(
    parseMigrations(target.files.get('migrations.yaml')?.toString('utf8')),
    from,
    to,
  );
  const repoFiles: FileTree = new Map(main.files);
  repoFiles.delete(PROVENANCE_FILE);
  const renamedOurs = renameTree(repoFiles, migrations);
  const renamedBase = renameTree(base, migrations);
  const ours = renamedOurs.files;
  const { patched, problems } = applyPatches(ours, migrations);
  const ownership = parseOwnership(
    target.files.get('ownership.yaml')?.toString('utf8'),
  );
  const merged = mergeTrees({
    ours,
    base: renamedBase.files,
    theirs,
    ownership,
    labels: {
      ours: `${repository.name} (${defaultBranch})`,
      base: `${templateRef} ${from}`,
      theirs: `${templateRef} ${to}`,
    },
  });
  const changes: FileChange[] = [
    ...patched.map(p => ({
      path: p,
      ownership: 'team' as const,
      action: 'patch' as const,
      note: 'structured patch from the template migrations',
    })),
    ...merged.changes,
  ];
  const listed = new Set([
    ...provenance.files.map(f => renamePath(f.path, migrations)),
    ...theirs.keys(),
  ]);
  const files = merged.files;
  const catalogInfo = files.get(CATALOG_INFO);
  if (catalogInfo) {
    const doc = yaml.parseDocument(catalogInfo.toString('utf8'));
    const key = ['metadata', 'annotations', TEMPLATE_VERSION_ANNOTATION];
    if (doc.errors.length === 0 && doc.getIn(key) === from) {
      doc.setIn(key, to);
      files.set(CATALOG_INFO, Buffer.from(doc.toString(), 'utf8'));
      changes.push({
        path: CATALOG_INFO,
        ownership: 'team',
        action: 'patch',
        note: `the ${TEMPLATE_VERSION_ANNOTATION} annotation is set to ${to}`,
      });
    }
  }
  files.set(
    PROVENANCE_FILE,
    Buffer.from(
      provenanceText({
        version: target,
        answers,
        files: [...listed].filter(f => files.has(f)),
        ownership,
      }),
      'utf8',
    ),
  );
  const policy = await checkPolicies(
    files,
    target,
    answers,
    options.policies ?? [],
  );
  const conflicts = changes.reduce((n, c) => n + (c.conflicts ?? 0), 0);
  const partial = {
    ...empty,
    changes,
    conflicts,
    renamed: renamedOurs.renamed,
    problems,
    policy,
  };
  const closes = (await options.findingsClosed?.(changes)) ?? [];
  const description = describe({ ...partial, state: 'opened' }, closes);
  if (!policy.passed) {
    return { ...partial, state: 'blocked', description };
  }

  const changeRequest = async () =>
    repository.openChangeRequest?.({
      branch,
      base: defaultBranch,
      title: `Upgrade ${templateRef} from ${from} to ${to}`,
      description,
    });
  const existing = await repository.readBranch(branch);
  if (existing) {
    const tip = await repository.commitSummary(existing.commit);
    if (
      tip.authorEmail !== UPGRADE_AUTHOR.email ||
      !tip.message.includes(TRAILER)
    ) {
      throw new ConflictError(
        `${repository.name}'s branch ${branch} has a commit by ${
          tip.authorName
        } (${tip.commit.slice(
          0,
          7,
        )}) that is not an upgrade; the upgrade stops so that work is not overwritten: merge or delete the branch first`,
      );
    }
    if (sameTree(existing.files, files)) {
      return {
        ...partial,
        state: 'unchanged',
        commit: existing.commit,
        changeUrl: options.dryRun ? undefined : await changeRequest(),
        description,
      };
    }
  }
  if (options.dryRun) {
    return { ...partial, state: existing ? 'updated' : 'opened', description };
  }
  const message = [
    `Upgrade ${templateRef} from ${from} to ${to}`,
    '',
    description,
    '',
    `${TRAILER} ${templateRef} ${from} -> ${to}`,
  ].join('\n');
  const commit = await repository.writeBranch({
    branch,
    parent: main.commit,
    files,
    message,
    author: UPGRADE_AUTHOR,
  });
  return {
    ...partial,
    state: existing ? 'updated' : 'opened',
    commit,
    changeUrl: await changeRequest(),
    description,
  };
}

/**
 * The drift of a repository's managed files against its recorded template version.
 *
 * @public
 */
export async function checkDrift(options: {
  files: FileTree;
  repository: string;
  loadVersion(
    templateRef: string,
    version: string,
  ): Promise<TemplateVersion | undefined>;
}): Promise<{
  templateRef: string;
  version: string;
  drift: { path: string; change: 'edited' | 'deleted' }[];
}> {
  const provenance = readProvenance(options.files, options.repository);
  const { ref, version: v, contentDigest } = provenance.template;
  const version = await options.loadVersion(ref, v);
  if (!version) {
    throw new NotFoundError(
      `${ref} ${v} is not stored, so drift cannot be checked`,
    );
  }
  if (version.digest !== contentDigest) {
    throw new ConflictError(
      `${options.repository}'s provenance does not match ${ref} ${v} (digest ${contentDigest}, published ${version.digest})`,
    );
  }
  const rendered = await renderTemplateVersion(version, provenance.answers);
  return {
    templateRef: ref,
    version: v,
    drift: driftOf(
      options.files,
      rendered,
      parseOwnership(version.files.get('ownership.yaml')?.toString('utf8')),
    ),
  };
}
