import type { Knex } from 'knex';
import { chunks } from '../database/rows';
import { ID_BATCH } from '../database/tables';
import { AdvisoryStore } from '../advisories/AdvisoryStore';
import { Advisory } from '../advisories/osv';
import { parsePurl } from '../parsers/inventory';

/** An open finding the zero-day view counts (any tool, default branch). @internal */
export interface AffectedFindingRow {
  entityRef: string;
  tool: string;
  ruleId: string;
  aliases: string[];
  packagePurl: string | null;
  installedVersion: string | null;
  fixedVersion: string | null;
  kev: boolean;
  epss: number | null;
}

/** A LIKE pattern that matches `text` literally (`\` escapes `%`, `_` and itself). */
const literal = (text: string) => text.replace(/[\\%_]/g, c => `\\${c}`);

function toRow(r: Record<string, any>): AffectedFindingRow {
  let aliases: string[] = [];
  try {
    aliases = JSON.parse(r.aliases ?? '[]');
  } catch {
    // a row written before aliases were JSON: none
  }
  return {
    entityRef: r.entity_ref,
    tool: r.tool,
    ruleId: r.rule_id,
    aliases,
    packagePurl: r.package_purl ?? null,
    installedVersion: r.installed_version ?? null,
    fixedVersion: r.fixed_version ?? null,
    kev: Boolean(r.kev),
    epss: r.epss === null || r.epss === undefined ? null : Number(r.epss),
  };
}

const COLUMNS = [
  'entity_ref',
  'tool',
  'rule_id',
  'aliases',
  'package_purl',
  'installed_version',
  'fixed_version',
  'kev',
  'epss',
];

/**
 * The finding reads of the zero-day view: open findings of the default branch that name an
 * advisory (rule id or alias), or that are on a package in given components.
 *
 * @internal
 */
export class AffectedStore {
  constructor(
    private readonly db: Knex,
    private readonly advisories: AdvisoryStore,
  ) {}

  /** The stored advisories (not withdrawn) an id names: its own record and those aliasing it. */
  async advisoriesFor(id: string): Promise<Advisory[]> {
    return this.advisories.byIds(this.db, await this.advisoryIdsFor(id));
  }

  /** How many advisories are stored. */
  async advisoryCount(): Promise<number> {
    return (await this.advisories.stamp())?.advisoryCount ?? 0;
  }

  /**
   * The ids of the stored advisories (not withdrawn) an id names: the advisory of that id, and
   * those that list it as an alias (a CVE is often aliased by a GHSA and an ecosystem's record).
   */
  async advisoryIdsFor(id: string): Promise<string[]> {
    const rows = await this.db('posture_advisories')
      .whereNull('withdrawn')
      .where(q =>
        q
          .where('id', id)
          .orWhereRaw(`aliases like ? escape '\\'`, [
            `%${literal(JSON.stringify(id))}%`,
          ]),
      )
      .orderBy('id')
      .limit(50)
      .select('id');
    return rows.map(r => r.id);
  }

  /** Open findings whose rule id is one of `ids` or whose aliases hold one of them. */
  async openFindingsOf(
    ids: string[],
    branch: string,
  ): Promise<AffectedFindingRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.db('posture_findings')
      .where({ status: 'open', branch })
      .where(q => {
        q.whereIn('rule_id', ids);
        for (const id of ids) {
          // aliases are a JSON array of strings: the id with its quotes
          q.orWhereRaw(`aliases like ? escape '\\'`, [
            `%${literal(JSON.stringify(id))}%`,
          ]);
        }
      })
      .select(COLUMNS);
    return rows.map(toRow);
  }

  /**
   * Open findings of some components on a package: their purl names the package (any namespace
   * when `namespace` is undefined). The database narrows by the purl's type and name; the purl is
   * then parsed and compared exactly.
   */
  async openFindingsOnPackage(
    entityRefs: string[],
    pkg: { type: string; namespace?: string; name: string },
    branch: string,
  ): Promise<AffectedFindingRow[]> {
    const out: AffectedFindingRow[] = [];
    for (const batch of chunks(entityRefs, ID_BATCH)) {
      const rows = await this.db('posture_findings')
        .where({ status: 'open', branch })
        .whereIn('entity_ref', batch)
        .whereRaw(`package_purl like ? escape '\\'`, [
          `${literal(`pkg:${pkg.type}/`)}%`,
        ])
        .whereRaw(`package_purl like ? escape '\\'`, [
          `%${literal(encodeURIComponent(pkg.name))}%`,
        ])
        .select(COLUMNS);
      for (const row of rows) {
        const parts = parsePurl(row.package_purl);
        if (
          parts &&
          parts.type === pkg.type &&
          parts.name === pkg.name &&
          (pkg.namespace === undefined || parts.namespace === pkg.namespace)
        ) {
          out.push(toRow(row));
        }
      }
    }
    return out;
  }
}
