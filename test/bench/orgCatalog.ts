import { Knex } from 'knex';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/**
 * An organisation for the scorecard benchmark: one root group, departments, teams, domains,
 * systems and components. Component names are the corpus' (`corpus-00000`, ...), so the rows
 * `loadCorpus` writes belong to the catalog's components.
 */
export interface OrgShape {
  components: number;
  /** Teams own the systems and, through them, the components (about 100 components per team). */
  teams: number;
  /** Departments are the teams' parents and the root group's children (about 10 teams each). */
  departments: number;
  systems: number;
  domains: number;
}

/** The root group of the organisation (type organization). */
export const ROOT_GROUP = 'group:default/bench-org';

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const departmentName = (i: number) => `bench-department-${pad(i, 2)}`;
const teamName = (i: number) => `bench-team-${pad(i, 3)}`;
const systemName = (i: number) => `bench-system-${pad(i, 4)}`;
const domainName = (i: number) => `bench-domain-${pad(i, 2)}`;

/** The corpus' component name of index `i` (as `corpus.ts` names its refs). */
export const componentName = (i: number) => `corpus-${pad(i, 5)}`;

/** 10,000 components: 10 departments, 100 teams, 200 systems, 10 domains (scaled for other sizes). */
export function orgShape(components: number): OrgShape {
  const teams = Math.max(1, Math.round(components / 100));
  const departments = Math.max(1, Math.round(teams / 10));
  const systems = Math.max(1, Math.round(components / 50));
  const domains = Math.max(1, Math.round(systems / 20));
  return { components, teams, departments, systems, domains };
}

/** Which team owns system `s` and which domain it is part of. */
function systemOf(shape: OrgShape, s: number) {
  return { team: s % shape.teams, domain: s % shape.domains };
}

/**
 * Writes the organisation as one catalog file (the way `catalogFile.ts` writes its components) to a
 * temp dir and returns its path and directory (for cleanup).
 */
export async function writeOrgCatalogFile(
  shape: OrgShape,
): Promise<{ file: string; directory: string }> {
  const directory = await mkdtemp(join(tmpdir(), 'golden-path-bench-org-'));
  const group = (
    name: string,
    type: string,
    parent: string | undefined,
    children: string[],
  ) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name },
    spec: { type, ...(parent ? { parent } : {}), children },
  });
  const teamsOf = (d: number) =>
    Array.from({ length: shape.teams }, (_, t) => t).filter(
      t => t % shape.departments === d,
    );
  const docs: object[] = [
    group(
      ROOT_GROUP.split('/')[1],
      'organization',
      undefined,
      Array.from({ length: shape.departments }, (_, d) => departmentName(d)),
    ),
  ];
  for (let d = 0; d < shape.departments; d++) {
    docs.push(
      group(
        departmentName(d),
        'department',
        ROOT_GROUP.split('/')[1],
        teamsOf(d).map(teamName),
      ),
    );
  }
  for (let t = 0; t < shape.teams; t++) {
    docs.push(
      group(teamName(t), 'team', departmentName(t % shape.departments), []),
    );
  }
  for (let d = 0; d < shape.domains; d++) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: { name: domainName(d) },
      spec: { owner: `group:${departmentName(d % shape.departments)}` },
    });
  }
  for (let s = 0; s < shape.systems; s++) {
    const { team, domain } = systemOf(shape, s);
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: systemName(s) },
      spec: {
        owner: `group:${teamName(team)}`,
        domain: domainName(domain),
      },
    });
  }
  for (let i = 0; i < shape.components; i++) {
    const s = i % shape.systems;
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: componentName(i),
        description: 'A component of the scorecard benchmark organisation',
        annotations: { 'golden-path.dev/security-tier': String(1 + (i % 3)) },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: `group:${teamName(systemOf(shape, s).team)}`,
        system: systemName(s),
      },
    });
  }
  const file = join(directory, 'catalog-info.yaml');
  await writeFile(file, docs.map(d => stringify(d)).join('---\n'));
  return { file, directory };
}

/** The days of the scorecards' trend window (14 days up to today), oldest first. */
function trendDays(days: number): string[] {
  const now = Date.now();
  return Array.from({ length: days }, (_, i) =>
    new Date(now - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

/**
 * Gives every corpus component (rows `loadCorpus` wrote: score, grade, last scan, no posture) the
 * posture JSON a real ingest stored for `templateRef`, its catalog facts (owner, system, domain,
 * tier, as the plugin caches them), and a daily snapshot for each of the last `days` days, all by
 * a few `UPDATE` and `INSERT ... SELECT` statements. Returns the snapshot rows written.
 */
export async function completeCorpusPostures(
  db: Knex,
  shape: OrgShape,
  templateRef: string,
  days: number,
): Promise<number> {
  const template = await db('posture_components')
    .where({ entity_ref: templateRef })
    .first('posture');
  if (!template?.posture) {
    throw new Error(`${templateRef} has no stored posture after its ingest`);
  }
  const corpus = 'component:default/corpus-%';
  await db('posture_components')
    .where('entity_ref', 'like', corpus)
    .whereNot('entity_ref', templateRef)
    .update({ posture: template.posture });
  // the plugin's cached catalog facts, as an ingest would have stored them
  for (let s = 0; s < shape.systems; s++) {
    const { team, domain } = systemOf(shape, s);
    const refs: string[] = [];
    for (let i = s; i < shape.components; i += shape.systems) {
      refs.push(`component:default/${componentName(i)}`);
    }
    for (let i = 0; i < refs.length; i += 400) {
      await db('posture_components')
        .whereIn('entity_ref', refs.slice(i, i + 400))
        .update({
          owner_ref: `group:default/${teamName(team)}`,
          system_ref: `system:default/${systemName(s)}`,
          domain_ref: `domain:default/${domainName(domain)}`,
        });
    }
  }
  let written = 0;
  const openCounts = JSON.stringify({
    critical: 1,
    high: 2,
    medium: 3,
    low: 3,
    info: 1,
  });
  for (const [i, day] of trendDays(days).entries()) {
    await db('posture_snapshots')
      .where({ day })
      .where('entity_ref', 'like', corpus)
      .delete();
    await db.raw(
      `insert into posture_snapshots (entity_ref, day, score, grade, open_counts, overdue)
       select entity_ref, ?, score - ?, grade, ?, 0 from posture_components
       where entity_ref like ? and score is not null`,
      [day, (days - 1 - i) % 5, openCounts, corpus],
    );
    const [{ n }] = await db('posture_snapshots')
      .where({ day })
      .where('entity_ref', 'like', corpus)
      .count({ n: '*' });
    written += Number(n);
  }
  if (db.client.config.client === 'pg') {
    await db.raw('analyze posture_components, posture_snapshots');
  }
  return written;
}
