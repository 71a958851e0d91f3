import yaml from 'yaml';
import { AnswersNeededError } from './answers';
import { FileTree, TemplateVersion, templateVersionFromFiles } from './content';
import { LocalGitRepository } from './git';
import {
  ANSWERS,
  bareRepository,
  edit,
  generatedService,
  nodeServiceVersions,
} from './testUtils';
import { checkDrift } from './drift';
import { PROVENANCE_FILE } from './provenance';
import { upgradeBranch, upgradeRepository } from './upgrade';

// each test renders two template versions through fetch:template, several times over
jest.setTimeout(60_000);

const REF = 'template:default/node-service';
const BRANCH = upgradeBranch(REF);

/** The changes a team makes after creation, the ways teams make them. */
function teamChanges(files: FileTree): FileTree {
  const next = new Map(files);
  // code edited (seeded)
  edit(next, 'src/app.js', t =>
    t.replace(
      "'Referrer-Policy': 'no-referrer',",
      "'Referrer-Policy': 'no-referrer',\n  'Permissions-Policy': 'interest-cohort=()',",
    ),
  );
  // a file of their own
  next.set('src/routes/orders.js', Buffer.from('export const orders = [];\n'));
  // a managed file edited
  edit(next, 'Dockerfile', t =>
    t.replace('EXPOSE 8080', 'LABEL team=payments\nEXPOSE 8080'),
  );
  // a seeded file deleted
  next.delete('test/config.test.js');
  // a merged file edited where the template also changes it (conflict), and elsewhere
  edit(next, 'README.md', t =>
    t
      .replace(
        'read-only root, default-deny NetworkPolicy',
        'read-only root, default-deny NetworkPolicy, Istio mTLS',
      )
      .concat('\n## On call\n\nPage the payments team.\n'),
  );
  // a merged file edited where the template does not change it (clean merge)
  edit(next, 'k8s/deployment.yaml', t =>
    t.replace('replicas: 2', 'replicas: 4'),
  );
  // a file the new version renames, edited (the edit must follow the rename)
  edit(next, 'src/healthcheck.js', t =>
    t.replace('timeout: 2000', 'timeout: 1500'),
  );
  return next;
}

async function setup(
  options: { changes?: (f: FileTree) => FileTree; v2?: TemplateVersion } = {},
) {
  const versions = await nodeServiceVersions();
  const v2 = options.v2 ?? versions.v2;
  const generated = await generatedService(versions.v1);
  const repo = await bareRepository(generated);
  const changed = (options.changes ?? teamChanges)(generated);
  const main = await repo.repository.writeBranch({
    branch: 'main',
    parent: repo.commit,
    files: changed,
    message: 'Team changes',
    author: { name: 'Dana Developer', email: 'dana@example.com' },
  });
  const stored = new Map([
    ['1.0.0', versions.v1],
    ['1.1.0', v2],
  ]);
  const options2 = {
    repository: repo.repository,
    templateRef: REF,
    component: 'component:default/orders-api',
    publishedVersions: [...stored.keys()],
    loadVersion: async (_ref: string, version: string) => stored.get(version),
  };
  return {
    ...versions,
    v2,
    generated,
    changed,
    main,
    repo,
    options: options2,
    stored,
  };
}

const text = (files: FileTree, file: string) =>
  files.get(file)?.toString('utf8');

