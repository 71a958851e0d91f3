import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';

/**
 * The fleet's dependency inventories for the inventory benchmark (issue #16): `packages` rows in
 * `posture_inventory` for each corpus component (`corpus-00000`, ...; `loadCorpus` wrote their
 * component rows), loaded straight into the table by `INSERT ... SELECT` from two small helper
 * tables (the fleet's component numbers and the package slots), not through ingest.
 *
 * Every component has exactly `packages` packages, one per slot:
 * - slots 0-99 are "head" packages (lodash, express, @babel/core, log4j-core, ...): a slot holds
 *   its head package in `pct`% of the fleet (chosen by the component's number), at one of its
 *   `versions` versions (4.17.0 to 4.17.21 for lodash), else one of 40 alternatives (`alt-<slot>-<k>`);
 * - the other slots are the long tail: slot s picks one of its own `k` packages (`lib-<n>`), with
 *   k growing from 10 to about 2,000 over the slots, so a tail package is in from about 1,000
 *   components down to about 5 of 10,000.
 */

/** A head package: the same purl type, namespace and name in many components. */
interface HeadPackage {
  type: string;
  namespace: string;
  name: string;
  /** Version `${prefix}${i}${suffix}` for i in 0..versions-1. */
  prefix: string;
  suffix: string;
  versions: number;
  /** Percentage of the fleet that has it. */
  pct: number;
  license: string;
}

/** The search target of the common package (20% of the fleet). */
export const COMMON_PACKAGE = { type: 'npm', name: 'express', pct: 20 };
/** The most common package (60% of the fleet, 22 versions). */
export const TOP_PACKAGE = { type: 'npm', name: 'lodash', pct: 60 };
/**
 * Advisory A's package: in 1% of the fleet, every version affected.
 * Advisory B's package: in 10% of the fleet, one version of ten affected (1% of the fleet).
 */
export const ADVISORY_A = {
  id: 'GHSA-bnch-aaaa-0001',
  alias: 'CVE-2099-0001',
  ecosystem: 'npm',
  osvName: 'left-pad',
  type: 'npm',
  namespace: '',
  name: 'left-pad',
  introduced: '0',
  fixed: '1.3.1',
};
export const ADVISORY_B = {
  id: 'GHSA-bnch-bbbb-0002',
  alias: 'CVE-2099-0002',
  ecosystem: 'Maven',
  osvName: 'org.apache.logging.log4j:log4j-core',
  type: 'maven',
  namespace: 'org.apache.logging.log4j',
  name: 'log4j-core',
  introduced: '2.0.0',
  fixed: '2.1.0',
};

const NAMED: HeadPackage[] = [
  {
    type: 'npm',
    namespace: '',
    name: TOP_PACKAGE.name,
    prefix: '4.17.',
    suffix: '',
    versions: 22,
    pct: TOP_PACKAGE.pct,
    license: 'MIT',
  },
  {
    type: 'npm',
    namespace: '',
    name: COMMON_PACKAGE.name,
    prefix: '4.',
    suffix: '.0',
    versions: 20,
    pct: COMMON_PACKAGE.pct,
    license: 'MIT',
  },
  {
    type: 'maven',
    namespace: ADVISORY_B.namespace,
    name: ADVISORY_B.name,
    prefix: '2.',
    suffix: '.0',
    versions: 10,
    pct: 10,
    license: 'Apache-2.0',
  },
  {
    type: 'npm',
    namespace: '',
    name: ADVISORY_A.name,
    prefix: '1.3.',
    suffix: '',
    versions: 1,
    pct: 1,
    license: 'WTFPL',
  },
  {
    type: 'npm',
    namespace: '@babel',
    name: 'core',
    prefix: '7.',
    suffix: '.0',
    versions: 24,
    pct: 50,
    license: 'MIT',
  },
  {
    type: 'npm',
    namespace: '@types',
    name: 'node',
    prefix: '20.',
    suffix: '.1',
    versions: 30,
    pct: 70,
    license: 'MIT',
  },
  {
    type: 'npm',
    namespace: '',
    name: 'react',
    prefix: '18.',
    suffix: '.0',
    versions: 3,
    pct: 45,
    license: 'MIT',
  },
  {
    type: 'pypi',
    namespace: '',
    name: 'requests',
    prefix: '2.',
    suffix: '.0',
    versions: 32,
    pct: 15,
    license: 'Apache-2.0',
  },
  {
    type: 'golang',
    namespace: 'golang.org/x',
    name: 'net',
    prefix: 'v0.',
    suffix: '.0',
    versions: 30,
    pct: 12,
    license: 'BSD-3-Clause',
  },
];

