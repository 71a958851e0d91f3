import { Config } from '@backstage/config';
import { ConfigurationError } from '../lib/errors';
import { normalizeRef } from '../lib/refs';

/** A kind of CI identity token the plugin trusts, by the subject prefix of its jwks entry. @internal */
interface TrustRule {
  /** The `subjectPrefix` of the `backend.auth.externalAccess` entry of `type: jwks` that verifies it. */
  subjectPrefix: string;
  /** How the token's `sub` names a repository and branch. */
  provider: 'github' | 'gitlab';
}

/** A static credential and the components it may write. @internal */
export interface TokenScope {
  /** The `subject` of the `backend.auth.externalAccess` entry of `type: static` (or a plugin's id as `plugin:<id>`). */
  subject: string;
  /** Components it may write, full refs. */
  entities: string[];
  /** Groups whose components (owned by the group or a sub-group) it may write, full refs. */
  groups: string[];
}

/** `securityPosture.uploads.*`: who may report for which components. @internal */
export interface UploadsConfig {
  trust: TrustRule[];
  tokens: TokenScope[];
  /** Most uploads one credential may make per minute (then 429). */
  perMinute: number;
}

/** The defaults: GitHub Actions and GitLab CI tokens under the prefixes the README configures. @internal */
export const DEFAULT_UPLOADS_CONFIG: UploadsConfig = {
  trust: [
    { subjectPrefix: 'github-actions', provider: 'github' },
    { subjectPrefix: 'gitlab-ci', provider: 'gitlab' },
  ],
  tokens: [],
  perMinute: 120,
};

function refs(
  config: Config,
  key: string,
  defaultKind: string,
  where: string,
): string[] {
  return (config.getOptionalStringArray(key) ?? []).map(raw => {
    const ref = normalizeRef(raw, defaultKind);
    if (!ref || !ref.startsWith(`${defaultKind}:`)) {
      throw new ConfigurationError(
        `${where}.${key} has '${raw}', which is not a ${defaultKind} entity ref`,
      );
    }
    return ref;
  });
}

/** Reads `securityPosture.uploads`; a bad entry stops start-up naming its key. @internal */
export function readUploadsConfig(root: Config): UploadsConfig {
  const c = root.getOptionalConfig('securityPosture.uploads');
  if (!c) return DEFAULT_UPLOADS_CONFIG;
  const trust: TrustRule[] = c.has('trust')
    ? c.getConfigArray('trust').map((entry, i) => {
        const where = `securityPosture.uploads.trust[${i}]`;
        const provider = entry.getString('provider');
        if (provider !== 'github' && provider !== 'gitlab') {
          throw new ConfigurationError(
            `${where}.provider must be github or gitlab, not '${provider}'`,
          );
        }
        return {
          subjectPrefix: entry.getString('subjectPrefix'),
          provider: provider as TrustRule['provider'],
        };
      })
    : DEFAULT_UPLOADS_CONFIG.trust;
  const tokens = (c.getOptionalConfigArray('tokens') ?? []).map((entry, i) => {
    const where = `securityPosture.uploads.tokens[${i}]`;
    const scope = {
      subject: entry.getString('subject'),
      entities: refs(entry, 'entities', 'component', where),
      groups: refs(entry, 'groups', 'group', where),
    };
    if (scope.entities.length === 0 && scope.groups.length === 0) {
      throw new ConfigurationError(
        `${where} names neither entities nor groups; a credential that may write nothing is a mistake`,
      );
    }
    return scope;
  });
  const perMinute =
    c.getOptionalNumber('perMinute') ?? DEFAULT_UPLOADS_CONFIG.perMinute;
  if (!Number.isInteger(perMinute) || perMinute < 1) {
    throw new ConfigurationError(
      'securityPosture.uploads.perMinute must be an integer >= 1',
    );
  }
  return { trust, tokens, perMinute };
}
