import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { SecurityPostureApiClient } from '../schema/client.generated';
import {
  FindingDetail,
  FindingPage,
  FindingsQuery,
  History,
  IngestResult,
  Enrollment,
  Posture,
  ScorecardGroupBy,
  ScorecardList,
  UploadReportOptions,
} from './types';

/**
 * The security-posture API, as the frontend, the CLI and other plugins call it.
 *
 * @public
 */
export interface SecurityPostureApi {
  getPosture(entityRef: string): Promise<Posture>;
  listFindings(entityRef: string, query?: FindingsQuery): Promise<FindingPage>;
  getFinding(entityRef: string, findingId: string): Promise<FindingDetail>;
  getScorecards(groupBy: ScorecardGroupBy): Promise<ScorecardList>;
  getHistory(entityRef: string, days?: number): Promise<History>;
  uploadReport(
    body: string | Uint8Array,
    options: UploadReportOptions,
  ): Promise<IngestResult>;
  enrollComponent(enrollment: Enrollment): Promise<Posture>;
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

  getScorecards(groupBy: ScorecardGroupBy): Promise<ScorecardList> {
    return this.api.getScorecards({ query: { groupBy } });
  }

  getHistory(entityRef: string, days?: number): Promise<History> {
    return this.api.getHistory({ query: { entityRef, days } });
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
