import {
  Finding,
  FindingDetail,
  FindingsQuery,
  ParsedFinding,
  Posture,
  PostureCheck,
  Severity,
} from '@golden-path/plugin-security-posture-common';
import { Knex } from 'knex';

/** Catalog facts about a component, cached with its posture. @internal */
export interface ComponentFacts {
  entityRef: string;
  tier: number | null;
  lifecycle: string | null;
  ownerRef: string | null;
  systemRef: string | null;
  domainRef: string | null;
  /** APIs the component provides (catalog relations), for the exposure part of priority. */
  providedApis?: number;
  /** The template it was made from, from its catalog annotations (wins over the enrollment's). */
  templateRef?: string | null;
  templateVersion?: string | null;
}

/** A stored component row. @internal */
export interface ComponentRow extends ComponentFacts {
  expectedScanners: string[] | null;
  templateRef: string | null;
  templateVersion: string | null;
  enrolledAt: string | null;
  lastScanAt: string | null;
  score: number | null;
  grade: string | null;
  posture: StoredPosture | null;
  /** Read by {@link PostureStore.getComponent} only; roll-ups never load it. */
  topFindings: Finding[] | null;
}

/** A stored component row as a posture read serves it (see {@link PostureStore.getComponentToServe}). @internal */
export interface ComponentToServe {
  /** The row, with `topFindings` null: they are in `topFindingsJson`. */
  component: ComponentRow;
  /** The stored top findings as their JSON text (null when none are stored). */
  topFindingsJson: string | null;
}

/** What a scorecard rolls up of one component with a stored posture. @internal */
export interface ScorecardFacts {
  entityRef: string;
  score: number | null;
  lastScanAt: string | null;
  open: Record<Severity, number>;
  overdue: number;
  mttrFixed: number;
  mttrMeanDays: number | null;
}

/** The policy part of a posture, as stored: as served, plus the digest of the policy set. @internal */
export type StoredPolicyEvaluation = NonNullable<Posture['policy']> & {
  /** Which policy set produced it: a changed policy file makes stored evaluations stale. */
  digest?: string;
};

/** The posture computed at the last ingest or snapshot, stored as JSON. @internal */
export interface StoredPosture {
  computedAt: string;
  /**
   * Until when this posture is exact: the next UTC midnight or the next SLA due date of an open
   * finding, whichever comes first. Reads answer from it until then.
   */
  validUntil: string;
  open: Record<Severity, number>;
  overdue: number;
  overdueBySeverity: Record<Severity, number>;
  suppressed: number;
  breakdown: { label: string; points: number }[];
  mttr: { fixed: number; meanDays: number | null };
  coverage: PostureFacts['coverage'];
  checks: PostureCheck[];
  /** Open findings on the KEV list (absent in postures stored before priorities). */
  knownExploited?: number;
  /** Open findings an approved exception covers, not counted (absent before exceptions). */
  acceptedRisks?: number;
  /** How far its template version is behind, when it was computed. */
  templateStatus?: {
    latestVersion: string;
    behindBy: number;
    securityReleasesBehind: number;
    /** Whether its managed files drifted; null when that cannot be told. */
    drifted?: boolean | null;
  };
  /** The posture policies' results when it was computed. */
  policy?: StoredPolicyEvaluation;
}

/** A computed posture as {@link PostureStore.savePosture} stores it. @internal */
export interface PostureToSave {
  score: number | null;
  grade: string | null;
  stored: StoredPosture;
  lastScanAt: string | null;
  topFindings: Finding[];
}

/** What one report did to one tool's findings. @internal */
export interface ApplyCounts {
  new: number;
  unchanged: number;
  fixed: number;
  reopened: number;
  suppressed: number;
  total: number;
}

/** The stored ranking columns of a finding. @internal */
export interface FindingRank {
  kev: boolean;
  epss: number | null;
  priority_score: number;
}

