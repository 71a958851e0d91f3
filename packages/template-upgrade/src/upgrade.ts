import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type { Policy } from '@golden-path/policy';
import semver from 'semver';
import yaml from 'yaml';
import { Answers, checkAnswers } from './answers';
import { parseChangelog } from './changelog';
import {
  FileTree,
  TEMPLATE_VERSION_ANNOTATION,
  TemplateVersion,
  templateDocument,
} from './content';
import { codeSpan, describe } from './description';
import { UpgradeRepository } from './git';
import {
  applyPatches,
  migrationsBetween,
  parseMigrations,
  renamePath,
  renameTree,
} from './migrations';
import { parseOwnership } from './ownership';
import { FileChange, mergeTrees } from './plan';
import { checkPolicies } from './policyCheck';
import {
  Provenance,
  PROVENANCE_FILE,
  provenanceText,
  readProvenance,
  recordedVersion,
} from './provenance';
import { UpgradeResult } from './result';
import { renderTemplateVersion } from './render';

/** The author of upgrade commits; a branch tip by anyone else is a person's work. @public */
export const UPGRADE_AUTHOR = {
  name: 'Golden Path Upgrades',
  email: 'upgrades@golden-path.invalid',
};

const TRAILER = 'Golden-Path-Upgrade:';
const CATALOG_INFO = 'catalog-info.yaml';

export type { UpgradeResult, UpgradeState } from './result';

/** Everything an upgrade needs. @public */
export interface UpgradeOptions {
  repository: UpgradeRepository;
  defaultBranch?: string;
  /** The template the caller means to upgrade (checked against the provenance). */
  templateRef?: string;
  /**
   * The component the caller means to upgrade (`component:<namespace>/<name>`): when given, the
   * repository's provenance must name it, or nothing is written.
   */
  component?: string;
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

/**
 * Refuses a repository whose provenance does not name the component: a catalog entity cannot
 * point an upgrade at a repository that another component was made into.
 */
function assertProvenanceNames(
  provenance: Provenance,
  component: string,
  repository: string,
) {
  const named = provenance.component?.toLocaleLowerCase('en-US');
  if (named === component.toLocaleLowerCase('en-US')) return;
  throw new NotAllowedError(
    named
      ? `${repository}'s ${PROVENANCE_FILE} names ${named}, not ${component}: the catalog entity points at another component's repository, so nothing is written`
      : `${repository}'s ${PROVENANCE_FILE} names no component, so it cannot prove it belongs to ${component}; add "component: ${component}" to it on the default branch`,
  );
}

/** The upgrade branch of a template: one per template, updated on every new request. @public */
export function upgradeBranch(templateRef: string): string {
  const name = templateRef.split('/').pop() ?? templateRef;
  return `golden-path/upgrade-${name}`;
}

function sameTree(a: FileTree, b: FileTree): boolean {
  if (a.size !== b.size) return false;
  for (const [file, content] of a) {
    const other = b.get(file);
    if (!other || !other.equals(content)) return false;
  }
  return true;
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
  if (options.component !== undefined) {
    assertProvenanceNames(provenance, options.component, repository.name);
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
  const baseVersion = await recordedVersion(
    provenance,
    repository.name,
    options.loadVersion,
    { notStored: 'it cannot be re-rendered', mismatch: 'the upgrade stops' },
  );
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
      description: `Already at ${codeSpan(to)}.`,
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
        component: provenance.component,
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
