import { safeHttpUrl } from './safeUrl';

describe('safeHttpUrl', () => {
  it.each([
    'https://github.com/advisories/GHSA-xxxx',
    'http://example.com/docs?a=1#b',
  ])('keeps %s', url => {
    expect(safeHttpUrl(url)).toBe(new URL(url).toString());
  });

  it.each([
    // eslint-disable-next-line no-script-url -- the attack under test
    'javascript:alert(1)',
    // eslint-disable-next-line no-script-url -- the attack under test
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    '//evil.example.com',
    '/relative/path',
    'not a url',
    'https://user:secret@example.com/',
    '',
  ])('drops %s', url => {
    expect(safeHttpUrl(url)).toBeUndefined();
  });

  it('drops missing values', () => {
    expect(safeHttpUrl(null)).toBeUndefined();
    expect(safeHttpUrl(undefined)).toBeUndefined();
  });
});