const LICENSES = ['MIT', 'Apache-2.0', 'ISC', 'BSD-3-Clause', 'GPL-3.0-only'];
/** How many of the first slots are head packages: 100 of 500 (a fifth, at least the named ones). */
const headSlots = (packages: number) =>
  Math.min(100, Math.max(NAMED.length, Math.floor(packages / 5)));

/** One slot's row in the helper table. */
interface SlotRow {
  s: number;
  head: number;
  pct: number;
  pkg_type: string;
  pkg_namespace: string;
  /** The namespace as a purl writes it (`%40babel`, `golang.org/x`). */
  ns_purl: string;
  pkg_name: string;
  vprefix: string;
  vsuffix: string;
  nv: number;
  k: number;
  off: number;
  licenses: string;
}

function slotRows(packages: number): SlotRow[] {
  const rows: SlotRow[] = [];
  let off = 0;
  const head = headSlots(packages);
  for (let s = 0; s < packages; s++) {
    const license = JSON.stringify([LICENSES[s % LICENSES.length]]);
    if (s < head) {
      const named = NAMED[s];
      const head: HeadPackage = named ?? {
        type: 'npm',
        namespace: '',
        name: `common-${s}`,
        prefix: '1.',
        suffix: '.0',
        versions: 1 + (s % 12),
        pct: Math.max(5, 95 - s),
        license: LICENSES[s % LICENSES.length],
      };
      rows.push({
        s,
        head: 1,
        pct: head.pct,
        pkg_type: head.type,
        pkg_namespace: head.namespace,
        ns_purl: head.namespace
          .split('/')
          .map(p => encodeURIComponent(p))
          .join('/'),
        pkg_name: head.name,
        vprefix: head.prefix,
        vsuffix: head.suffix,
        nv: head.versions,
        k: 1,
        off: 0,
        licenses: JSON.stringify([head.license]),
      });
    } else {
      const k = 10 + 5 * (s - head);
      rows.push({
        s,
        head: 0,
        pct: 0,
        pkg_type: 'npm',
        pkg_namespace: '',
        ns_purl: '',
        pkg_name: '',
        vprefix: '',
        vsuffix: '',
        nv: 1,
        k,
        off,
        licenses: license,
      });
      off += k;
    }
  }
  return rows;
}

const BATCH = 400;
const COMPONENTS_PER_STATEMENT = 200;

/** Corpus refs sort in creation order: `component:default/corpus-00000`, ... */
const fleetRef = (n: number) =>
  `component:default/corpus-${String(n).padStart(5, '0')}`;

/** The tool the fleet's inventories were listed by (an SBOM tool). */
const FLEET_TOOL = 'syft';

/**
 * The statement that copies the slots to components `[from, to)`: which package a slot holds
 * (head, alternative or tail) is decided first, then its name and version, then its purl.
 */
