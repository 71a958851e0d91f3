import {
  FindingKind,
  ParsedReport,
} from '@golden-path/plugin-security-posture-common';

/** Scanner kinds a tool covers even when its report has no findings. */
const TOOL_KINDS: Record<string, FindingKind[]> = {
  gitleaks: ['secret'],
  trufflehog: ['secret'],
  'osv-scanner': ['sca'],
  'npm-audit': ['sca'],
  npm: ['sca'],
  'dependency-check': ['sca'],
  grype: ['sca'],
  semgrep: ['sast'],
  codeql: ['sast'],
  snykcode: ['sast'],
  eslint: ['sast'],
  flawfinder: ['sast'],
  bandit: ['sast'],
  gosec: ['sast'],
  kics: ['iac'],
  checkov: ['iac'],
  tfsec: ['iac'],
  scorecard: ['repo'],
};

/** Which scanner kinds a scan of `tool` covers. @internal */
export function scanKinds(tool: string, report: ParsedReport): FindingKind[] {
  const kinds = new Set<FindingKind>(TOOL_KINDS[tool] ?? []);
  for (const f of report.findings) {
    if (f.tool === tool) kinds.add(f.kind);
  }
  if (report.format === 'scorecard') kinds.add('repo');
  return [...kinds].sort();
}