describe('upgradeRepository (node-service 1.0.0 -> 1.1.0)', () => {
  it('merges the new version into a changed repository and writes the upgrade branch; a second run changes nothing', async () => {
    const { v2, changed, main, repo, options } = await setup();
    const theirs = await generatedService(v2);
    const result = await upgradeRepository(options);

    expect(result.state).toBe('opened');
    expect(result.fromVersion).toBe('1.0.0');
    expect(result.toVersion).toBe('1.1.0');
    const branch = await repo.repository.readBranch(BRANCH);
    expect(branch?.commit).toBe(result.commit);
    const files = branch!.files;
    const summary = await repo.repository.commitSummary(result.commit!);
    expect(summary.message).toContain(
      'Golden-Path-Upgrade: template:default/node-service 1.0.0 -> 1.1.0',
    );
    // the branch starts from the repository's main
    expect((await repo.repository.readBranch('main'))?.commit).toBe(main);

    // exactly the expected tree: the team's files (one renamed), the template's new files, the new provenance
    const expectedPaths = [...changed.keys()]
      .map(p => (p === 'src/healthcheck.js' ? 'src/health-check.js' : p))
      .sort();
    expect([...files.keys()].sort()).toEqual(expectedPaths);

    // managed: the template's version; the team's edit is reported
    expect(text(files, 'Dockerfile')).toBe(text(theirs, 'Dockerfile'));
    expect(text(files, 'Dockerfile')).toContain('/app/src/health-check.js');
    expect(result.changes).toContainEqual(
      expect.objectContaining({
        path: 'Dockerfile',
        action: 'update',
        note: expect.stringContaining(
          'edits to this managed file are replaced',
        ),
      }),
    );
    // merged, clean: both sides' changes
    const deployment = text(files, 'k8s/deployment.yaml')!;
    expect(deployment).toContain('replicas: 4');
    expect(deployment).toContain('appArmorProfile:');
    expect(
      yaml.parse(deployment).spec.template.spec.containers[0].securityContext
        .appArmorProfile,
    ).toEqual({ type: 'RuntimeDefault' });
    expect(result.changes).toContainEqual(
      expect.objectContaining({ path: 'k8s/deployment.yaml', action: 'merge' }),
    );
    // merged, conflicting: marked, both sides and the base present; the team's other edit merged
    const readme = text(files, 'README.md')!;
    expect(readme).toContain('<<<<<<< orders-api (main)');
    expect(readme).toContain('||||||| template:default/node-service 1.0.0');
    expect(readme).toContain('>>>>>>> template:default/node-service 1.1.0');
    expect(readme).toContain('Istio mTLS');
    expect(readme).toContain('RuntimeDefault AppArmor');
    expect(readme).toContain('## On call');
    expect(readme.match(/^<<<<<<< /gm)).toHaveLength(1);
    expect(result.conflicts).toBe(1);
    expect(result.changes).toContainEqual(
      expect.objectContaining({
        path: 'README.md',
        action: 'conflict',
        conflicts: 1,
      }),
    );
    // seeded: never touched, even though 1.1.0 changed src/app.js; deleted stays deleted
    expect(text(files, 'src/app.js')).toBe(text(changed, 'src/app.js'));
    expect(text(files, 'src/app.js')).not.toContain(
      'Cross-Origin-Opener-Policy',
    );
    expect(files.has('test/config.test.js')).toBe(false);
    // the team's own file
    expect(text(files, 'src/routes/orders.js')).toBe(
      'export const orders = [];\n',
    );
    // the catalog entity's template version follows (a structured edit; nothing else changes)
    expect(text(files, 'catalog-info.yaml')).toBe(
      text(changed, 'catalog-info.yaml')!.replace(
        'golden-path.dev/template-version: 1.0.0',
        'golden-path.dev/template-version: 1.1.0',
      ),
    );
    // renamed by the migration, with the team's edit
    expect(files.has('src/healthcheck.js')).toBe(false);
    expect(text(files, 'src/health-check.js')).toContain('timeout: 1500');
    expect(result.renamed).toEqual([
      { from: 'src/healthcheck.js', to: 'src/health-check.js' },
    ]);
    // provenance now says 1.1.0 with its digest and the same answers
    const provenance = yaml.parse(text(files, PROVENANCE_FILE)!);
    expect(provenance.template).toEqual({
      ref: REF,
      version: '1.1.0',
      contentDigest: v2.digest,
      skeleton: './skeleton',
    });
    expect(provenance.answers).toEqual(ANSWERS);
    // it still names the component it belongs to
    expect(provenance.component).toBe('component:default/orders-api');
    expect(provenance.files).toContainEqual({
      path: 'src/health-check.js',
      ownership: 'seeded',
    });
    expect(provenance.files.map((f: { path: string }) => f.path)).not.toContain(
      'src/healthcheck.js',
    );
    // checked by the built-in policies and the one 1.1.0 adds
    expect(result.policy.passed).toBe(true);
    // the change request's description
    expect(result.description).toContain(
      '**Security:** Kubernetes: every container runs under the `RuntimeDefault` AppArmor profile',
    );
    expect(result.description).toContain('- `README.md`: 1 region(s) marked');
    expect(result.description).toContain(
      'rename `src/healthcheck.js` to `src/health-check.js`',
    );

    const again = await upgradeRepository(options);
    expect(again.state).toBe('unchanged');
    expect(again.commit).toBe(result.commit);
    expect((await repo.repository.readBranch(BRANCH))?.commit).toBe(
      result.commit,
    );
  });

  it('updates the same branch when the repository moved on, and stops when a person pushed to it', async () => {
    const { repo, options, main } = await setup();
    const first = await upgradeRepository(options);
    const mainFiles = (await repo.repository.readBranch('main'))!.files;
    mainFiles.set('docs/adr-1.md', Buffer.from('# ADR 1\n'));
    await repo.repository.writeBranch({
      branch: 'main',
      parent: main,
      files: mainFiles,
      message: 'docs',
      author: { name: 'Dana', email: 'dana@example.com' },
    });
    const second = await upgradeRepository(options);
    expect(second.state).toBe('updated');
    expect(second.commit).not.toBe(first.commit);
    expect(
      (await repo.repository.readBranch(BRANCH))!.files.has('docs/adr-1.md'),
    ).toBe(true);

    const branch = (await repo.repository.readBranch(BRANCH))!;
    branch.files.set('README.md', Buffer.from('# resolved by hand\n'));
    const pushed = await repo.repository.writeBranch({
      branch: BRANCH,
      parent: branch.commit,
      files: branch.files,
      message: 'Resolve the conflict',
      author: { name: 'Dana Developer', email: 'dana@example.com' },
    });
    await expect(upgradeRepository(options)).rejects.toThrow(
      /branch golden-path\/upgrade-node-service has a commit by Dana Developer \([0-9a-f]{7}\) that is not an upgrade/,
    );
    expect((await repo.repository.readBranch(BRANCH))!.commit).toBe(pushed);
  });

  it('reports drift of managed files against the recorded version', async () => {
    const { changed, generated, options } = await setup();
    expect(
      (
        await checkDrift({
          files: generated,
          repository: 'orders-api',
          loadVersion: options.loadVersion,
        })
      ).drift,
    ).toEqual([]);
    const drift = await checkDrift({
      files: changed,
      repository: 'orders-api',
      loadVersion: options.loadVersion,
    });
    expect(drift).toEqual({
      templateRef: REF,
      version: '1.0.0',
      drift: [{ path: 'Dockerfile', change: 'edited' }],
    });
  });

  it('does not offer a merged result that fails an enforced policy', async () => {
    const { repo, options } = await setup({
      changes: files => {
        const next = teamChanges(files);
        edit(next, 'k8s/deployment.yaml', t =>
          t.replace(
            'allowPrivilegeEscalation: false',
            'allowPrivilegeEscalation: true',
          ),
        );
        return next;
      },
    });
    const result = await upgradeRepository(options);
    expect(result.state).toBe('blocked');
    expect(result.policy.passed).toBe(false);
    expect(result.policy.violations.map(v => v.rule)).toContain(
      'no-privilege-escalation',
    );
    expect(result.commit).toBeUndefined();
    expect(await repo.repository.readBranch(BRANCH)).toBeUndefined();
  });
});

