import { FindingKind } from '@golden-path/plugin-security-posture-common';

const SECRET_TOOLS = new Set([
  'gitleaks',
  'trufflehog',
  'detect-secrets',
  'ggshield',
  'secretlint',
]);
const IAC_TOOLS = new Set([
  'kics',
  'checkov',
  'tfsec',
  'terrascan',
  'kube-linter',
  'kubesec',
  'hadolint',
  'tflint',
]);
const IMAGE_TOOLS = new Set(['trivy', 'grype']);

/** Manifest and lock files of language package managers. */
const MANIFEST =
  /(^|\/)(package(-lock)?\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|go\.(mod|sum)|Cargo\.(lock|toml)|requirements[^/]*\.txt|Pipfile(\.lock)?|poetry\.lock|uv\.lock|pom\.xml|build\.gradle(\.kts)?|gradle\.lockfile|Gemfile(\.lock)?|composer\.(json|lock)|packages\.lock\.json|[^/]+\.csproj|mix\.lock|pubspec\.lock|Package\.resolved|conan\.lock)$/i;

/** Whether a path is a package manifest or lock file (a dependency scan, not an image). */
export function isManifestPath(path: string | undefined): boolean {
  return path !== undefined && MANIFEST.test(path);
}

/**
 * Guesses the kind of a SARIF result from its tool and tags:
 * secret tools and `secret` tags → secret; IaC tools and `misconfiguration`/`iac` tags → iac;
 * Scorecard → repo; Trivy and Grype vulnerabilities → container, or sca when the location is a
 * package manifest; anything else → sast.
 */
export function guessSarifKind(
  tool: string,
  tags: readonly string[],
  path: string | undefined,
): FindingKind {
  const lowerTags = new Set(tags.map(t => t.toLowerCase()));
  if (
    SECRET_TOOLS.has(tool) ||
    lowerTags.has('secret') ||
    lowerTags.has('secrets')
  ) {
    return 'secret';
  }
  if (
    IAC_TOOLS.has(tool) ||
    lowerTags.has('misconfiguration') ||
    lowerTags.has('iac')
  ) {
    return 'iac';
  }
  if (tool === 'scorecard') {
    return 'repo';
  }
  if (IMAGE_TOOLS.has(tool) || lowerTags.has('vulnerability')) {
    return isManifestPath(path) ? 'sca' : 'container';
  }
  return 'sast';
}
