/**
 * Our side: the components' postures stored through the plugin's own store
 * (DatabasePostureStore, its migrations), the ten checks as a posture policy file loaded by
 * PosturePolicies (the backend's loader), and evaluation the way the backend evaluates a posture:
 * the stored row, served by servePosture, evaluated by PosturePolicies.evaluate.
 */
import { DEFAULT_POSTURE_CONFIG } from '@golden-path/plugin-security-posture-backend/src/config';
import { DatabasePostureStore } from '@golden-path/plugin-security-posture-backend/src/database/DatabasePostureStore';
import { ComponentRow } from '@golden-path/plugin-security-posture-backend/src/database/PostureStore';
import { PosturePolicies } from '@golden-path/plugin-security-posture-backend/src/posture/PosturePolicies';
import { servePosture } from '@golden-path/plugin-security-posture-backend/src/posture/servePosture';
import { Knex } from 'knex';
import { DatabaseTarget } from '../databases';
import { BenchCheck } from './checks';
import { ComponentFactSet, storedPosture, TEMPLATE_REF } from './facts';
import { benchLogger, pluginDatabase } from './services';

/** Pass (true) or fail of every check, by entity ref. */
export type EntityResults = Map<string, Map<string, boolean>>;

export class OurSide {
  private constructor(
    private readonly store: DatabasePostureStore,
    private readonly client: Knex,
    private readonly policies: PosturePolicies,
    private readonly checkIds: string[],
    private readonly now: string,
  ) {}

  /** Stores every component's posture (one transaction) and loads the policy directory. */
  static async create(options: {
    target: DatabaseTarget;
    facts: ComponentFactSet[];
    checks: BenchCheck[];
    policyDirectory: string;
    now: string;
  }): Promise<{ side: OurSide; loadMs: number }> {
    const database = pluginDatabase(
      options.target,
      'security-posture',
      benchLogger('security-posture'),
    );
    const store = await DatabasePostureStore.create({ database });
    const client = await database.getClient();
    const policies = await PosturePolicies.load({
      builtin: false,
      directories: [options.policyDirectory],
    });
    const start = Date.now();
    await store.transaction(async tx => {
      for (const c of options.facts) {
        await store.upsertComponent(
          tx,
          {
            entityRef: c.entityRef,
            tier: c.tier,
            lifecycle: 'production',
            ownerRef: 'group:default/bench-owners',
            systemRef: null,
            domainRef: null,
          },
          options.now,
          { templateRef: TEMPLATE_REF, templateVersion: c.template.version },
        );
        await store.savePosture(tx, c.entityRef, {
          score: null,
          grade: null,
          stored: storedPosture(c, options.now),
          lastScanAt: c.lastScanAt,
          topFindings: [],
        });
      }
    });
    const loadMs = Date.now() - start;
    return {
      side: new OurSide(
        store,
        client,
        policies,
        options.checks.map(c => c.id),
        options.now,
      ),
      loadMs,
    };
  }

  private evaluate(row: ComponentRow): Map<string, boolean> {
    const posture = servePosture(row.entityRef, row, DEFAULT_POSTURE_CONFIG);
    const failed = new Set(
      this.policies.evaluate(posture, this.now).violations.map(v => v.rule),
    );
    return new Map(this.checkIds.map(id => [id, !failed.has(id)]));
  }

  /** Every component: one read of every stored posture, then the policies over each. */
  async evaluateAll(): Promise<EntityResults> {
    const results: EntityResults = new Map();
    for (const row of await this.store.listComponents()) {
      if (row.posture) results.set(row.entityRef, this.evaluate(row));
    }
    return results;
  }

  /** The read alone of {@link OurSide.evaluateAll} (for the breakdown). */
  async readAll(): Promise<number> {
    return (await this.store.listComponents()).length;
  }

  /** The read alone of {@link OurSide.evaluateOne} (for the breakdown). */
  async readOne(entityRef: string): Promise<boolean> {
    return Boolean(await this.store.getComponent(entityRef));
  }

  /** One component: its stored posture (primary-key read), then the policies over it. */
  async evaluateOne(entityRef: string): Promise<Map<string, boolean>> {
    const row = await this.store.getComponent(entityRef);
    if (!row?.posture) throw new Error(`no stored posture for ${entityRef}`);
    return this.evaluate(row);
  }

  async close(): Promise<void> {
    await this.client.destroy();
  }
}