const COPY_SQL = `
insert into posture_inventory (id, entity_ref, branch, tool, purl, pkg_type, pkg_namespace,
  pkg_name, version, licenses, scope, direct, path, scan_id, first_seen_at, updated_at)
select y.id, y.entity_ref, 'main', '${FLEET_TOOL}',
  'pkg:' || y.pkg_type || '/' ||
    (case when y.ns_purl = '' then '' else y.ns_purl || '/' end) ||
    y.pkg_name || '@' || y.version,
  y.pkg_type, y.pkg_namespace, y.pkg_name, y.version, y.licenses, 'required',
  y.direct, 'package-lock.json', y.scan_id, ?, ?
from (
  select z.id, z.entity_ref, z.scan_id, z.licenses,
    case when z.kind = 0 then z.pkg_type else 'npm' end as pkg_type,
    case when z.kind = 0 then z.pkg_namespace else '' end as pkg_namespace,
    case when z.kind = 0 then z.ns_purl else '' end as ns_purl,
    case
      when z.kind = 0 then z.pkg_name
      when z.kind = 1 then 'alt-' || z.s || '-' || (z.n % 40)
      else 'lib-' || (z.off + (z.n * 31 + z.s) % z.k)
    end as pkg_name,
    case
      when z.kind = 0 then z.vprefix || ((z.n / 100 + z.n * 3) % z.nv) || z.vsuffix
      when z.kind = 1 then '1.0.' || (z.n % 3)
      else '1.' || ((z.n / z.k) % 3) || '.0'
    end as version,
    case when z.s < 40 then true else false end as direct
  from (
    select 'bench-' || f.n || '-' || s.s as id, f.n, f.entity_ref, f.scan_id, s.s,
      s.pkg_type, s.pkg_namespace, s.ns_purl, s.pkg_name, s.vprefix, s.vsuffix, s.nv, s.k,
      s.off, s.licenses,
      case
        when s.head = 1 and (f.n * 19 + s.s * 29) % 100 < s.pct then 0
        when s.head = 1 then 1
        else 2
      end as kind
    from bench_fleet f cross join bench_slots s
    where f.n >= ? and f.n < ?
  ) z
) y`;

/** What was loaded and how long it took. */
interface FleetResult {
  rows: number;
  ms: number;
  method: string;
}

/**
 * Loads `components` x `packages` inventory rows (branch main, tool syft) for the corpus
 * components, then drops the helper tables (and ANALYZEs on PostgreSQL, as autovacuum would).
 */
export async function loadFleetInventory(
  db: Knex,
  shape: { components: number; packages: number },
  log: (line: string) => void,
): Promise<FleetResult> {
  const start = Date.now();
  const now = new Date().toISOString();
  await db.schema.dropTableIfExists('bench_fleet');
  await db.schema.dropTableIfExists('bench_slots');
  await db.schema.createTable('bench_fleet', t => {
    t.integer('n').primary();
    t.string('entity_ref', 255).notNullable();
    t.string('scan_id', 36).notNullable();
  });
  await db.schema.createTable('bench_slots', t => {
    t.integer('s').primary();
    t.integer('head').notNullable();
    t.integer('pct').notNullable();
    t.string('pkg_type', 63).notNullable();
    t.string('pkg_namespace', 255).notNullable();
    t.string('ns_purl', 255).notNullable();
    t.string('pkg_name', 255).notNullable();
    t.string('vprefix', 50).notNullable();
    t.string('vsuffix', 50).notNullable();
    t.integer('nv').notNullable();
    t.integer('k').notNullable();
    t.integer('off').notNullable();
    t.text('licenses').notNullable();
  });
  const fleet = Array.from({ length: shape.components }, (_, n) => ({
    n,
    entity_ref: fleetRef(n),
    scan_id: randomUUID(),
  }));
  for (let i = 0; i < fleet.length; i += BATCH) {
    await db('bench_fleet').insert(fleet.slice(i, i + BATCH));
  }
  const slots = slotRows(shape.packages);
  for (let i = 0; i < slots.length; i += 50) {
    await db('bench_slots').insert(slots.slice(i, i + 50));
  }
  for (let n = 0; n < shape.components; n += COMPONENTS_PER_STATEMENT) {
    await db.raw(COPY_SQL, [
      now,
      now,
      n,
      Math.min(shape.components, n + COMPONENTS_PER_STATEMENT),
    ]);
    if ((n / COMPONENTS_PER_STATEMENT) % 10 === 9) {
      log(
        `inventory: ${(
          (n + COMPONENTS_PER_STATEMENT) *
          shape.packages
        ).toLocaleString('en-US')} rows after ${(
          (Date.now() - start) /
          1000
        ).toFixed(0)} s`,
      );
    }
  }
  await db.schema.dropTable('bench_fleet');
  await db.schema.dropTable('bench_slots');
  const pg = db.client.config.client === 'pg';
  if (pg) {
    await db.raw('analyze posture_inventory, posture_components');
  }
  const [{ n: rows }] = await db('posture_inventory').count({ n: '*' });
  const expected = shape.components * shape.packages;
  if (Number(rows) !== expected) {
    throw new Error(`inventory has ${rows} rows, expected ${expected}`);
  }
  return {
    rows: Number(rows),
    ms: Date.now() - start,
    method:
      `${expected.toLocaleString('en-US')} posture_inventory rows (${
        shape.packages
      } per component, branch main, tool ${FLEET_TOOL}) by INSERT ... SELECT from a slot table ` +
      `(${COMPONENTS_PER_STATEMENT} components/stmt): ${headSlots(
        shape.packages,
      )} head slots (lodash in 60% of the fleet in 22 versions, @types/node 70%, @babel/core 50%, ` +
      `express 20%, log4j-core 10%, left-pad 1%, the others in 5-95%), the rest a long tail of ` +
      `lib-<n> packages each in about 1,000 down to 5 components of 10,000` +
      (pg ? '; then ANALYZE' : ''),
  };
}

