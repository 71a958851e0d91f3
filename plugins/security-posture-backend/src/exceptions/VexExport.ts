import { ExceptionStore } from './ExceptionStore';
import { buildVex } from './vex';

/**
 * A component's CycloneDX 1.6 VEX document: its live (approved, unexpired) and pending exceptions
 * with the findings each covers on the branch the posture counts.
 *
 * @internal
 */
export class VexExport {
  constructor(
    private readonly options: {
      store: ExceptionStore;
      /** The branch whose findings the posture counts. */
      branch: string;
      now?: () => Date;
    },
  ) {}

  /** The serialized document of a (known, readable) component. */
  async document(entityRef: string): Promise<string> {
    const { store, branch } = this.options;
    const now = this.options.now?.() ?? new Date();
    const decided = [
      ...(await store.live(entityRef, now.toISOString())),
      ...(await store.inStates(entityRef, ['pending'])),
    ];
    const decisions = [];
    for (const exception of decided) {
      decisions.push({
        exception,
        findings: await store.coveredFindings(exception, branch),
      });
    }
    return buildVex({ entityRef, decisions, now });
  }
}
