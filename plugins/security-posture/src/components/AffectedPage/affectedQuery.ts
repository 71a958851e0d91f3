import { AffectedQuery } from '@golden-path/plugin-security-posture-common';

/** The ecosystems the form offers (purl types); version ranges are compared for the first four. */
export const ECOSYSTEMS = [
  'maven',
  'npm',
  'pypi',
  'golang',
  'nuget',
  'gem',
  'cargo',
  'composer',
  'deb',
  'apk',
  'rpm',
] as const;

/** What the zero-day form holds; the page keeps it in its URL, so a question is a link. */
export interface AffectedForm {
  mode: 'advisory' | 'package';
  advisory: string;
  ecosystem: string;
  pkg: string;
  range: string;
}

const EMPTY_FORM: AffectedForm = {
  mode: 'advisory',
  advisory: '',
  ecosystem: 'maven',
  pkg: '',
  range: '',
};

/**
 * A package as people write it, as the API's purl parts: `group:artifact` (Maven), `@scope/name`
 * (npm), a module path (Go: the last segment is the name), `namespace/name`, a bare name (any
 * namespace), or a whole purl.
 */
export function packageParts(
  ecosystem: string,
  text: string,
): Pick<AffectedQuery, 'purl' | 'type' | 'namespace' | 'name'> {
  const pkg = text.trim();
  if (pkg.startsWith('pkg:')) return { purl: pkg };
  if (ecosystem === 'maven' && pkg.includes(':')) {
    const [namespace, name] = pkg.split(':', 2);
    return { type: ecosystem, namespace, name };
  }
  const slash = pkg.lastIndexOf('/');
  if (slash > 0 && slash < pkg.length - 1) {
    return {
      type: ecosystem,
      namespace: pkg.slice(0, slash),
      name: pkg.slice(slash + 1),
    };
  }
  return { type: ecosystem, name: pkg };
}

/** The API question of a filled-in form; undefined while it lacks what it needs. */
export function queryOf(form: AffectedForm): AffectedQuery | undefined {
  if (form.mode === 'advisory') {
    const advisory = form.advisory.trim();
    return advisory ? { advisory } : undefined;
  }
  if (!form.pkg.trim()) return undefined;
  const range = form.range.trim();
  return {
    ...packageParts(form.ecosystem, form.pkg),
    ...(range ? { range } : {}),
  };
}

/** The form as URL search parameters (only what it holds). */
export function formToParams(form: AffectedForm): URLSearchParams {
  const params = new URLSearchParams();
  if (form.mode === 'advisory') {
    if (form.advisory.trim()) params.set('advisory', form.advisory.trim());
  } else {
    params.set('ecosystem', form.ecosystem);
    if (form.pkg.trim()) params.set('package', form.pkg.trim());
    if (form.range.trim()) params.set('range', form.range.trim());
  }
  return params;
}

/** The form a URL describes (the empty form for anything else). */
export function formFromParams(params: URLSearchParams): AffectedForm {
  const pkg = params.get('package');
  if (pkg !== null) {
    return {
      ...EMPTY_FORM,
      mode: 'package',
      ecosystem: params.get('ecosystem') || EMPTY_FORM.ecosystem,
      pkg,
      range: params.get('range') ?? '',
    };
  }
  return { ...EMPTY_FORM, advisory: params.get('advisory') ?? '' };
}
