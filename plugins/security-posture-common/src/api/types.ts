import { components, operations } from '../schema/openapi.generated';

type Schemas = components['schemas'];

/** @public */
export type Posture = Schemas['Posture'];
/** @public */
export type Finding = Schemas['Finding'];
/** @public */
export type FindingDetail = Schemas['FindingDetail'];
/** @public */
export type FindingPage = Schemas['FindingPage'];
/** @public */
export type FindingStatus = Schemas['FindingStatus'];
/** @public */
export type Grade = Schemas['Grade'];
/** @public */
export type SeverityCounts = Schemas['SeverityCounts'];
/** @public */
export type ScorecardRow = Schemas['ScorecardRow'];
/** @public */
export type ScorecardList = Schemas['ScorecardList'];
/** @public */
export type History = Schemas['History'];
/** @public */
export type HistoryPoint = Schemas['HistoryPoint'];
/** @public */
export type IngestResult = Schemas['IngestResult'];
/** @public */
export type InventoryPage = Schemas['InventoryPage'];
/** @public */
export type InventoryComponent = Schemas['InventoryComponent'];
/** @public */
export type AffectedAnswer = Schemas['AffectedAnswer'];
/** @public */
export type AffectedAdvisory = Schemas['AffectedAdvisory'];
/** @public */
export type AffectedComponent = Schemas['AffectedComponent'];
/** @public */
export type AffectedTeam = Schemas['AffectedTeam'];
/** @public */
export type AffectedNotifyRequest = Schemas['AffectedNotifyRequest'];
/**
 * What a zero-day question asks: an advisory id, or a package (a purl, or type, optional
 * namespace and name) with an optional version range in the ecosystem's syntax.
 *
 * @public
 */
export type AffectedQuery = Omit<AffectedNotifyRequest, 'link'>;
/**
 * A fleet search: a package (a purl, or type, optional namespace and name), an optional version
 * range, and paging.
 *
 * @public
 */
export type InventorySearchQuery = {
  purl?: string;
  type?: string;
  namespace?: string;
  name?: string;
  range?: string;
  limit?: number;
  cursor?: string;
};
/** @public */
export type AffectedNotifyResult = Schemas['AffectedNotifyResult'];
/** @public */
export type Campaign = Schemas['Campaign'];
/** @public */
export type CampaignGoal = Schemas['CampaignGoal'];
/** @public */
export type CampaignScope = Schemas['CampaignScope'];
/** @public */
export type CampaignInput = Schemas['CampaignInput'];
/** @public */
export type CampaignUpdate = Schemas['CampaignUpdate'];
/** @public */
export type CampaignList = Schemas['CampaignList'];
/** @public */
export type CampaignDetail = Schemas['CampaignDetail'];
/** @public */
export type CampaignProgress = Schemas['CampaignProgress'];
/** @public */
export type CampaignComponent = Schemas['CampaignComponent'];
/** @public */
export type CampaignTeam = Schemas['CampaignTeam'];
/** @public */
export type CampaignDay = Schemas['CampaignDay'];
/** @public */
export type CampaignSummary = Schemas['CampaignSummary'];
/** @public */
export type CampaignListItem = Schemas['CampaignListItem'];
/** @public */
export type EntityCampaign = Schemas['EntityCampaign'];
/** @public */
export type EntityCampaignList = Schemas['EntityCampaignList'];
/** @public */
export type EvidenceExport = Schemas['EvidenceExport'];
/**
 * The period and scope of an evidence export.
 *
 * @public
 */
export type EvidenceQuery = Omit<
  NonNullable<operations['GetEvidence']['parameters']['query']>,
  'format'
>;
/** @public */
export type EvidenceControl = Schemas['EvidenceControl'];
/** @public */
export type EvidenceComponent = Schemas['EvidenceComponent'];
/** @public */
export type EvidenceComponentDay = Schemas['EvidenceComponentDay'];
/** @public */
export type EvidencePolicy = Schemas['EvidencePolicy'];
/** @public */
export type EvidenceException = Schemas['EvidenceException'];
/** @public */
export type EvidenceAuditEvent = Schemas['EvidenceAuditEvent'];
/** @public */
export type Enrollment = Schemas['Enrollment'];
/** @public */
export type ScannerCoverage = Schemas['ScannerCoverage'];
/** @public */
export type ScorecardGroupBy = ScorecardList['groupBy'];

/**
 * Filters, sort and page of a findings query.
 *
 * @public
 */
export interface FindingsQuery {
  status?: FindingStatus[];
  severity?: Schemas['Severity'][];
  kind?: Schemas['FindingKind'][];
  tool?: string[];
  q?: string;
  sort?:
    | 'priority'
    | 'severity'
    | 'firstSeen'
    | 'lastSeen'
    | 'title'
    | 'tool'
    | 'slaDue';
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

/**
 * Options of a report upload.
 *
 * @public
 */
export interface UploadReportOptions {
  entityRef: string;
  format?: string;
  branch?: string;
  commit?: string;
  complete?: boolean;
}

/** @public */
export type EntityInventoryPage = Schemas['EntityInventoryPage'];
/** @public */
export type EntityInventoryPackage = Schemas['EntityInventoryPackage'];

/**
 * Search, filters and page of a component's dependency inventory.
 *
 * @public
 */
export interface EntityInventoryQuery {
  /** Text searched in the name, purl, version, licences and paths. */
  q?: string;
  /** An SPDX licence id, a prefix of ids ending in `*` (`GPL-*`), or `none`. */
  licence?: string;
  /** Direct (true) or transitive (false) dependencies only. */
  direct?: boolean;
  limit?: number;
  cursor?: string;
}
