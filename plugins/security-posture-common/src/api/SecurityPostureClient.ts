import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
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
 * Typed HTTP client of the security-posture API (types generated from its OpenAPI spec).
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

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: globalThis.fetch };
  }

  getPosture(entityRef: string): Promise<Posture> {
    return this.request(`${entityPath(entityRef)}/posture`);
  }

  listFindings(
    entityRef: string,
    query: FindingsQuery = {},
  ): Promise<FindingPage> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (Array.isArray(value)) {
        value.forEach(v => params.append(key, String(v)));
      } else if (value !== undefined && value !== '') {
        params.set(key, String(value));
      }
    }
    const search = params.toString();
    return this.request(
      `${entityPath(entityRef)}/findings${search ? `?${search}` : ''}`,
    );
  }

  getFinding(entityRef: string, findingId: string): Promise<FindingDetail> {
    return this.request(
      `${entityPath(entityRef)}/findings/${encodeURIComponent(findingId)}`,
    );
  }

  getScorecards(groupBy: ScorecardGroupBy): Promise<ScorecardList> {
    return this.request(
      `/v1/scorecards?groupBy=${encodeURIComponent(groupBy)}`,
    );
  }

  getHistory(entityRef: string, days?: number): Promise<History> {
    const params = new URLSearchParams({ entityRef });
    if (days !== undefined) {
      params.set('days', String(days));
    }
    return this.request(`/v1/history?${params}`);
  }

  uploadReport(
    body: string | Uint8Array,
    options: UploadReportOptions,
  ): Promise<IngestResult> {
    const params = new URLSearchParams({ entityRef: options.entityRef });
    if (options.format) params.set('format', options.format);
    if (options.branch) params.set('branch', options.branch);
    if (options.commit) params.set('commit', options.commit);
    if (options.complete !== undefined) {
      params.set('complete', String(options.complete));
    }
    return this.request(`/v1/reports?${params}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
  }

  enrollComponent(enrollment: Enrollment): Promise<Posture> {
    return this.request('/v1/components', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(enrollment),
    });
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('security-posture');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function entityPath(entityRef: string | CompoundEntityRef): string {
  const ref =
    typeof entityRef === 'string'
      ? parseEntityRef(entityRef, { defaultKind: 'component' })
      : entityRef;
  return `/v1/entities/${encodeURIComponent(
    ref.kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.name)}`;
}
