import { isManifestPath, guessSarifKind } from './kind';
import { maskSecret, redactText } from './redact';
import {
  fingerprintOf,
  httpUrl,
  line,
  normalizeCwe,
  normalizePath,
  normalizeVulnId,
  plainText,
  vulnIdsIn,
} from './util';

describe('parser helpers', () => {
  it.each([
    ['CWE-79', 'CWE-79'],
    ['cwe-079', 'CWE-79'],
    ['external/cwe/cwe-089', 'CWE-89'],
    ['79', 'CWE-79'],
    [502, 'CWE-502'],
    ['CWE-', undefined],
    ['CWE-0', undefined],
    ['OWASP-A1', undefined],
  ])('normalizes CWE %p to %p', (input, expected) => {
    expect(normalizeCwe(input)).toBe(expected);
  });

  it.each([
    ['file:///C:/code/io/kb.c', 'C:/code/io/kb.c'],
    ['path\\test\\positive1.yaml', 'path/test/positive1.yaml'],
    ['./src/a%20b.ts', 'src/a b.ts'],
    ['file:///home/u/x.py', '/home/u/x.py'],
  ])('normalizes path %p to %p', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
  });

  it('accepts only http(s) URLs', () => {
    expect(httpUrl('https://example.com/a')).toBe('https://example.com/a');
    expect(httpUrl('ftp://example.com/a')).toBeUndefined();
    expect(httpUrl(['data', 'text/html,<b>x</b>'].join(':'))).toBeUndefined();
    expect(httpUrl('not a url')).toBeUndefined();
  });

  it('keeps line numbers only in 1..10,000,000', () => {
    expect([
      line(1),
      line('42'),
      line(0),
      line(-4),
      line(2.5),
      line(1e8),
    ]).toEqual([1, 42, undefined, undefined, undefined, undefined]);
  });

  it('turns report text into plain text', () => {
    expect(plainText('\u001b[38;5;33mname\u001b[0m: nginx\r\n\u0007ok')).toBe(
      'name: nginx\nok',
    );
    expect(plainText('   ')).toBeUndefined();
    expect(plainText('x'.repeat(30_000))?.length).toBe(20_001);
  });

  it('normalizes vulnerability ids', () => {
    expect(normalizeVulnId('cve-2021-44228')).toBe('CVE-2021-44228');
    expect(normalizeVulnId('GHSA-V6RH-HP5X-86RV')).toBe('GHSA-v6rh-hp5x-86rv');
    expect(normalizeVulnId('BIT-drupal-2022-29248')).toBe(
      'BIT-drupal-2022-29248',
    );
    expect(
      vulnIdsIn('CVE-1999-0001-package-1 and ghsa-aaaa-bbbb-cccc'),
    ).toEqual(['CVE-1999-0001', 'GHSA-aaaa-bbbb-cccc']);
  });

  it('fingerprints part lists unambiguously', () => {
    expect(fingerprintOf('ab', 'c')).not.toBe(fingerprintOf('a', 'bc'));
    expect(fingerprintOf('a', undefined)).not.toBe(fingerprintOf('a', ''));
    expect(fingerprintOf('a', 1)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('masks secrets to at most their first 4 characters', () => {
    expect(maskSecret('ghp_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ')).toBe(
      'ghp_…',
    );
    expect(maskSecret('0123456789ab')).toBe('01…');
    expect(maskSecret('short')).toBe('…');
    expect(
      redactText('key=hunter2hunter2 and hunter2hunter2', ['hunter2hunter2']),
    ).toBe('key=hu… and hu…');
  });

  it('tells manifests from other paths', () => {
    expect(isManifestPath('app/package-lock.json')).toBe(true);
    expect(isManifestPath('requirements-dev.txt')).toBe(true);
    expect(isManifestPath('images/alpine.tar.gz')).toBe(false);
    expect(guessSarifKind('snyk', ['vulnerability'], 'package.json')).toBe(
      'sca',
    );
    expect(guessSarifKind('trivy', ['misconfiguration'], 'main.tf')).toBe(
      'iac',
    );
    expect(guessSarifKind('semgrep', ['security'], 'a.js')).toBe('sast');
  });
});
