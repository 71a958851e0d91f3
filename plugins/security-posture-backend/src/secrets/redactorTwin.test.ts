import { resolvePackagePath } from '@backstage/backend-plugin-api';
import path from 'node:path';
import * as ts from './redactor';

/** The migration that redacts stored rows carries a plain JavaScript copy of the redactor. */
const migration = require(path.join(
  resolvePackagePath(
    '@golden-path/plugin-security-posture-backend',
    'migrations',
  ),
  '20261206100000_redact_secrets.js',
));
const js: typeof ts = migration.redactor;

const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const GITHUB_TOKEN = 'ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5';

const CORPUS = [
  '',
  'plain prose with nothing secret in it',
  `Found AWS secret access key ${AWS_SECRET} in config.py`,
  `token ${GITHUB_TOKEN} leaked`,
  'AKIAIOSFODNN7EXAMPLE',
  'ASIAY34FZKBOKMUTVV7A and A3T0ABCDEFGHIJKLMNOP',
  'glpat-Zx9ABcdEFgh1234ijKLm xoxp-1234567890-abcdef sk_live_4eC39HqLyjWDarjtT1zdp7dc',
  'AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe npm_abcdefghijklmnopqrstuvwxyz0123456789',
  'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUV',
  '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY----- after',
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  'password=hunter2 passwd: "p4ssw0rd!" api_key => \'abc123def456\'',
  '"client_secret":"s3cr3tValue", secret_key = zz9988aa',
  'password=${DB_PASSWORD} token=******** secret: value',
  'https://bob:Tr0ub4dor@git.example.com/r and https://x.example/cb?access_token=zzz123abc',
  'https://nvd.nist.gov/vuln/detail/CVE-2021-44228 and GHSA-v6rh-hp5x-86rv',
  'aws-access-token has detected secret for file auth.py at commit 3c7f3f0e08c5b84a0cd3da69dbfd7ac9931cea63.',
  'token 3c7f3f0e08c5b84a0cd3da69dbfd7ac9931cea63',
  'alpine@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  'found Pe6RfwkjEkW2S5sxQjOSCSOzTCx28My3624F1m4aX and 503825d425f608ab9b50b4457022eeb6',
  'Log4jLookupVulnerability2021 src/main/java/com/Example/Log4jHandler',
  'dojo/unittests/scans/gitlab_secret_detection_report/gitlab_secret_detection_report_1_vuln.json',
  'already masked: AKIA… wJal… password=… https://u:hu…@h',
  'unicode ✓ — résumé 🚀 ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5',
  `x=${encodeURIComponent(AWS_SECRET)}`,
];

const KNOWN: Array<Array<string | undefined>> = [
  [],
  [AWS_SECRET],
  ['my-secret-value', undefined, 'pw'],
  ['a/b/cdefgh'],
];

describe('the migration copy of the redactor', () => {
  it('exists beside the TypeScript redactor', () => {
    expect(typeof js.redactText).toBe('function');
    expect(js.MASK).toBe(ts.MASK);
  });

  it.each(CORPUS.map((text, i) => [i, text]))(
    'agrees with the TypeScript redactor on sample %p',
    (_, text) => {
      for (const known of KNOWN) {
        for (const entropy of [false, true]) {
          expect(js.redactText(text, known, { entropy })).toBe(
            ts.redactText(text, known, { entropy }),
          );
        }
      }
      for (const entropy of [false, true]) {
        expect(js.findSecrets(text, { entropy })).toEqual(
          ts.findSecrets(text, { entropy }),
        );
      }
      expect(js.maskSecret(text)).toBe(ts.maskSecret(text));
      expect(js.remask(text)).toBe(ts.remask(text));
      expect(js.isMasked(text)).toBe(ts.isMasked(text));
      expect(js.secretHash(text)).toBe(ts.secretHash(text));
      expect(js.shannonEntropy(text)).toBe(ts.shannonEntropy(text));
      const record = {
        reason: text,
        nested: [{ comment: text, id: text }],
        n: 1,
      };
      expect(js.redactRecord(record)).toEqual(ts.redactRecord(record));
    },
  );

  it('agrees on masks of every length and on older previews', () => {
    for (let n = 0; n <= 45; n++) {
      const value = AWS_SECRET.repeat(2).slice(0, n);
      expect(js.maskSecret(value)).toBe(ts.maskSecret(value));
    }
    for (const stored of ['AKIA…LE', 'dfjk…13', '01…', '********', '…']) {
      expect(js.remask(stored)).toBe(ts.remask(stored));
    }
  });

  it('is an identical copy of the rules (source text compared)', () => {
    const fs = require('node:fs');
    const jsSource: string = fs.readFileSync(
      path.join(
        resolvePackagePath(
          '@golden-path/plugin-security-posture-backend',
          'migrations',
        ),
        '20261206100000_redact_secrets.js',
      ),
      'utf8',
    );
    const tsSource: string = fs.readFileSync(
      path.join(__dirname, 'redactor.ts'),
      'utf8',
    );
    const patterns = (source: string) =>
      [...source.matchAll(/pattern:\s*\n?\s*(\/.*\/g)/g)].map(m => m[1]);
    expect(patterns(jsSource)).toEqual(patterns(tsSource));
    expect(patterns(tsSource).length).toBeGreaterThan(10);
    const keyword = (source: string) =>
      /const KEYWORD =\s*'([^']*)'/.exec(source)?.[1];
    expect(keyword(jsSource)).toBe(keyword(tsSource));
  });
});
