import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { SecurityPostureApiClient } from '../schema/client.generated';
import {
  TemplateComponentList,
  TemplateList,
  TemplateUpgradeList,
  TemplateUpgradeRequest,
  UpgradeRun,
  UpgradeRunPage,
  UpgradeRunRequest,
} from './templates';
import {
  AffectedAnswer,
  AffectedNotifyRequest,
  AffectedNotifyResult,
  AffectedQuery,
  Campaign,
  CampaignDetail,
  CampaignInput,
  CampaignList,
  CampaignUpdate,
  EntityCampaignList,
  EntityInventoryPage,
  EvidenceExport,
  EvidenceQuery,
  EntityInventoryQuery,
  FindingDetail,
  FindingPage,
  FindingsQuery,
  History,
  IngestResult,
  InventoryPage,
  InventorySearchQuery,
  Enrollment,
  Posture,
  ScorecardGroupBy,
  ScorecardList,
  UploadReportOptions,
} from './types';
import {
  AuditPage,
  ExceptionPage,
  ExceptionRequest,
  ExceptionState,
  PostureException,
} from './exceptions';

/**
 * The security-posture API, as the frontend, the CLI and other plugins call it.
 *
 * @public
 */
export interface SecurityPostureApi {
  getPosture(entityRef: string): Promise<Posture>;
  listFindings(entityRef: string, query?: FindingsQuery): Promise<FindingPage>;
  getFinding(entityRef: string, findingId: string): Promise<FindingDetail>;
  /**
   * A component's dependency inventory (default branch): packages with their licences,
   * direct/transitive, paths, tools and open findings; searched, filtered and paged.
   */
  listEntityInventory(
    entityRef: string,
    query?: EntityInventoryQuery,
  ): Promise<EntityInventoryPage>;
  getScorecards(groupBy: ScorecardGroupBy): Promise<ScorecardList>;
  getHistory(entityRef: string, days?: number): Promise<History>;
  /** The components whose dependency inventory has a package (a page, by entity ref). */
  searchInventory(query: InventorySearchQuery): Promise<InventoryPage>;
  /** Who is affected by an advisory, or runs a package in a range (the zero-day view). */
  getAffected(query: AffectedQuery): Promise<AffectedAnswer>;
  /** Notifies the owning group of each affected component, once per group (audit-logged). */
  notifyAffectedOwners(
    request: AffectedNotifyRequest,
  ): Promise<AffectedNotifyResult>;
  /** Every campaign, the nearest deadline first. */
  listCampaigns(): Promise<CampaignList>;
  /** One campaign with its progress now, per component and per team. */
  getCampaign(id: string): Promise<CampaignDetail>;
  /** Creates a campaign (needs `security-posture.campaign.manage`). */
  createCampaign(input: CampaignInput): Promise<Campaign>;
  /** Replaces a campaign's fields, naming the version read (409 when stale). */
  updateCampaign(id: string, update: CampaignUpdate): Promise<Campaign>;
  /** Deletes a campaign with its stored progress and series (audit-logged). */
  deleteCampaign(id: string): Promise<void>;
  /** The campaigns a component is in, with whether it meets each goal. */
  listEntityCampaigns(entityRef: string): Promise<EntityCampaignList>;
  /** Compliance evidence per control for a period and a scope (its digest audit-logged). */
  getEvidence(query: EvidenceQuery): Promise<EvidenceExport>;
  /**
   * The evidence as a file to save: CSV, or a printable HTML report whose every text is escaped;
   * with the SHA-256 digest the server recorded in the audit log.
   */
  downloadEvidence(
    query: EvidenceQuery,
    format: 'json' | 'csv' | 'html',
  ): Promise<{ body: string; contentType: string; digest: string | null }>;
  uploadReport(
    body: string | Uint8Array,
    options: UploadReportOptions,
  ): Promise<IngestResult>;
  enrollComponent(enrollment: Enrollment): Promise<Posture>;
  /** The golden-path templates with their versions, changelogs and adoption. */
  listTemplates(): Promise<TemplateList>;
  /** The components created from one template, with how far behind they are. */
  listTemplateComponents(template: {
    namespace: string;
    name: string;
  }): Promise<TemplateComponentList>;
  /** The latest upgrade of each component made from a template. */
  listTemplateUpgrades(template: {
    namespace: string;
    name: string;
  }): Promise<TemplateUpgradeList>;
  /**
   * Upgrades components to a newer template version (a three-way merge into each repository's
   * upgrade branch); the outcome of each, failed ones with their reason.
   */
  startTemplateUpgrades(
    template: { namespace: string; name: string },
    request: TemplateUpgradeRequest,
  ): Promise<TemplateUpgradeList>;
  /**
   * Enqueues a run of upgrades over any number of components (one durable job each, run in the
   * background by any replica); follow it with {@link SecurityPostureApi.getUpgradeRun}.
   */
  startTemplateUpgradeRun(
    template: { namespace: string; name: string },
    request: UpgradeRunRequest,
  ): Promise<UpgradeRun>;
  /** A run of upgrades with its progress and a page of its jobs. */
  getUpgradeRun(
    id: string,
    page?: { cursor?: string; limit?: number },
  ): Promise<UpgradeRunPage>;
  /** Exceptions of one component (or, for approvers, of every component), newest first. */
  listExceptions(query?: {
    entityRef?: string;
    state?: ExceptionState[];
    cursor?: string;
    limit?: number;
  }): Promise<ExceptionPage>;
  /** Requests an exception; it starts pending until another person decides it. */
  requestException(request: ExceptionRequest): Promise<PostureException>;
  /** Approves, rejects or revokes an exception, with an optional comment. */
  decideException(
    id: string,
    action: 'approve' | 'reject' | 'revoke',
    comment?: string,
  ): Promise<PostureException>;
  /** A component's triage decisions as a CycloneDX 1.6 VEX document. */
  getVex(entityRef: string): Promise<Record<string, unknown>>;
  /** The audit log, newest first (needs security-posture.audit.read). */
  queryAudit(query?: {
    entityRef?: string;
    type?: string;
    actor?: string;
    since?: string;
    cursor?: string;
    limit?: number;
  }): Promise<AuditPage>;
}