describe('upgradeRepository (node-service 1.0.0 -> its newest version)', () => {
  it('passes through 1.1.0 (its migration) and replaces the managed workflow with the identity-token one', async () => {
    const { v1, v2, latest } = await nodeServiceVersions();
    expect(latest.version).not.toBe(v2.version);
    const stored = new Map([
      ['1.0.0', v1],
      ['1.1.0', v2],
      [latest.version, latest],
    ]);
    const generated = await generatedService(v1);
    const { repository } = await bareRepository(generated);
    const result = await upgradeRepository({
      repository,
      templateRef: REF,
      component: 'component:default/orders-api',
      publishedVersions: [...stored.keys()],
      loadVersion: async (_ref, version) => stored.get(version),
    });
    expect(result.state).toBe('opened');
    expect(result.fromVersion).toBe('1.0.0');
    expect(result.toVersion).toBe(latest.version);
    expect(result.conflicts).toBe(0);
    expect(result.renamed).toEqual([
      { from: 'src/healthcheck.js', to: 'src/health-check.js' },
    ]);
    const files = (await repository.readBranch(BRANCH))!.files;
    const theirs = await generatedService(latest);
    const workflow = text(files, '.github/workflows/ci.yaml')!;
    expect(workflow).toBe(text(theirs, '.github/workflows/ci.yaml'));
    expect(workflow).not.toBe(text(generated, '.github/workflows/ci.yaml'));
    expect(workflow).not.toContain('GOLDEN_PATH_TOKEN');
    const jobs = yaml.parse(workflow).jobs;
    expect(jobs.report.permissions).toEqual({
      contents: 'read',
      'id-token': 'write',
    });
    expect(jobs.deploy.permissions).toEqual({
      contents: 'read',
      'id-token': 'write',
    });
    expect(yaml.parse(text(files, PROVENANCE_FILE)!).template).toMatchObject({
      version: latest.version,
      contentDigest: latest.digest,
    });
    expect(result.policy.passed).toBe(true);
    // both versions' security entries
    expect(result.description).toContain(
      '**Security:** CI: no stored credential for the posture backend.',
    );
    expect(result.description).toContain(
      '**Security:** Kubernetes: every container runs under the `RuntimeDefault` AppArmor profile',
    );
  });
});

