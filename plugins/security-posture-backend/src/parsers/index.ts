export { ReportInputError, isReportInputError } from './errors';
export type { ReportErrorCode } from './errors';
export {
  DEFAULT_REPORT_LIMITS,
  FORBIDDEN_KEYS,
  parseReportBody,
} from './safeJson';
export type { ReportLimits } from './safeJson';
export { parseReport } from './parseReport';
export type { ParseReportOptions } from './parseReport';
export {
  BUILTIN_REPORT_PARSERS,
  ReportParserRegistry,
  detectFormat,
} from './registry';
export { validateParsedReport } from './validate';
export { SEVERITY_MAPPING } from './severityMapping';
export type { SeverityMappingRow } from './severityMapping';
export { VEX_SUPPRESSING_STATES } from './cyclonedx';
export { parseSarif } from './sarif';
export { parseTrivy } from './trivy';
export { parseGitleaks } from './gitleaks';
export { parseGrype } from './grype';
export { parseOsv } from './osv';
export { parseCycloneDx } from './cyclonedx';
export { parseScorecard } from './scorecard';
export { parseNpmAudit } from './npmAudit';
export {
  dependencyTrackFpfParser,
  parseDependencyTrackFpf,
} from './dependencyTrack';