/**
 * Typed HTTP client of the security-posture API: friendlier signatures (entity refs, option
 * objects) over the {@link SecurityPostureApiClient} generated from its OpenAPI spec.
 *
 * Works with Backstage's `discoveryApi` and `fetchApi` in the browser, or with any object of the
 * same shape elsewhere (a CLI passes a fetch that adds its token).
 *
 * @public
 */
export class SecurityPostureClient implements SecurityPostureApi {
  private readonly discoveryApi: {
    getBaseUrl(pluginId: string): Promise<string>;
  };
  private readonly fetchApi: { fetch: typeof fetch };
  /** The client generated from the spec, which the methods below call. */
  private readonly api: SecurityPostureApiClient;

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: globalThis.fetch };
    this.api = new SecurityPostureApiClient({
      discoveryApi: this.discoveryApi,
      fetchApi: this.fetchApi,
    });
  }

  getPosture(entityRef: string): Promise<Posture> {
    return this.api.getPosture({ path: entityPathParams(entityRef) });
  }

  listFindings(
    entityRef: string,
    query: FindingsQuery = {},
  ): Promise<FindingPage> {
    return this.api.listFindings({
      path: entityPathParams(entityRef),
      query,
    });
  }

  getFinding(entityRef: string, findingId: string): Promise<FindingDetail> {
    return this.api.getFinding({
      path: { ...entityPathParams(entityRef), findingId },
    });
  }

  listEntityInventory(
    entityRef: string,
    query: EntityInventoryQuery = {},
  ): Promise<EntityInventoryPage> {
    return this.api.listEntityInventory({
      path: entityPathParams(entityRef),
      query,
    });
  }

  getScorecards(groupBy: ScorecardGroupBy): Promise<ScorecardList> {
    return this.api.getScorecards({ query: { groupBy } });
  }

  getHistory(entityRef: string, days?: number): Promise<History> {
    return this.api.getHistory({ query: { entityRef, days } });
  }

  searchInventory(query: InventorySearchQuery): Promise<InventoryPage> {
    return this.api.searchInventory({ query });
  }

  getAffected(query: AffectedQuery): Promise<AffectedAnswer> {
    return this.api.getAffected({ query });
  }

  notifyAffectedOwners(
    request: AffectedNotifyRequest,
  ): Promise<AffectedNotifyResult> {
    return this.api.notifyAffectedOwners({ body: request });
  }

  listCampaigns(): Promise<CampaignList> {
    return this.api.listCampaigns({});
  }

  getCampaign(id: string): Promise<CampaignDetail> {
    return this.api.getCampaign({ path: { id } });
  }

  createCampaign(input: CampaignInput): Promise<Campaign> {
    return this.api.createCampaign({ body: input });
  }

  updateCampaign(id: string, update: CampaignUpdate): Promise<Campaign> {
    return this.api.updateCampaign({ path: { id }, body: update });
  }

  deleteCampaign(id: string): Promise<void> {
    return this.api.deleteCampaign({ path: { id } });
  }

  listEntityCampaigns(entityRef: string): Promise<EntityCampaignList> {
    return this.api.listEntityCampaigns({ path: entityPathParams(entityRef) });
  }

  getEvidence(query: EvidenceQuery): Promise<EvidenceExport> {
    return this.api.getEvidence({ query: { ...query, format: 'json' } });
  }

  async downloadEvidence(
    query: EvidenceQuery,
    format: 'json' | 'csv' | 'html',
  ): Promise<{ body: string; contentType: string; digest: string | null }> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...query, format })) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const baseUrl = await this.discoveryApi.getBaseUrl('security-posture');
    const response = await this.fetchApi.fetch(
      `${baseUrl}/v1/evidence?${params.toString()}`,
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return {
      body: await response.text(),
      contentType: response.headers.get('content-type') ?? '',
      digest: response.headers.get('digest'),
    };
  }

  uploadReport(
    body: string | Uint8Array,
    options: UploadReportOptions,
  ): Promise<IngestResult> {
    const { entityRef, format, branch, commit, complete } = options;
    return this.api.uploadReport({
      query: { entityRef, format, branch, commit, complete },
      body,
    });
  }

  enrollComponent(enrollment: Enrollment): Promise<Posture> {
    return this.api.enrollComponent({ body: enrollment });
  }

  listTemplates(): Promise<TemplateList> {
    return this.api.listTemplates();
  }

  listTemplateComponents(template: {
    namespace: string;
    name: string;
  }): Promise<TemplateComponentList> {
    return this.api.listTemplateComponents({ path: template });
  }

  listTemplateUpgrades(template: {
    namespace: string;
    name: string;
  }): Promise<TemplateUpgradeList> {
    return this.api.listTemplateUpgrades({ path: template });
  }

  startTemplateUpgrades(
    template: { namespace: string; name: string },
    request: TemplateUpgradeRequest,
  ): Promise<TemplateUpgradeList> {
    return this.api.startTemplateUpgrades({ path: template, body: request });
  }

  startTemplateUpgradeRun(
    template: { namespace: string; name: string },
    request: UpgradeRunRequest,
  ): Promise<UpgradeRun> {
    return this.api.startTemplateUpgradeRun({ path: template, body: request });
  }

  getUpgradeRun(
    id: string,
    page: { cursor?: string; limit?: number } = {},
  ): Promise<UpgradeRunPage> {
    return this.api.getUpgradeRun({ path: { id }, query: page });
  }

  listExceptions(
    query: {
      entityRef?: string;
      state?: ExceptionState[];
      cursor?: string;
      limit?: number;
    } = {},
  ): Promise<ExceptionPage> {
    return this.api.listExceptions({ query });
  }

  requestException(request: ExceptionRequest): Promise<PostureException> {
    return this.api.requestException({ body: request });
  }

  decideException(
    id: string,
    action: 'approve' | 'reject' | 'revoke',
    comment?: string,
  ): Promise<PostureException> {
    const request = { path: { id }, body: comment ? { comment } : {} };
    if (action === 'approve') return this.api.approveException(request);
    if (action === 'reject') return this.api.rejectException(request);
    return this.api.revokeException(request);
  }

  getVex(entityRef: string): Promise<Record<string, unknown>> {
    return this.api.getVex({ path: entityPathParams(entityRef) });
  }

  queryAudit(
    query: {
      entityRef?: string;
      type?: string;
      actor?: string;
      since?: string;
      cursor?: string;
      limit?: number;
    } = {},
  ): Promise<AuditPage> {
    return this.api.queryAudit({ query });
  }
}

/** The `{kind}/{namespace}/{name}` path parameters of an entity ref (kind defaults to component). */
function entityPathParams(entityRef: string | CompoundEntityRef): {
  kind: string;
  namespace: string;
  name: string;
} {
  const ref =
    typeof entityRef === 'string'
      ? parseEntityRef(entityRef, { defaultKind: 'component' })
      : entityRef;
  return {
    kind: ref.kind.toLocaleLowerCase('en-US'),
    namespace: ref.namespace,
    name: ref.name,
  };
}
