import {
  MASK,
  findSecrets,
  isMasked,
  maskSecret,
  redactText,
  remask,
  secretHash,
  shannonEntropy,
} from './redactor';

const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const GITHUB_TOKEN = `ghp_${'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5'}`;

/** The characters of a masked preview that come from the secret. */
function visible(preview: string): number {
  return Array.from(preview.replace(/…/g, '')).length;
}

describe('maskSecret', () => {
  it('shows at most 4 characters, fewer for shorter secrets', () => {
    expect(maskSecret('AKIAIOSFODNN7EXAMPLE')).toBe('AKIA…');
    expect(maskSecret(AWS_SECRET)).toBe('wJal…');
    expect(maskSecret(GITHUB_TOKEN)).toBe('ghp_…');
    expect(maskSecret('hunter2hunter2')).toBe('hu…');
    expect(maskSecret('hunter2')).toBe(MASK);
    expect(maskSecret('')).toBe(MASK);
    for (const s of [AWS_SECRET, GITHUB_TOKEN, 'x'.repeat(500), 'ab']) {
      expect(visible(maskSecret(s))).toBeLessThanOrEqual(4);
      expect(isMasked(maskSecret(s))).toBe(true);
    }
  });

  it('re-masks stored previews of the older 4+2 form and raw values', () => {
    expect(remask('AKIA…LE')).toBe('AKIA…');
    expect(remask('dfjk…13')).toBe('dfjk…');
    expect(remask('01…')).toBe('01…');
    expect(remask('********')).toBe(MASK);
    expect(remask(AWS_SECRET)).toBe('wJal…');
    expect(remask('AKIA…')).toBe('AKIA…');
  });
});

describe('secretHash', () => {
  it('is the SHA-256 of the trimmed secret, never the secret', () => {
    expect(secretHash(AWS_SECRET)).toMatch(/^[0-9a-f]{64}$/);
    expect(secretHash(` ${AWS_SECRET}\n`)).toBe(secretHash(AWS_SECRET));
    expect(secretHash(AWS_SECRET)).not.toBe(secretHash(GITHUB_TOKEN));
    expect(secretHash('a\r\nb')).toBe(secretHash('a\nb'));
  });
});

