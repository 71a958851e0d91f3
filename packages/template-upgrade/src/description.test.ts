import type { PolicyMode, PolicyResult } from '@golden-path/policy';
import { codeSpan, describe as describeUpgrade } from './description';

const violation = (mode: PolicyMode): PolicyResult => ({
  policy: 'workspace',
  rule: 'no-privilege-escalation',
  file: 'k8s/deployment.yaml',
  message: 'privilege escalation is allowed',
  fix: 'set allowPrivilegeEscalation: false',
  mode,
  severity: 'high',
});

const result = {
  state: 'opened' as const,
  templateRef: 'template:default/node-service',
  fromVersion: '1.0.0',
  toVersion: '1.1.0',
  branch: 'golden-path/upgrade-node-service',
  conflicts: 0,
  droppedAnswers: [],
  changes: [],
  renamed: [],
  problems: [],
  policy: { passed: true, violations: [] as PolicyResult[] },
  changelog: [],
};

describe('codeSpan', () => {
  it('keeps a value inside one code span on one line', () => {
    expect(codeSpan('src/app.js')).toBe('`src/app.js`');
    expect(codeSpan('a`b\r\nc\nd')).toBe("`a'b c d`");
  });
});

describe('the change request text (describe)', () => {
  it('says when nothing changed and nothing is in the way', () => {
    expect(describeUpgrade(result, [])).toBe(
      [
        'Upgrades `template:default/node-service` from `1.0.0` to `1.1.0`.',
        '',
        '## Files',
        '',
        'No file changes.',
        '',
        '',
        '## Conflicts',
        '',
        'None.',
        '',
        '## Security posture',
        '',
        'No open finding is on a file this upgrade replaces.',
        '',
        '## Policies',
        '',
        'The merged result passes every enforced policy.',
      ].join('\n'),
    );
  });

  it('lists the changelog, files, conflicts, problems, closed findings and failed rules', () => {
    const text = describeUpgrade(
      {
        ...result,
        changelog: [
          {
            version: '1.1.0',
            releasedAt: '2026-11-02',
            changelog: [
              { text: 'Drop <script> from the page', security: true },
              { text: 'Newer base image', security: false },
            ],
          },
        ],
        changes: [
          {
            path: 'Dockerfile',
            ownership: 'managed',
            action: 'update',
            note: 'the template changed it',
          },
          {
            path: 'src/app.js',
            ownership: 'merged',
            action: 'conflict',
            conflicts: 2,
          },
        ],
        renamed: [{ from: 'old.yaml', to: 'new.yaml' }],
        problems: [
          { path: 'package.json', problem: 'the patch did not apply' },
        ],
        policy: {
          passed: false,
          violations: [violation('enforce'), violation('warn')],
        },
      },
      [{ title: 'Privilege escalation', path: 'k8s/deployment.yaml' }],
    );
    expect(text).toBe(
      [
        'Upgrades `template:default/node-service` from `1.0.0` to `1.1.0`.',
        '',
        '## What changed in the template',
        '',
        '### 1.1.0',
        '',
        '- **Security:** Drop script from the page',
        '- Newer base image',
        '',
        '## Files',
        '',
        '- update `Dockerfile` (managed): the template changed it',
        '- conflict `src/app.js` (merged)',
        '- rename `old.yaml` to `new.yaml`',
        '',
        '## Conflicts',
        '',
        '- `src/app.js`: 2 region(s) marked with <<<<<<< / >>>>>>>',
        '',
        '## Needs a person',
        '',
        '- `package.json`: the patch did not apply',
        '',
        '## Security posture',
        '',
        '- closes `Privilege escalation` on `k8s/deployment.yaml`',
        '',
        '## Policies',
        '',
        'The merged result fails 1 enforced rule(s).',
      ].join('\n'),
    );
  });

  it('counts warnings when every enforced policy passes', () => {
    const text = describeUpgrade(
      {
        ...result,
        policy: {
          passed: true,
          violations: [violation('warn'), violation('warn')],
        },
      },
      [],
    );
    expect(text.split('\n').pop()).toBe(
      'The merged result passes every enforced policy (2 warning(s)).',
    );
  });
});