describe('upgradeRepository refuses bad input and touches no branch', () => {
  it.each([
    [
      'an unknown version',
      { targetVersion: '2.0.0' },
      /has no published version 2\.0\.0 \(published: 1\.1\.0, 1\.0\.0, 0\.9\.0\)/,
    ],
    [
      'a downgrade',
      { targetVersion: '0.9.0' },
      /is at template:default\/node-service 1\.0\.0; 0\.9\.0 is older, and downgrades are refused/,
    ],
    [
      'a version that is not semver',
      { targetVersion: 'latest' },
      /'latest' is not a semantic version/,
    ],
    [
      'another template',
      { templateRef: 'template:default/go-service' },
      /was made from template:default\/node-service, not template:default\/go-service/,
    ],
  ])('%s', async (_name, extra, message) => {
    const { repo, options } = await setup();
    await expect(
      upgradeRepository({
        ...options,
        publishedVersions: ['0.9.0', '1.0.0', '1.1.0'],
        ...extra,
      }),
    ).rejects.toThrow(message);
    expect(await repo.repository.readBranch(BRANCH)).toBeUndefined();
  });

  it('a repository without provenance', async () => {
    const { generated, options } = await setup();
    const bare = new Map(generated);
    bare.delete(PROVENANCE_FILE);
    const { repository } = await bareRepository(bare, 'no-provenance');
    await expect(upgradeRepository({ ...options, repository })).rejects.toThrow(
      'no-provenance has no .golden-path/provenance.yaml: it was not made from a golden-path template',
    );
    expect(await repository.readBranch(BRANCH)).toBeUndefined();
  });

  it('a repository whose provenance names another component, or none', async () => {
    const { generated, options } = await setup();
    const other = new Map(generated);
    edit(other, PROVENANCE_FILE, t =>
      t.replace('component:default/orders-api', 'component:default/ledger'),
    );
    const unnamed = new Map(generated);
    edit(unnamed, PROVENANCE_FILE, t =>
      t.replace('component: component:default/orders-api\n', ''),
    );
    const a = await bareRepository(other, 'other');
    const b = await bareRepository(unnamed, 'unnamed');
    await expect(
      upgradeRepository({ ...options, repository: a.repository }),
    ).rejects.toThrow(
      "other's .golden-path/provenance.yaml names component:default/ledger, not component:default/orders-api: the catalog entity points at another component's repository, so nothing is written",
    );
    await expect(
      upgradeRepository({ ...options, repository: b.repository }),
    ).rejects.toThrow(
      'unnamed\'s .golden-path/provenance.yaml names no component, so it cannot prove it belongs to component:default/orders-api; add "component: component:default/orders-api" to it on the default branch',
    );
    expect(await a.repository.readBranch(BRANCH)).toBeUndefined();
    expect(await b.repository.readBranch(BRANCH)).toBeUndefined();
  });

  it('tampered provenance (digest mismatch)', async () => {
    const { generated, options, v1 } = await setup();
    const tampered = new Map(generated);
    edit(tampered, PROVENANCE_FILE, t =>
      t.replace(v1.digest, `sha256:${'1'.repeat(64)}`),
    );
    const { repository } = await bareRepository(tampered, 'tampered');
    await expect(upgradeRepository({ ...options, repository })).rejects.toThrow(
      /tampered's provenance does not match template:default\/node-service 1\.0\.0: it records sha256:1{64}, the published version is sha256:[0-9a-f]{64}/,
    );
    expect(await repository.readBranch(BRANCH)).toBeUndefined();
  });

  it('an answer the new form no longer accepts, or a new question: asked for by name', async () => {
    const { v2 } = await nodeServiceVersions();
    const files = new Map(v2.files);
    edit(files, 'template.yaml', t =>
      t
        .replace(
          'required: [name, owner, system, tier, lifecycle]',
          'required: [name, owner, system, tier, lifecycle, dataClassification]',
        )
        .replace(
          '        lifecycle:\n          title: Lifecycle',
          '        dataClassification:\n          title: Data classification\n          type: string\n          enum: [public, internal, confidential]\n        lifecycle:\n          title: Lifecycle',
        )
        .replace(
          'enum: [experimental, production, deprecated]',
          'enum: [experimental, production]',
        ),
    );
    const stricter = templateVersionFromFiles(REF, files);
    const { repo, options } = await setup({ v2: stricter });
    const attempt = upgradeRepository(options);
    await expect(attempt).rejects.toBeInstanceOf(AnswersNeededError);
    await expect(upgradeRepository(options)).rejects.toThrow(
      "the new version's form needs 'dataClassification' (Data classification): the new version asks for it and there is no answer; give it in the upgrade's answers",
    );
    expect(await repo.repository.readBranch(BRANCH)).toBeUndefined();
    await expect(
      upgradeRepository({
        ...options,
        answers: { dataClassification: 'internal', lifecycle: 'deprecated' },
      }),
    ).rejects.toThrow(
      "'lifecycle' (Lifecycle): the new version does not accept the recorded answer (must be equal to one of the allowed values)",
    );
    const done = await upgradeRepository({
      ...options,
      answers: { dataClassification: 'internal' },
    });
    expect(done.state).toBe('opened');
    const provenance = yaml.parse(
      (await repo.repository.readBranch(BRANCH))!.files
        .get(PROVENANCE_FILE)!
        .toString('utf8'),
    );
    expect(provenance.answers.dataClassification).toBe('internal');
  });

  it('a repository already at the target version is up to date', async () => {
    const { v2, stored } = await setup();
    const { repository } = await bareRepository(
      await generatedService(v2),
      'current',
    );
    const result = await upgradeRepository({
      repository,
      publishedVersions: ['1.0.0', '1.1.0'],
      loadVersion: async (_r, v) => stored.get(v),
    });
    expect(result.state).toBe('up-to-date');
    expect(await repository.readBranch(BRANCH)).toBeUndefined();
  });
});

describe('LocalGitRepository', () => {
  it('round-trips nested trees', async () => {
    const files: FileTree = new Map([
      ['a.txt', Buffer.from('a\n')],
      ['dir/b.txt', Buffer.from('b\n')],
      ['dir/sub/c.bin', Buffer.from([0, 1, 2])],
    ]);
    const { repository, gitdir } = await bareRepository(files, 'round-trip');
    const read = await new LocalGitRepository(gitdir, 'x').readBranch('main');
    expect(read?.files).toEqual(files);
    expect(await repository.readBranch('nope')).toBeUndefined();
  });
});
