import { FileChange, UpgradeResult } from '@golden-path/template-upgrade';
import { Knex } from 'knex';
import { lowerRef } from '../lib/refs';

const TABLE = 'posture_template_upgrades';

/** The latest upgrade of a component to a template version, as the API serves it. @internal */
export type UpgradeRecord = {
  entityRef: string;
  templateRef: string;
  fromVersion: string;
  toVersion: string;
  state: UpgradeResult['state'] | 'failed';
  branch: string | null;
  commit: string | null;
  changeUrl: string | null;
  conflicts: number;
  changes: FileChange[];
  description: string;
  error: string | null;
  requestedBy: string;
  updatedAt: string;
};

/** A row of posture_template_upgrades. @internal */
export type UpgradeRow = {
  entity_ref: string;
  template_ref: string;
  from_version: string;
  to_version: string;
  state: string;
  branch: string | null;
  commit: string | null;
  change_url: string | null;
  conflicts: number;
  changes: string;
  description: string;
  error: string | null;
  requested_by: string;
  updated_at: string | Date;
};

/** A row as the API serves it. @internal */
export function toRecord(row: UpgradeRow): UpgradeRecord {
  return {
    entityRef: row.entity_ref,
    templateRef: row.template_ref,
    fromVersion: row.from_version,
    toVersion: row.to_version,
    state: row.state as UpgradeRecord['state'],
    branch: row.branch,
    commit: row.commit,
    changeUrl: row.change_url,
    conflicts: Number(row.conflicts),
    changes: JSON.parse(row.changes),
    description: row.description,
    error: row.error,
    requestedBy: row.requested_by,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/**
 * The latest upgrade of each component to each template (table `posture_template_upgrades`).
 *
 * @internal
 */
export class UpgradeRecordStore {
  constructor(private readonly db: Knex) {}

  /** The latest upgrade of every component of a template. */
  async list(templateRef: string): Promise<UpgradeRecord[]> {
    const rows: UpgradeRow[] = await this.db(TABLE)
      .where({ template_ref: lowerRef(templateRef) })
      .orderBy('entity_ref');
    return rows.map(toRecord);
  }

  /** Stores a component's latest upgrade (replacing the one before). */
  async save(row: UpgradeRow): Promise<void> {
    await this.db(TABLE)
      .insert({ ...row, updated_at: new Date(row.updated_at) })
      .onConflict(['entity_ref', 'template_ref'])
      .merge();
  }
}