/** A rare package of the fleet (a long-tail one): its name and how many components have it. */
export async function rarePackage(
  db: Knex,
  packages: number,
): Promise<{ name: string; components: number }> {
  const slots = slotRows(packages);
  const last = slots[slots.length - 1];
  // component 0's package of the last (widest) tail slot
  const name =
    last.head === 1
      ? last.pkg_name
      : `lib-${last.off + ((0 * 31 + last.s) % last.k)}`;
  return { name, components: await componentsWith(db, 'npm', name) };
}

/** How many components' main-branch inventories name the package (any namespace). */
export async function componentsWith(
  db: Knex,
  type: string,
  name: string,
  version?: string,
): Promise<number> {
  const q = db('posture_inventory').where({
    pkg_type: type,
    pkg_name: name,
    branch: 'main',
  });
  if (version !== undefined) q.where({ version });
  const [{ n }] = await q.countDistinct({ n: 'entity_ref' });
  return Number(n);
}

/** An OSV record of the benchmark's advisories. */
function osvRecord(
  a: {
    id: string;
    alias: string;
    ecosystem: string;
    osvName: string;
    introduced: string;
    fixed: string;
  },
  modified: string,
  critical: boolean,
) {
  return {
    schema_version: '1.6.0',
    id: a.id,
    modified,
    published: modified,
    aliases: [a.alias],
    summary: `Benchmark advisory ${a.id} in ${a.osvName}`,
    details: 'An advisory written by the inventory benchmark.',
    severity: [
      {
        type: 'CVSS_V3',
        score: critical
          ? 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'
          : 'CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:N/A:N',
      },
    ],
    affected: [
      {
        package: { ecosystem: a.ecosystem, name: a.osvName },
        ranges: [
          {
            type: 'ECOSYSTEM',
            events: [{ introduced: a.introduced }, { fixed: a.fixed }],
          },
        ],
      },
    ],
    references: [
      { type: 'ADVISORY', url: `https://example.com/advisories/${a.id}` },
    ],
    database_specific: { cwe_ids: ['CWE-502'], severity: 'HIGH' },
  };
}

/**
 * The background of the export: `count` advisories of npm packages no component has (the export
 * a refresh reads again each time, most of it unchanged).
 */
export function backgroundAdvisories(count: number): unknown[] {
  return Array.from({ length: count }, (_, i) =>
    osvRecord(
      {
        id: `GHSA-bnch-back-${String(i).padStart(4, '0')}`,
        alias: `CVE-2098-${String(10000 + i)}`,
        ecosystem: 'npm',
        osvName: `absent-package-${i}`,
        introduced: '0',
        fixed: `${1 + (i % 5)}.0.0`,
      },
      '2026-01-01T00:00:00Z',
      i % 7 === 0,
    ),
  );
}

/** The OSV records of advisories A and B. */
export function advisoryRecords(which: 'A' | 'B'): unknown {
  return osvRecord(
    which === 'A' ? ADVISORY_A : ADVISORY_B,
    '2026-12-01T00:00:00Z',
    true,
  );
}

/** The head packages an SBOM lists first: every head slot's package (its purl parts, a version). */
export function sbomHeadPackages(): {
  type: string;
  namespace: string;
  name: string;
  version: string;
  license: string;
}[] {
  return slotRows(500)
    .filter(s => s.head === 1)
    .map(s => ({
      type: s.pkg_type,
      namespace: s.pkg_namespace,
      name: s.pkg_name,
      version: `${s.vprefix}${s.nv - 1}${s.vsuffix}`,
      license: JSON.parse(s.licenses)[0],
    }));
}
