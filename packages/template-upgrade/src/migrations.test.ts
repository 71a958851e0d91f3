import { FileTree } from './content';
import {
  applyPatches,
  migrationsBetween,
  parseMigrations,
  renamePath,
  renameTree,
} from './migrations';

const tree = (files: Record<string, string>): FileTree =>
  new Map(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)]));
const text = (files: FileTree, file: string) =>
  files.get(file)?.toString('utf8');

describe('migrations', () => {
  const migrations = parseMigrations(`
migrations:
  - version: 2.0.0
    steps:
      - move: { from: deploy/, to: k8s/ }
  - version: 1.1.0
    description: rename
    steps:
      - rename: { from: src/healthcheck.js, to: src/health-check.js }
      - yamlPatch:
          file: k8s/deployment.yaml
          ops:
            - { op: add, path: /spec/revisionHistoryLimit, value: 5 }
            - { op: replace, path: /spec/replicas, value: 3 }
            - { op: add, path: /spec/ports/-, value: 9090 }
      - jsonPatch:
          file: package.json
          ops:
            - { op: add, path: /engines, value: { node: '>=24' } }
            - { op: remove, path: /scripts/postinstall }
`);

  it('sorts by version and selects the versions after from up to to', () => {
    expect(migrations.map(m => m.version)).toEqual(['1.1.0', '2.0.0']);
    expect(
      migrationsBetween(migrations, '1.0.0', '1.1.0').map(m => m.version),
    ).toEqual(['1.1.0']);
    expect(
      migrationsBetween(migrations, '1.1.0', '2.0.0').map(m => m.version),
    ).toEqual(['2.0.0']);
    expect(migrationsBetween(migrations, '2.0.0', '2.0.0')).toEqual([]);
  });

  it('renames files and moves directories, in version order', () => {
    expect(renamePath('src/healthcheck.js', migrations)).toBe(
      'src/health-check.js',
    );
    expect(renamePath('deploy/service.yaml', migrations)).toBe(
      'k8s/service.yaml',
    );
    expect(renamePath('deployment/x.yaml', migrations)).toBe(
      'deployment/x.yaml',
    );
    const { files, renamed } = renameTree(
      tree({
        'src/healthcheck.js': 'a',
        'deploy/a.yaml': 'b',
        'README.md': 'c',
      }),
      migrations,
    );
    expect([...files.keys()].sort()).toEqual([
      'README.md',
      'k8s/a.yaml',
      'src/health-check.js',
    ]);
    expect(renamed).toEqual([
      { from: 'src/healthcheck.js', to: 'src/health-check.js' },
      { from: 'deploy/a.yaml', to: 'k8s/a.yaml' },
    ]);
  });

  it('patches YAML keeping its comments, and JSON, and reports what it cannot patch', () => {
    const files = tree({
      'k8s/deployment.yaml':
        '# the team keeps this comment\nspec:\n  replicas: 2 # two\n  ports: [8080]\n',
      'package.json': '{"name":"x","scripts":{"postinstall":"evil"}}',
    });
    const result = applyPatches(
      files,
      migrationsBetween(migrations, '1.0.0', '1.1.0'),
    );
    expect(result).toEqual({
      patched: ['k8s/deployment.yaml', 'package.json'],
      problems: [],
    });
    expect(text(files, 'k8s/deployment.yaml')).toBe(
      '# the team keeps this comment\nspec:\n  replicas: 3 # two\n  ports: [ 8080, 9090 ]\n  revisionHistoryLimit: 5\n',
    );
    expect(JSON.parse(text(files, 'package.json')!)).toEqual({
      name: 'x',
      scripts: {},
      engines: { node: '>=24' },
    });
    // applying again changes nothing that is already there (replace/add are idempotent, except appends)
    const missing = applyPatches(
      tree({}),
      migrationsBetween(migrations, '1.0.0', '1.1.0'),
    );
    expect(missing.patched).toEqual([]);
    expect(missing.problems.map(p => p.path)).toEqual([
      'k8s/deployment.yaml',
      'package.json',
    ]);
    const broken = applyPatches(
      tree({ 'k8s/deployment.yaml': 'kind: Service\n', 'package.json': '{}' }),
      migrationsBetween(migrations, '1.0.0', '1.1.0'),
    );
    expect(broken.problems).toEqual([
      {
        path: 'k8s/deployment.yaml',
        problem:
          "version 1.1.0's patch could not be applied: has nothing at /spec/replicas",
      },
      {
        path: 'package.json',
        problem: expect.stringContaining(
          "version 1.1.0's patch could not be applied",
        ),
      },
    ]);
  });

  it('refuses invalid files with the place of the problem', () => {
    expect(() =>
      parseMigrations('migrations: [{ version: one, steps: [] }]'),
    ).toThrow(
      /migrations.yaml is invalid at migrations.0.version: must be a semantic version/,
    );
    expect(() =>
      parseMigrations(
        'migrations: [{ version: 1.0.0, steps: [{ rename: { from: ../etc/passwd, to: x } }] }]',
      ),
    ).toThrow("migration path '../etc/passwd' is not a safe relative path");
    expect(() =>
      parseMigrations(
        'migrations: [{ version: 1.0.0, steps: [{ exec: rm }] }]',
      ),
    ).toThrow(/migrations.yaml is invalid at migrations.0.steps.0/);
    expect(() => parseMigrations('migrations: [')).toThrow(
      /migrations.yaml is not valid YAML/,
    );
    expect(parseMigrations(undefined)).toEqual([]);
  });
});
