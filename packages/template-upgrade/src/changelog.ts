import semver from 'semver';

/** One version section of a template's CHANGELOG.md. @public */
export type ChangelogVersion = {
  version: string;
  releasedAt: string | null;
  changelog: { text: string; security: boolean }[];
};

const HEADING =
  /^##\s+\[?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\]?(?:\s*[-–]\s*(\d{4}-\d{2}-\d{2}))?\s*$/;
const SECURITY_TAG = /^\[security\]\s*/i;

/**
 * Parses a template's CHANGELOG.md: `## x.y.z - YYYY-MM-DD` sections whose `- ` items are the
 * entries (continuation lines folded in); items tagged `[security]` change the security posture of
 * the services made from the template. Newest version first; text stays plain (never HTML).
 *
 * @public
 */
export function parseChangelog(markdown: string): ChangelogVersion[] {
  const versions: ChangelogVersion[] = [];
  let current: ChangelogVersion | undefined;
  let item: string[] | undefined;
  const flush = () => {
    if (current && item) {
      const text = item.join(' ').replace(/\s+/g, ' ').trim();
      const security = SECURITY_TAG.test(text);
      current.changelog.push({
        text: text.replace(SECURITY_TAG, ''),
        security,
      });
    }
    item = undefined;
  };
  for (const line of markdown.split(/\r?\n/)) {
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      current = {
        version: heading[1],
        releasedAt: heading[2] ?? null,
        changelog: [],
      };
      versions.push(current);
      continue;
    }
    if (/^#/.test(line)) {
      flush();
      current = undefined;
      continue;
    }
    if (!current) continue;
    const bullet = /^[-*]\s+(.*)$/.exec(line);
    if (bullet) {
      flush();
      item = [bullet[1]];
    } else if (item && /^\s+\S/.test(line)) {
      item.push(line.trim());
    } else if (!line.trim()) {
      flush();
    }
  }
  flush();
  return versions
    .filter(v => semver.valid(v.version))
    .sort((a, b) => semver.rcompare(a.version, b.version));
}

/**
 * How far `version` is behind: the newer versions, and those of them with security entries.
 *
 * @public
 */
export function behind(
  versions: ChangelogVersion[],
  version: string | null | undefined,
): { behindBy: number; securityReleasesBehind: number } | undefined {
  if (!version || !semver.valid(version)) return undefined;
  const newer = versions.filter(v => semver.gt(v.version, version));
  return {
    behindBy: newer.length,
    securityReleasesBehind: newer.filter(v => v.changelog.some(e => e.security))
      .length,
  };
}
