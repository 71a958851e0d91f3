import { NotFoundError } from '@backstage/errors';
import {
  Finding,
  FindingDetail,
  FindingPage,
  FindingsQuery,
} from '@golden-path/plugin-security-posture-common';
import { PostureConfig } from '../config';
import { PostureStore } from '../database/PostureStore';
import { AcceptedRisks } from '../posture/AcceptedRisks';
import { withPriority } from '../priority/rank';

/**
 * A component's findings as served: pages (filters, search, sort, cursor) and one finding with
 * its history, each with its priority label and the exception that accepts it, if any.
 *
 * @internal
 */
export class FindingsService {
  constructor(
    private readonly options: {
      store: PostureStore;
      config: PostureConfig;
      /** 404 unless the plugin or the catalog knows the entity. */
      requireKnown: (rawRef: string) => Promise<string>;
      accepted?: AcceptedRisks;
      now?: () => Date;
    },
  ) {}

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  async listFindings(
    rawRef: string,
    query: FindingsQuery,
  ): Promise<FindingPage> {
    const entityRef = await this.options.requireKnown(rawRef);
    const page = await this.options.store.listFindings(
      entityRef,
      this.options.config.defaultBranch,
      query,
      this.now(),
    );
    return {
      ...page,
      items: await this.withAccepted(entityRef, page.items.map(withPriority)),
    };
  }

  async getFinding(rawRef: string, id: string): Promise<FindingDetail> {
    const entityRef = await this.options.requireKnown(rawRef);
    const finding = await this.options.store.getFinding(
      entityRef,
      id,
      this.now(),
    );
    if (!finding) {
      throw new NotFoundError(`No finding ${id} on ${entityRef}`);
    }
    const [marked] = await this.withAccepted(entityRef, [
      withPriority(finding),
    ]);
    return marked;
  }

  /** Marks the findings an approved, unexpired exception covers (`accepted`). */
  private async withAccepted<T extends Finding>(
    entityRef: string,
    findings: T[],
  ): Promise<T[]> {
    const accepted = await this.options.accepted?.acceptedFor(
      entityRef,
      findings,
      this.now(),
    );
    return findings.map(f =>
      accepted?.has(f.id) ? { ...f, accepted: accepted.get(f.id) } : f,
    );
  }
}