/** Input of {@link PostureStore.applyFindings}. @internal */
export interface ApplyFindingsInput {
  entityRef: string;
  tool: string;
  branch: string;
  scanId: string;
  now: string;
  complete: boolean;
  findings: ParsedFinding[];
  slaDays: Record<Severity, number | undefined>;
  /**
   * Whether the tool's own suppressions stop a finding from counting (status `suppressed`); when
   * not, a suppressed finding stays open, its suppression kept for people to see.
   */
  honourSuppressions: boolean;
  /** Exploitation signals and priority of a finding (src/priority), stored with it. */
  rank?: (finding: ParsedFinding) => FindingRank;
}

/** A scan row. @internal */
export interface ScanRow {
  id: string;
  entityRef: string;
  tool: string;
  toolVersion: string | null;
  kinds: string[];
  format: string;
  branch: string;
  commit: string | null;
  complete: boolean;
  uploadedBy: string;
  counts: ApplyCounts;
  createdAt: string;
  /** SHA-256 of the uploaded body, when the scan came from an upload. */
  reportSha256?: string | null;
}

/** The scans of the last upload of a report, when that report can be reapplied as is. @internal */
export interface ReusableScan {
  tool: string;
  /** The scan whose findings an unchanged reimport sees again (their `last_scan_id`). */
  baseScanId: string;
  toolVersion: string | null;
  kinds: string[];
  format: string;
}

/** The facts a posture is computed from. @internal */
export interface PostureFacts {
  open: Record<Severity, number>;
  overdue: Record<Severity, number>;
  /** Open findings on CISA's Known Exploited Vulnerabilities catalog. */
  knownExploited: number;
  suppressed: number;
  coverage: { tool: string; kinds: string[]; lastScanAt: string }[];
  checks: PostureCheck[];
  mttr: { fixed: number; meanDays: number | null };
}

/**
 * A finding as stored: everything served but the priority label, which is the domain's reading
 * of the stored score (src/priority).
 */
export type StoredFinding = Omit<Finding, 'priority'> & {
  priorityScore: number;
};

/** A finding with its history, as stored. @internal */
export type StoredFindingDetail = StoredFinding &
  Pick<FindingDetail, 'history'>;

/** One day of one component's posture. @internal */
/** One day's score of a component. @internal */
export interface SnapshotScore {
  entityRef: string;
  day: string;
  score: number;
}

export interface Snapshot {
  entityRef: string;
  day: string;
  score: number | null;
  grade: string | null;
  open: Record<Severity, number>;
  overdue: number;
  /**
   * The posture policies that applied that day and the rules (`policy/rule`) that failed, for the
   * compliance evidence; null (not written) when no policies were evaluated.
   */
  policyResults?: {
    /** The names of the posture policies that applied to the component. */
    applied: string[];
    /** The failing rules as `policy/rule`, each once, sorted. */
    failing: string[];
  } | null;
}

/** What ranking needs of an open or suppressed finding. @internal */
export interface RankInput {
  id: string;
  severity: Severity;
  status: string;
  aliases: string[];
  rank: FindingRank;
}

/** A page of findings. @internal */
export interface StoredFindingPage {
  items: StoredFinding[];
  totalCount: number;
  nextCursor: string | null;
}

/**
 * Everything the security-posture plugin keeps of components, scans, findings, checks and
 * snapshots. Writes take the transaction they are part of (one logical write is one
 * transaction, opened with {@link PostureStore.transaction}); reads take one optionally, to see
 * what the transaction wrote.
 *
 * @internal
 */
export interface PostureStore {
  /** Runs `fn` in one transaction: everything or nothing. */
  transaction<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T>;