describe('redactText', () => {
  it.each([
    [
      'AWS access key id',
      'key AKIAIOSFODNN7EXAMPLE here',
      'AKIAIOSFODNN7EXAMPLE',
    ],
    ['AWS STS key id', 'ASIAY34FZKBOKMUTVV7A', 'ASIAY34FZKBOKMUTVV7A'],
    ['AWS secret access key', `aws secret is ${AWS_SECRET}.`, AWS_SECRET],
    ['GitHub token', `token ${GITHUB_TOKEN}`, GITHUB_TOKEN],
    ['GitHub OAuth token', `gho_${'x1'.repeat(18)}`, `gho_${'x1'.repeat(18)}`],
    ['GitHub app token', `ghs_${'Y2'.repeat(18)}`, `ghs_${'Y2'.repeat(18)}`],
    [
      'GitHub fine-grained token',
      `github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUV`,
      'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
    ],
    [
      'GitLab token',
      'glpat-Zx9ABcdEFgh1234ijKLm',
      'glpat-Zx9ABcdEFgh1234ijKLm',
    ],
    ['Slack token', 'xoxb-123456789012-abcdefABCDEF', 'xoxb-123456789012'],
    ['Stripe key', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'sk_live_4eC39Hq'],
    [
      'Google API key',
      'AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe',
      'AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe',
    ],
    [
      'npm token',
      'npm_abcdefghijklmnopqrstuvwxyz0123456789',
      'npm_abcdefghijklmnopqrstuvwxyz0123456789',
    ],
    [
      'private key block',
      'key: -----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----',
      'MIIEpAIBAAKCAQEA',
    ],
    [
      'private key header alone',
      '-----BEGIN OPENSSH PRIVATE KEY-----',
      'BEGIN OPENSSH PRIVATE KEY',
    ],
    [
      'JWT',
      'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'eyJzdWIiOiIxMjM0NTY3ODkwIn0',
    ],
    ['password assignment', 'password=hunter2', 'hunter2'],
    ['quoted secret', `"client_secret": "s3cr3tValue"`, 's3cr3tValue'],
    ['api_key assignment', `api_key = 'abcd1234efgh'`, 'abcd1234efgh'],
    [
      'token in a query',
      'https://x.example/cb?access_token=zzz123abc',
      'zzz123abc',
    ],
    [
      'basic-auth URL',
      'git clone https://bob:Tr0ub4dor@git.example.com/r',
      'Tr0ub4dor',
    ],
  ])('redacts a %s', (_, text, secret) => {
    const out = redactText(text);
    expect(out).not.toContain(secret);
    expect(out).toContain(MASK);
    expect(redactText(out)).toBe(out);
  });

  it('leaves ordinary scanner text intact', () => {
    const samples = [
      'Improper Neutralization of Input During Web Page Generation (CWE-79) in src/app/views/login.tsx',
      'CVE-2021-44228 in org.apache.logging.log4j:log4j-core 2.14.1; upgrade to 2.17.1',
      'GHSA-v6rh-hp5x-86rv: see https://github.com/advisories/GHSA-v6rh-hp5x-86rv',
      'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
      'dojo/unittests/scans/gitlab_secret_detection_report/gitlab_secret_detection_report_1_vuln.json',
      'AWS Access Key secret found in conf/aws.tf at line 3 of commit 3c7f3f0e08c5.',
      'aws-access-token has detected secret for file auth.py at commit 3c7f3f0e08c5b84a0cd3da69dbfd7ac9931cea63.',
      'Secret keys should not be hard-coded: use a vault. The password must be rotated.',
      'export AWS_ACCESS_KEY_ID=********************',
      'password=${DB_PASSWORD}',
      'org/apache/logging/log4j/core/lookup/JndiLookup',
      'pkg:npm/%40babel/core@7.12.3',
    ];
    for (const text of samples) {
      expect(redactText(text, [], { entropy: true })).toBe(text);
    }
  });

  it('keeps digests in other findings, and redacts high-entropy tokens in secret findings only', () => {
    const digest =
      'alpine@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(redactText(digest)).toBe(digest);
    expect(redactText(digest, [], { entropy: true })).toBe(
      'alpine@sha256:e3b0…',
    );
    const opaque = 'found Pe6RfwkjEkW2S5sxQjOSCSOzTCx28My3624F1m4aX';
    expect(redactText(opaque)).toBe(opaque);
    expect(redactText(opaque, [], { entropy: true })).toBe('found Pe6R…');
    const hex = 'key 503825d425f608ab9b50b4457022eeb6';
    expect(redactText(hex, [], { entropy: true })).toBe('key 5038…');
  });

  it('keeps a 40-hex commit id after the word commit, and no other 40-hex run', () => {
    const sha = '3c7f3f0e08c5b84a0cd3da69dbfd7ac9931cea63';
    for (const text of [
      `at commit ${sha}`,
      `Commit: ${sha}`,
      `commit=${sha}`,
    ]) {
      expect(redactText(text, [], { entropy: true })).toBe(text);
    }
    expect(redactText(`token ${sha}`, [], { entropy: true })).toBe(
      'token 3c7f…',
    );
    expect(redactText(`commit ${sha}ab`, [], { entropy: true })).toBe(
      'commit 3c7f…',
    );
  });

  it('replaces known secrets, also percent-encoded, before the rules', () => {
    expect(redactText('a my-secret-value b', ['my-secret-value'])).toBe(
      'a my… b',
    );
    expect(redactText('x=a%2Fb%2Fcdefgh', ['a/b/cdefgh'])).toBe('x=…');
    // too short to be told from ordinary words
    expect(redactText('a pw b', ['pw'])).toBe('a pw b');
  });

  it('is idempotent and does not take its own masks for secrets', () => {
    const text = `password=hunter2 https://u:hunter2hunter2@h ${AWS_SECRET} ${GITHUB_TOKEN}`;
    const once = redactText(text, [], { entropy: true });
    expect(once).toBe('password=… https://u:hu…@h wJal… ghp_…');
    expect(redactText(once, [], { entropy: true })).toBe(once);
  });

  it('finds the secrets it redacts', () => {
    expect(
      findSecrets(`msg ${AWS_SECRET} and ${GITHUB_TOKEN}`, { entropy: true }),
    ).toEqual([GITHUB_TOKEN, AWS_SECRET]);
    expect(findSecrets('nothing here')).toEqual([]);
  });

  it('measures Shannon entropy', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
  });

  it('stays fast on adversarial input', () => {
    const inputs = [
      `${'a_'.repeat(10_000)}password x`,
      `${'a_password_'.repeat(2_000)}x`,
      '-----BEGIN PRIVATE KEY-----'.repeat(1_000),
      `https://${'a:'.repeat(10_000)}`,
    ];
    const start = Date.now();
    for (const input of inputs) {
      redactText(input, [], { entropy: true });
    }
    expect(Date.now() - start).toBeLessThan(2_000);
  });
});
