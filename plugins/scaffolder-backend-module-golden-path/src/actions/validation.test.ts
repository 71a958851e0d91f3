import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  assertDnsLabel,
  assertEntityRef,
  assertNoSymlinks,
  assertPlainText,
  assertSafeRelativePath,
  looksSecret,
  resolveInside,
} from './validation';

describe('assertSafeRelativePath', () => {
  it('normalises safe paths', () => {
    expect(assertSafeRelativePath('./a//b/./c', 'p')).toBe('a/b/c');
    expect(assertSafeRelativePath('.', 'p')).toBe('.');
    expect(assertSafeRelativePath('cafe\u0301', 'p')).toBe('caf\u00e9');
  });

  it.each([
    ['../etc/passwd', /must not leave/],
    ['a/../../b', /must not leave/],
    ['/etc/passwd', /absolute/],
    ['C:/Windows', /absolute/],
    ['\\\\server\\share', /backslash/],
    ['a\\..\\b', /backslash/],
    ['a\u0000b', /control characters/],
    ['a\nb', /control characters/],
    ['.git/config', /\.git/],
    ['sub/.GIT/hooks/pre-commit', /\.git/],
    ['a/'.repeat(20), /deeper than/],
    ['a'.repeat(600), /longer than/],
  ])('refuses %j', (value, message) => {
    expect(() => assertSafeRelativePath(value, 'path')).toThrow(message);
  });
});

describe('resolveInside and assertNoSymlinks', () => {
  it('refuse symlinks on the way and inside', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'validation-'));
    await fs.mkdir(path.join(dir, 'real'));
    await fs.symlink(os.tmpdir(), path.join(dir, 'link'));
    await expect(resolveInside(dir, 'real/x', 'p')).resolves.toBe(
      path.join(dir, 'real', 'x'),
    );
    await expect(resolveInside(dir, 'link/x', 'p')).rejects.toThrow(
      /symbolic link/,
    );
    await expect(
      assertNoSymlinks(path.join(dir, 'real'), 'w'),
    ).resolves.toBeUndefined();
    await expect(assertNoSymlinks(dir, 'the workspace')).rejects.toThrow(
      /the workspace: .*symbolic links.*link/,
    );
    await expect(assertNoSymlinks(path.join(dir, 'link'), 'w')).rejects.toThrow(
      /is a symbolic link/,
    );
  });
});

describe('value checks', () => {
  it('accepts DNS labels only', () => {
    expect(assertDnsLabel('payments-api', 'name')).toBe('payments-api');
    for (const bad of [
      'Payments',
      '-a',
      'a-',
      'a_b',
      'a.b',
      'x'.repeat(64),
      'a\nkind: Group',
      '',
    ]) {
      expect(() => assertDnsLabel(bad, 'name')).toThrow(/DNS label/);
    }
  });

  it('refuses template expressions, control characters and oversized text', () => {
    expect(assertPlainText('A service: it "works".\nReally.', 'd')).toContain(
      'works',
    );
    for (const bad of [
      '${{ secrets.token }}',
      'x {{ 7*7 }}',
      '{% raw %}',
      '{# c #}',
    ]) {
      expect(() => assertPlainText(bad, 'description')).toThrow(
        /template expression/,
      );
    }
    expect(() => assertPlainText('a\u0000', 'd')).toThrow(/control characters/);
    expect(() => assertPlainText('a'.repeat(1001), 'd')).toThrow(
      /longer than 1000/,
    );
  });

  it('accepts entity refs and refuses anything else', () => {
    expect(assertEntityRef('group:default/team-a', 'owner')).toBe(
      'group:default/team-a',
    );
    expect(assertEntityRef('team-a', 'owner')).toBe('team-a');
    expect(() => assertEntityRef('group:default/team a', 'owner')).toThrow(
      /entity reference/,
    );
    expect(() =>
      assertEntityRef('group:default/a\nkind: User', 'owner'),
    ).toThrow();
  });

  it('recognises secret-looking names', () => {
    expect(
      ['githubToken', 'DB_PASSWORD', 'apiKey', 'clientSecret'].every(
        looksSecret,
      ),
    ).toBe(true);
    expect(
      ['name', 'owner', 'system', 'tier', 'lifecycle'].some(looksSecret),
    ).toBe(false);
  });
});
