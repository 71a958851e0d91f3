import { ParsedReport } from '@golden-path/plugin-security-posture-common';
import { parseCycloneDx } from './cyclonedx';
import { parseDependencyTrackFpf } from './dependencyTrack';
import { parseGitleaks } from './gitleaks';
import { parseGrype } from './grype';
import { parseNpmAudit } from './npmAudit';
import { parseOsv } from './osv';
import { parseReport } from './parseReport';
import { parseSarif } from './sarif';
import { parseScorecard } from './scorecard';
import { fixtureFiles, readFixture } from './testFixtures';
import { parseTrivy } from './trivy';
import { fingerprintOf } from './util';
import { validateParsedReport } from './validate';

/** AWS' documented example secret access key, and a GitHub token of the classic form. */
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const GITHUB_TOKEN = `ghp_${'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5'}`;
const SECRETS = [AWS_SECRET, GITHUB_TOKEN];

/** Every form of a secret that must not be found in a parsed report. */
function forms(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
  ];
}

function expectNoSecret(report: ParsedReport) {
  const out = JSON.stringify(report);
  for (const secret of SECRETS) {
    for (const form of forms(secret)) {
      expect(out).not.toContain(form);
    }
  }
  // nothing longer than 4 characters of either secret survives
  for (const secret of SECRETS) {
    for (let i = 0; i + 8 <= secret.length; i++) {
      const piece = secret.slice(i, i + 8);
      if (/[0-9]/.test(piece) && /[A-Z]/.test(piece)) {
        expect(out).not.toContain(piece);
      }
    }
  }
}

/** A copy of a document with both secrets appended to every string value (keys kept). */
function inject(doc: unknown, keep: ReadonlySet<string>, key = ''): unknown {
  if (typeof doc === 'string') {
    return keep.has(key) ? doc : `${doc} ${AWS_SECRET} ${GITHUB_TOKEN}`;
  }
  if (Array.isArray(doc)) {
    return doc.map(item => inject(item, keep, key));
  }
  if (doc && typeof doc === 'object') {
    return Object.fromEntries(
      Object.entries(doc).map(([k, v]) => [k, inject(v, keep, k)]),
    );
  }
  return doc;
}

function load(folder: string, file: string): unknown {
  return JSON.parse(readFixture(folder, file).toString('utf8'));
}

/** Every format, its fixture folder, its parser, and the keys its detection needs verbatim. */
const FORMATS: Array<{
  folder: string;
  parse: (doc: unknown) => ParsedReport;
  keep: string[];
  hasFindings: boolean;
}> = [
  {
    folder: 'sarif',
    parse: parseSarif,
    keep: ['version', '$schema'],
    hasFindings: true,
  },
  { folder: 'trivy', parse: parseTrivy, keep: ['Status'], hasFindings: true },
  { folder: 'gitleaks', parse: parseGitleaks, keep: [], hasFindings: true },
  { folder: 'grype', parse: parseGrype, keep: [], hasFindings: true },
  { folder: 'osv-scanner', parse: parseOsv, keep: [], hasFindings: true },
  {
    folder: 'cyclonedx',
    parse: parseCycloneDx,
    keep: ['bomFormat', 'specVersion', '$schema'],
    hasFindings: true,
  },
  { folder: 'scorecard', parse: parseScorecard, keep: [], hasFindings: false },
  { folder: 'npm-audit', parse: parseNpmAudit, keep: [], hasFindings: true },
  {
    folder: 'dependency-track-fpf',
    parse: parseDependencyTrackFpf,
    keep: ['application'],
    hasFindings: true,
  },
];

describe('no raw secret kept from any format', () => {
  describe.each(FORMATS)('$folder', ({ folder, parse, keep, hasFindings }) => {
    const files = fixtureFiles(folder).filter(f => /\.(json|sarif)$/.test(f));

    it('has fixtures with findings (checks for Scorecard)', () => {
      const read = files.map(file => parse(load(folder, file)));
      expect(
        read.some(r =>
          hasFindings ? r.findings.length > 0 : r.checks.length > 0,
        ),
      ).toBe(true);
    });

    it.each(files)(
      'keeps neither secret when both are in every string of %s',
      file => {
        const doc = inject(load(folder, file), new Set(keep));
        const report = parse(doc);
        expectNoSecret(report);
        // the injected report is still read: findings (or checks) where the original has some
        const original = parse(load(folder, file));
        expect(report.findings.length > 0).toBe(original.findings.length > 0);
        expect(report.checks.length).toBe(original.checks.length);
      },
    );
  });

  it('keeps neither secret through parseReport, whatever the parser', () => {
    const doc = inject(
      load('gitleaks', 'defectdojo_gitleaks8_many.json'),
      new Set(),
    );
    const report = parseReport(JSON.stringify(doc), { format: 'gitleaks' });
    expect(report.findings).toHaveLength(4);
    expectNoSecret(report);
  });
});

/** The number of characters of a secret its masked preview shows. */
function shown(preview: string | undefined): number {
  return Array.from((preview ?? '').replace(/…/g, '')).length;
}