  // components
  getComponent(entityRef: string, tx?: Knex): Promise<ComponentRow | undefined>;
  /** {@link PostureStore.getComponent}'s row with the top findings as stored JSON text, for serving. */
  getComponentToServe(entityRef: string): Promise<ComponentToServe | undefined>;
  /** Some components with their stored postures, without top findings, read in bulk (the unknown left out). */
  getComponents(entityRefs: string[], tx?: Knex): Promise<ComponentRow[]>;
  listComponents(): Promise<ComponentRow[]>;
  /** Of every component with a stored posture, what a scorecard rolls up. */
  listScorecardFacts(): Promise<ScorecardFacts[]>;
  /** Locks a component's row until the transaction ends; whether it exists. */
  lockComponent(tx: Knex, entityRef: string): Promise<boolean>;
  upsertComponent(
    tx: Knex,
    facts: ComponentFacts,
    now: string,
    enrollment?: {
      expectedScanners?: string[];
      templateRef?: string;
      templateVersion?: string;
    },
  ): Promise<void>;
  /** Replaces what a component must be scanned by (null: its tier's defaults). */
  setExpectedScanners(
    tx: Knex,
    entityRef: string,
    expectedScanners: string[] | null,
    now: string,
  ): Promise<void>;
  savePosture(
    tx: Knex,
    entityRef: string,
    posture: PostureToSave,
  ): Promise<void>;

  // scans and the reimport diff
  latestScanAt(tx: Knex, entityRef: string): Promise<string | undefined>;
  insertScan(tx: Knex, scan: ScanRow): Promise<void>;
  findReusableScans(
    tx: Knex,
    entityRef: string,
    branch: string,
    reportSha256: string,
  ): Promise<ReusableScan[] | undefined>;
  countSeen(
    tx: Knex,
    scope: { entityRef: string; tool: string; branch: string },
  ): Promise<ApplyCounts>;
  markReseen(
    tx: Knex,
    input: {
      entityRef: string;
      baseScanId: string;
      scanId: string;
      now: string;
    },
  ): Promise<void>;
  applyFindings(tx: Knex, input: ApplyFindingsInput): Promise<ApplyCounts>;

  // OpenSSF Scorecard checks
  replaceChecks(
    tx: Knex,
    entityRef: string,
    scanId: string,
    checks: PostureCheck[],
    now: string,
  ): Promise<void>;
  countChecks(tx: Knex, entityRef: string): Promise<number>;

  // what a posture is computed from
  computeFacts(
    entityRef: string,
    branch: string,
    now: string,
    tx?: Knex,
  ): Promise<PostureFacts>;
  nextSlaDue(
    entityRef: string,
    branch: string,
    now: string,
    tx?: Knex,
  ): Promise<string | undefined>;
  countNewUrgent(
    tx: Knex,
    entityRef: string,
    now: string,
  ): Promise<{ critical: number; knownExploited: number }>;
  countSlaBreaches(
    entityRef: string,
    branch: string,
    from: string,
    to: string,
  ): Promise<number>;

  // snapshots
  upsertSnapshot(tx: Knex, snapshot: Snapshot): Promise<void>;
  listSnapshots(entityRefs: string[], sinceDay: string): Promise<Snapshot[]>;
  /**
   * The scored days of some components from `sinceDay` (trends), before `beforeDay` when given,
   * in no particular order.
   */
  listSnapshotScores(
    entityRefs: string[],
    sinceDay: string,
    beforeDay?: string,
  ): Promise<SnapshotScore[]>;

  // ranks
  listRankInputs(entityRef: string, tx?: Knex): Promise<RankInput[]>;
  updateRanks(
    tx: Knex,
    updates: { id: string; rank: FindingRank }[],
  ): Promise<void>;

  // finding reads
  topFindings(
    entityRef: string,
    branch: string,
    now: string,
    limit: number,
    tx?: Knex,
  ): Promise<StoredFinding[]>;
  listFindings(
    entityRef: string,
    branch: string,
    query: FindingsQuery,
    now: string,
  ): Promise<StoredFindingPage>;
  getFinding(
    entityRef: string,
    id: string,
    now: string,
  ): Promise<StoredFindingDetail | undefined>;
  openFindingsOn(
    entityRef: string,
    paths: string[],
  ): Promise<{ title: string; path: string }[]>;
}