describe('secret findings: masked preview and identity', () => {
  function gitleaks(secret: string) {
    const doc = load('gitleaks', 'gitleaks_json_simple.json') as any[];
    doc[0].Secret = secret;
    doc[0].Match = `aws_secret_access_key = "${secret}"`;
    return parseGitleaks(doc).findings[0];
  }

  function sarif(secret: string, where: 'snippet' | 'message') {
    const doc = load('sarif', 'gitleaks_sarif_simple.sarif') as any;
    const result = doc.runs[0].results[0];
    const region = result.locations[0].physicalLocation.region;
    if (where === 'snippet') {
      region.snippet.text = secret;
    } else {
      delete region.snippet;
      result.message.text = `aws-access-token has detected secret ${secret} for file auth.py at commit 0000000000000000.`;
    }
    return parseSarif(doc).findings[0];
  }

  function trivy(match: string | undefined) {
    const doc = load('trivy', 'trivy_fs_secrets.json') as any;
    if (match !== undefined) {
      doc.Results[0].Secrets[1].Match = match;
    }
    return parseTrivy(doc).findings[1];
  }

  it.each([
    ['gitleaks', (s: string) => gitleaks(s)],
    [
      'SARIF from gitleaks, secret in the snippet',
      (s: string) => sarif(s, 'snippet'),
    ],
    [
      'SARIF from gitleaks, secret in the message',
      (s: string) => sarif(s, 'message'),
    ],
    ['Trivy secrets, secret in Match', (s: string) => trivy(`echo ${s}`)],
  ])('%s', (_, read) => {
    const aws = read(AWS_SECRET);
    expect(aws.kind).toBe('secret');
    expect(shown(aws.secret?.redacted)).toBeLessThanOrEqual(4);
    expect(aws.secret?.redacted).toBe('wJal…');
    expect(read(GITHUB_TOKEN).secret?.redacted).toBe('ghp_…');
    // stable for the same secret, another for another secret
    expect(read(AWS_SECRET).fingerprint).toBe(aws.fingerprint);
    expect(read(GITHUB_TOKEN).fingerprint).not.toBe(aws.fingerprint);
    expect(aws.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expectNoSecret({ format: 'x', tools: [], checks: [], findings: [aws] });
  });

  it('keeps the location identity of Trivy secrets Trivy masked itself', () => {
    const finding = trivy(undefined);
    expect(finding.secret?.redacted).toBe('…');
    expect(finding.fingerprint).toBe(
      fingerprintOf('trivy-secret', 'mysecret', 'deploy.sh', 7),
    );
  });

  it('refuses the known attack: a secret-scanner SARIF result without a snippet', () => {
    // "A SARIF result from a secret scanner with no region.snippet is stored and served
    // verbatim: a message holding an AWS secret access key was shown to a user who does not
    // own the component."
    const doc = load('sarif', 'gitleaks_sarif_simple.sarif') as any;
    const result = doc.runs[0].results[0];
    delete result.locations[0].physicalLocation.region.snippet;
    result.message.text = `Found AWS secret access key ${AWS_SECRET} in config.py`;
    const report = parseReport(JSON.stringify(doc));
    expect(report.findings).toHaveLength(1);
    const [finding] = report.findings;
    expect(finding.kind).toBe('secret');
    expect(JSON.stringify(report)).not.toContain(AWS_SECRET);
    expect(finding.message).toBe(
      'Found AWS secret access key wJal… in config.py',
    );
    expect(finding.title).toBe(
      'Found AWS secret access key wJal… in config.py',
    );
    expect(finding.secret?.redacted).toBe('wJal…');
  });

  it('redacts rule families in the messages of other findings, and keeps their digests', () => {
    const doc = load(
      'sarif',
      'defectdojo_semgrep-1.69.0_issue_10191.sarif.json',
    ) as any;
    const result = doc.runs[0].results[0];
    const digest =
      'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    result.message.text = `Hard-coded key AKIAIOSFODNN7EXAMPLE and ${GITHUB_TOKEN}; image ${digest}`;
    const report = parseSarif(doc);
    const finding = report.findings.find(f => f.message.includes('Hard-coded'));
    expect(finding?.kind).not.toBe('secret');
    expect(finding?.message).toBe(
      `Hard-coded key AKIA… and ghp_…; image ${digest}`,
    );
  });

  it('redacts what an extension parser or a provider returns, when it is validated', () => {
    const report = validateParsedReport({
      format: 'acme-secrets',
      tools: [{ name: 'acme' }],
      checks: [],
      findings: [
        {
          fingerprint: 'acme-1',
          tool: 'acme',
          kind: 'secret',
          ruleId: 'aws',
          title: `AWS key ${AWS_SECRET}`,
          severity: 'high',
          aliases: [],
          cwes: [],
          message: `found ${AWS_SECRET} and ${GITHUB_TOKEN}`,
          location: { path: 'conf/aws.tf', startLine: 3 },
          secret: { redacted: AWS_SECRET },
        },
      ],
    });
    expectNoSecret(report);
    expect(report.findings[0]).toMatchObject({
      title: 'AWS key wJal…',
      message: 'found wJal… and ghp_…',
      location: { path: 'conf/aws.tf', startLine: 3 },
      secret: { redacted: 'wJal…' },
    });
  });

  it('still refuses malformed extension output with a 422, not a crash', () => {
    expect(() =>
      validateParsedReport({
        format: 'acme',
        tools: [{ name: 'acme' }],
        checks: [],
        findings: [{ fingerprint: 'x', tool: 'acme', ruleId: 'r' } as any],
      }),
    ).toThrow(/lacks a fingerprint, rule id or title/);
  });
});
